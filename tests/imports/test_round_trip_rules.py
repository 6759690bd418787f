"""Round-trip files: lenient breakdowns, skipped projects, nothing changes on re-import."""

from datetime import date

import psycopg
from psycopg.types.json import Jsonb

from tests.imports.conftest import account
from tests.imports.conftest import post_file
from tests.imports.files import C
from tests.imports.files import base_row
from tests.imports.files import excel
from webapp.imports.example import TemplateBook


def round_trip_file(row: dict, subs: dict | None = None, extension: list | None = None) -> bytes:
    """A file with the DIWI-uitbreiding section (what our exports write)."""
    book = TemplateBook()
    for (kind, header), names in (subs or {}).items():
        book.sub(kind, header, names)
    book.extension(extension or ["Gemeentecode"])
    book.add(row)
    return book.bytes()


BELOW = {
    (C, "Fysiek voorkomen", "Hoekwoning"): 3,
    (C, "Doelgroep categorie", "Jongeren"): 3,
    (C, "Geen toestemming eigenaar"): 3,
}
BELOW_SUBS = {(C, "Fysiek voorkomen"): ["Hoekwoning"], (C, "Doelgroep categorie"): ["Jongeren"]}


def test_round_trip_files_accept_breakdowns_below_the_amount(signed_in, prefix):
    client = signed_in("user_plus")
    row = {**base_row(prefix), "Gemeentecode": "GM0200", **BELOW}
    answer = post_file(client, round_trip_file(row, BELOW_SUBS), dry_run=True)
    assert answer.status_code == 200, answer.get_json()["errors"]
    plain = post_file(client, excel(prefix, BELOW, BELOW_SUBS), dry_run=True).get_json()
    assert {e["code"] for e in plain["errors"]} == {
        "houseblock_physical_appearance_total",
        "houseblock_target_group_total",
        "houseblock_ground_position_total",
    }
    above = {**row, (C, "Fysiek voorkomen", "Hoekwoning"): 11}
    refused = post_file(client, round_trip_file(above, BELOW_SUBS), dry_run=True).get_json()
    assert [e["code"] for e in refused["errors"]] == ["houseblock_physical_appearance_total"]


def project_name(owner_url: str, project_id: str) -> str:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT name FROM plan.project_version WHERE project_id = %s "
            "AND superseded_at IS NULL LIMIT 1",
            (project_id,),
        ).fetchone()[0]


def test_projects_the_importer_may_not_edit_are_skipped(signed_in, prefix, owner_url):
    """A user's export lists projects they may see but not edit: re-importing skips them."""
    client = signed_in("user_plus")
    owner = account("user_plus")["email"]  # only the user_plus' own group owns it
    created = post_file(client, excel(prefix, {"Eigenaar": owner})).get_json()
    project_id = created["result"][0]["project_id"]
    client = signed_in("user")
    row = {
        **base_row(prefix),
        "Project GUID": project_id,
        "Naam": "Door gebruiker gewijzigd",
        "Gemeente": "Arnhem",  # not the importer's municipality: not checked when skipped
        "Wijk": "Onbekende wijk",
    }
    data = round_trip_file(row, extension=["Project GUID"])
    for dry_run in (True, False):
        answer = post_file(client, data, dry_run=dry_run)
        body = answer.get_json()
        assert answer.status_code == 200, body["errors"]
        assert body["counts"] == {"created": 0, "updated": 0, "unchanged": 0, "skipped": 1}
        assert body["result"][0]["action"] == "skipped"
        assert body["result"][0]["reason"] == "niet bewerkbaar voor u"
    assert project_name(owner_url, project_id) == "Testproject import"
    html = post_file(client, data, path="/importeren").get_data(as_text=True)
    assert "overgeslagen" in html and "niet bewerkbaar voor u" in html


def test_a_foreign_guid_is_skipped_as_another_municipalitys(signed_in, prefix, owner_url):
    client = signed_in("user_plus")
    created = post_file(client, excel(prefix)).get_json()
    project_id = created["result"][0]["project_id"]
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO ref.municipality (code, name, province_code, region_code) VALUES "
            "('GM0202', 'Arnhem', 'PV25', 'WR_STEDENDRIEHOEK') ON CONFLICT DO NOTHING"
        )
        conn.execute(
            "UPDATE plan.project SET municipality_code = 'GM0202' WHERE id = %s", (project_id,)
        )
    row = {**base_row(prefix), "Project GUID": project_id, "Gemeente": "Arnhem"}
    body = post_file(client, round_trip_file(row, extension=["Project GUID"])).get_json()
    assert body["errors"] == []
    assert body["result"][0]["reason"] == "project van een andere gemeente"


def test_history_and_earlier_price_categories_reimport_unchanged(signed_in, prefix, owner_url):
    """Confidentiality changed in the past and a line on last year's "Sociale huur": an export
    re-imports unchanged (the file describes today's version; categories match by name)."""
    client = signed_in("user_plus")
    changes = {
        (C, "Huur woningcorporatie"): 10,
        (C, "Huurprijs woningcorporatie categorie", "Sociale huur"): 10,
    }
    subs = {(C, "Huurprijs woningcorporatie categorie"): ["Sociale huur"]}
    created = post_file(client, excel(prefix, changes, subs)).get_json()
    project_id = created["result"][0]["project_id"]
    with psycopg.connect(owner_url) as conn:
        old = (
            conn.execute(
                "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents, "
                "max_cents, valid_from, valid_to) VALUES ('GM0200', 'rent', 'Sociale huur', 0, "
                "85000, '2018-01-01', '2019-01-01') ON CONFLICT DO NOTHING RETURNING id"
            ).fetchone()
            or conn.execute(
                "SELECT id FROM plan.price_category WHERE name = 'Sociale huur' "
                "AND valid_from = '2018-01-01' AND municipality_code = 'GM0200'"
            ).fetchone()
        )
        block = conn.execute(
            "SELECT id FROM plan.houseblock WHERE project_id = %s", (project_id,)
        ).fetchone()[0]
        line = {"ownership_type": "social_rental", "amount": 10, "price_category_id": str(old[0])}
        conn.execute(
            "SELECT plan.update_houseblock(%s, %s, NULL, %s)",
            (block, Jsonb({"ownership_lines": [line]}), date.today()),
        )
        conn.execute(
            "SELECT plan.update_project(%s, %s, NULL, %s)",
            (project_id, Jsonb({"confidentiality_level": 3}), date(2025, 6, 1)),
        )
    for path, kind in (("/exporteren/diwi.xlsx", "excel"), ("/exporteren/diwi.geojson", "geojson")):
        exported = client.get(f"{path}?project={project_id}")
        assert exported.status_code == 200
        body = post_file(client, exported.data, kind, dry_run=True).get_json()
        assert body["errors"] == []
        assert body["counts"] == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0}
