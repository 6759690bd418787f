"""A filled-in DIWI template imports: projects, merged rows, plusvelden, prices, demolition."""

import psycopg

from tests.imports.conftest import post_file
from webapp.imports.example import example_book


def test_filled_excel_template_imports_every_field(signed_in, prefix, owner_url):
    client = signed_in("user_plus")
    response = post_file(client, example_book(prefix).bytes())
    body = response.get_json()
    assert response.status_code == 200, body["errors"]
    assert body["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 0}
    first = next(p for p in body["result"] if p["identification"] == f"{prefix}-001")
    assert [(b["name"], b["amount"]) for b in first["houseblocks"]] == [("Bouw", 30), ("Sloop", 4)]
    with psycopg.connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT v.name, v.phase, v.planning_status, v.confidentiality_level, v.priority, "
            "v.plan_types, v.district_codes, f.date FROM plan.project p "
            "JOIN plan.project_version v ON v.project_id = p.id AND v.superseded_at IS NULL "
            "JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id "
            "AND f.superseded_at IS NULL WHERE p.municipal_id = %s ORDER BY f.date",
            (f"{prefix}-001",),
        ).fetchall()
        assert [(r[1], str(r[7])) for r in rows] == [
            ("concept", "2025-01-01"),
            ("definition", "2025-09-01"),
            ("realisation", "2027-06-01"),
        ]
        assert rows[0][2:7] == ("3", 2, "high", ["densification"], ["WK020003"])
        block = conn.execute(
            "SELECT v.amount, v.delivery_earliest, v.delivery_latest, v.programming, "
            "(SELECT array_agg(l.amount ORDER BY l.amount) FROM plan.houseblock_ownership_line l "
            " WHERE l.houseblock_version_id = v.id), "
            "(SELECT count(*) FROM plan.houseblock_breakdown b "
            " WHERE b.houseblock_version_id = v.id), "
            "v.custom_values FROM plan.houseblock h JOIN plan.project p ON p.id = h.project_id "
            "JOIN plan.houseblock_version v ON v.houseblock_id = h.id AND v.superseded_at IS NULL "
            "WHERE p.municipal_id = %s AND v.mutation_kind = 'construction'",
            (f"{prefix}-001",),
        ).fetchone()
        assert block[:5] == (
            30,
            __import__("datetime").date(2028, 6, 1),
            __import__("datetime").date(2029, 3, 1),
            True,
            [8, 10, 12],
        )
        assert block[5] == 7 and list(block[6].values()) == [True]
        realised = conn.execute(
            "SELECT mv.status FROM plan.milestone m JOIN plan.project p ON p.id = m.project_id "
            "JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL "
            "WHERE p.municipal_id = %s AND mv.date = '2025-01-01'",
            (f"{prefix}-001",),
        ).fetchone()[0]
        assert realised == "realised"


def test_importing_the_same_file_twice_changes_nothing(signed_in, prefix, count_rows):
    client = signed_in("user_plus")
    data = example_book(prefix).bytes()
    assert post_file(client, data).status_code == 200
    before = count_rows()
    again = post_file(client, data).get_json()
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}, again
    assert count_rows() == before


def test_dry_run_writes_nothing(signed_in, prefix, count_rows):
    client = signed_in("user_plus")
    before = count_rows()
    body = post_file(client, example_book(prefix).bytes(), dry_run=True).get_json()
    assert body["dry_run"] and body["counts"]["created"] == 2
    assert all(p["project_id"] is None for p in body["result"])
    assert count_rows() == before


def test_terminated_project_gets_an_aborted_end_milestone(signed_in, prefix, owner_url):
    from datetime import date

    from tests.imports.files import excel

    changes = {
        "Project status": "Afgebroken",
        "Start project": date(2020, 1, 1),
        "Eind project": date(2024, 1, 1),
        "Bouw": None,
    }
    response = post_file(signed_in(), excel(prefix, changes))
    assert response.status_code == 200, response.get_json()["errors"]
    with psycopg.connect(owner_url) as conn:
        statuses = conn.execute(
            "SELECT mv.date::text, mv.status FROM plan.milestone m JOIN plan.project p "
            "ON p.id = m.project_id JOIN plan.milestone_version mv ON mv.milestone_id = m.id "
            "AND mv.superseded_at IS NULL WHERE p.municipal_id = %s ORDER BY mv.date",
            (f"{prefix}-1",),
        ).fetchall()
    assert statuses == [("2020-01-01", "realised"), ("2024-01-01", "aborted")]
