"""Re-importing a changed file updates the matched project; the Excel extension round-trips ids."""

from datetime import date

import psycopg

from tests.imports.conftest import post_file
from tests.imports.files import C
from tests.imports.files import base_row
from tests.imports.files import excel
from webapp.imports.example import TemplateBook


def versions(owner_url: str, municipal_id: str) -> list[tuple]:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT v.name, v.phase, f.date FROM plan.project p "
            "JOIN plan.project_version v ON v.project_id = p.id AND v.superseded_at IS NULL "
            "JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id "
            "AND f.superseded_at IS NULL WHERE p.municipal_id = %s ORDER BY f.date",
            (municipal_id,),
        ).fetchall()


def test_changed_file_updates_the_project(signed_in, prefix, owner_url):
    client = signed_in("user_plus")
    first = {"1 Concept": date(2025, 1, 1), "3 Definitie": date(2026, 1, 1)}
    assert post_file(client, excel(prefix, first)).status_code == 200
    changed = {
        "Naam": "Nieuwe naam",
        "1 Concept": date(2025, 1, 1),
        "4 Ontwerp": date(2025, 6, 1),
        "Bouw": 12,
    }
    body = post_file(client, excel(prefix, changed)).get_json()
    assert body["counts"] == {"created": 0, "updated": 1, "unchanged": 0, "skipped": 0}, body
    assert body["result"][0]["houseblocks"][0]["action"] == "updated"
    assert versions(owner_url, f"{prefix}-1") == [
        ("Nieuwe naam", "concept", date(2025, 1, 1)),
        ("Nieuwe naam", "design", date(2025, 6, 1)),
        ("Nieuwe naam", "design", date(2026, 1, 1)),
    ]
    assert post_file(client, excel(prefix, changed)).get_json()["counts"]["unchanged"] == 1


def test_extension_columns_match_by_guid_and_keep_block_names(signed_in, prefix, owner_url):
    client = signed_in("user_plus")
    body = post_file(client, excel(prefix)).get_json()
    project_id = body["result"][0]["project_id"]
    book = TemplateBook()
    book.extension(["Project GUID", "Woningblok naam", "Plan soorten", "Gemeentecode"])
    book.add(
        {
            **base_row(prefix),
            "Identificatie nr": f"{prefix}-nieuw",
            "Project GUID": project_id,
            "Woningblok naam": "Blok Noord",
            "Plan soorten": "Verdichting; Herstructurering",
            "Gemeentecode": "GM0200",
            (C, "Koopwoning"): 10,
        }
    )
    body = post_file(client, book.bytes()).get_json()
    assert body["counts"] == {"created": 0, "updated": 1, "unchanged": 0, "skipped": 0}, body
    assert [b["name"] for b in body["result"][0]["houseblocks"]] == ["Blok Noord"]
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(
            "SELECT p.municipal_id, v.plan_types FROM plan.project p JOIN plan.project_version v "
            "ON v.project_id = p.id AND v.superseded_at IS NULL WHERE p.id = %s",
            (project_id,),
        ).fetchone()
    assert row == (f"{prefix}-nieuw", ["densification", "restructuring"])
