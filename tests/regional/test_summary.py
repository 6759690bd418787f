"""The stored process summary: step states, critical path, bottlenecks and acceleration options."""

import psycopg
from psycopg.rows import dict_row

from webapp.regional.summary import refresh_all
from webapp.regional.summary import refresh_project


def summary_of(owner_url: str, project_id: str) -> dict | None:
    with psycopg.connect(owner_url, row_factory=dict_row) as conn:
        return conn.execute(
            "SELECT * FROM plan.process_summary WHERE project_id = %s", (project_id,)
        ).fetchone()


def test_summary_counts_states_and_finds_bottleneck_and_gain(owner_url, key_setup):
    with psycopg.connect(owner_url) as conn:
        assert refresh_project(conn, key_setup["big"])
    row = summary_of(owner_url, key_setup["big"])
    assert (row["steps_total"], row["steps_done"], row["steps_late"]) == (4, 1, 1)
    assert row["problem"] is None and row["delivery_date"] is not None
    assert "Bestemmingsplan" in row["critical_steps"]
    late = next(b for b in row["bottlenecks"] if b["step"] == "Anterieure overeenkomst")
    assert late["reason"].startswith("Te laat")
    best = row["acceleration"][0]
    assert best["gain_days"] > 0
    assert {best["source"], best["target"]} <= {
        "Anterieure overeenkomst",
        "Bestemmingsplan",
        "Ontwerp",
    }
    statuses = {s["name"]: s["status"] for s in row["steps"]}
    assert statuses == {
        "Principeverzoek": "done",
        "Anterieure overeenkomst": "late",
        "Bestemmingsplan": "planned",
        "Ontwerp": "planned",
    }


def test_refresh_all_stores_projects_with_steps_and_drops_stale(owner_url, key_setup):
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO plan.process_summary (project_id) VALUES (%s)", (key_setup["small"],)
        )
    assert refresh_all(owner_url) >= 1
    assert summary_of(owner_url, key_setup["big"]) is not None
    assert summary_of(owner_url, key_setup["small"]) is None  # no steps: no summary


def test_a_cycle_is_stored_as_problem_without_schedule(owner_url, key_setup):
    with psycopg.connect(owner_url) as conn:
        ids = dict(
            conn.execute(
                "SELECT name, id FROM plan.process_step WHERE project_id = %s",
                (key_setup["big"],),
            ).fetchall()
        )
        conn.execute(  # bypasses the edit function's cycle rule, as a corrupt import might
            "INSERT INTO plan.process_dependency (from_step_id, to_step_id) VALUES (%s, %s)",
            (ids["Ontwerp"], ids["Anterieure overeenkomst"]),
        )
        refresh_project(conn, key_setup["big"])
    row = summary_of(owner_url, key_setup["big"])
    assert "kring" in row["problem"] and row["delivery_date"] is None
