"""History: edits split versions at the edit date, and every recorded state stays readable."""

import datetime as dt

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.sql import builders
from tests.sql.conftest import Committed
from tests.sql.conftest import Town

pytestmark = pytest.mark.db

D = dt.date.fromisoformat


def state_at(conn: psycopg.Connection, project_id: str, on: str, as_recorded=None) -> dict | None:
    """The project's row of publication.projects_at as a dict (None: not there)."""
    cur = conn.execute(
        "SELECT * FROM publication.projects_at(%s, %s) WHERE id = %s",
        (on, as_recorded, project_id),
    )
    row = cur.fetchone()
    return None if row is None else dict(zip([c.name for c in cur.description], row, strict=True))


def versions(conn: psycopg.Connection, project_id: str) -> list[tuple[str, str, str]]:
    """The current versions of a project as (from, to, phase), in date order."""
    rows = conn.execute(
        "SELECT plan.milestone_date(v.valid_from_milestone_id)::text, "
        "plan.milestone_date(v.valid_to_milestone_id)::text, v.phase "
        "FROM plan.project_version v WHERE v.project_id = %s AND v.superseded_at IS NULL "
        "ORDER BY 1",
        (project_id,),
    ).fetchall()
    return [tuple(r) for r in rows]


def version_count(conn: psycopg.Connection, project_id: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM plan.project_version WHERE project_id = %s", (project_id,)
    ).fetchone()[0]


def milestone_count(conn: psycopg.Connection, project_id: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM plan.milestone WHERE project_id = %s", (project_id,)
    ).fetchone()[0]


def test_update_project_splits_running_version_at_edit_date(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    assert versions(conn, pid) == [
        ("2024-01-01", "2026-06-01", "concept"),
        ("2026-06-01", "2030-01-01", "design"),
    ]
    assert state_at(conn, pid, "2025-01-01")["phase"] == "concept"
    assert state_at(conn, pid, "2026-05-31")["phase"] == "concept"
    assert state_at(conn, pid, "2026-06-01")["phase"] == "design"
    assert state_at(conn, pid, "2027-01-01")["phase"] == "design"


def test_update_project_split_keeps_the_project_period(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    state = state_at(conn, pid, "2027-01-01")
    assert (state["start_date"], state["end_date"]) == (D("2024-01-01"), D("2030-01-01"))
    assert state["status"] == "running"


def test_update_project_of_future_project_applies_from_start_without_split(conn, town: Town):
    pid = builders.project(
        conn, town.code, town.group_id, start_date="2030-01-01", end_date="2035-01-01"
    )
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    assert versions(conn, pid) == [("2030-01-01", "2035-01-01", "design")]
    assert milestone_count(conn, pid) == 2
    assert state_at(conn, pid, "2026-06-01")["status"] == "future"
    assert state_at(conn, pid, "2026-06-01")["phase"] == "design"


def test_update_project_of_past_project_replaces_last_interval(conn, town: Town):
    pid = builders.project(
        conn, town.code, town.group_id, start_date="2010-01-01", end_date="2020-01-01"
    )
    builders.update_project(conn, pid, {"phase": "design"}, "2015-01-01")
    builders.update_project(conn, pid, {"phase": "aftercare"}, "2026-06-01")
    assert versions(conn, pid) == [
        ("2010-01-01", "2015-01-01", "concept"),
        ("2015-01-01", "2020-01-01", "aftercare"),
    ]
    assert milestone_count(conn, pid) == 3
    assert state_at(conn, pid, "2012-01-01")["phase"] == "concept"
    assert state_at(conn, pid, "2026-06-01")["phase"] == "aftercare"


def test_update_project_on_a_version_boundary_does_not_split(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    builders.update_project(conn, pid, {"name": "Nieuwe naam"}, "2026-06-01")
    assert milestone_count(conn, pid) == 3
    assert state_at(conn, pid, "2025-01-01")["name"] == "Testproject"
    assert state_at(conn, pid, "2027-01-01")["name"] == "Nieuwe naam"


def test_update_project_at_two_dates_gives_three_versions(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    builders.update_project(conn, pid, {"phase": "preparation"}, "2028-01-01")
    assert versions(conn, pid) == [
        ("2024-01-01", "2026-06-01", "concept"),
        ("2026-06-01", "2028-01-01", "design"),
        ("2028-01-01", "2030-01-01", "preparation"),
    ]


def test_moving_project_end_past_intermediate_milestone_keeps_every_version(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    before = version_count(conn, pid)
    builders.update_project(conn, pid, {"end_date": "2025-06-01"})
    conn.execute("SET CONSTRAINTS plan.milestone_periods IMMEDIATE")  # the period check passes
    assert version_count(conn, pid) == before
    state = state_at(conn, pid, "2025-01-01")
    assert (state["phase"], state["end_date"], state["status"]) == (
        "concept",
        D("2025-06-01"),
        "running",
    )


def test_moving_project_end_back_restores_the_later_plan(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    builders.update_project(conn, pid, {"end_date": "2025-06-01"})
    builders.update_project(conn, pid, {"end_date": "2030-01-01"})
    assert state_at(conn, pid, "2027-01-01")["phase"] == "design"


def test_update_houseblock_splits_amount_and_capacity_follows_reference_date(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    hb = builders.houseblock(conn, pid, amount=10)
    builders.houseblock(conn, pid, name="Sloop", mutation_kind="demolition", amount=3)
    conn.execute(
        "SELECT plan.update_houseblock(%s, %s, NULL, '2026-06-01')", (hb, Jsonb({"amount": 20}))
    )
    capacity = ("construction_amount", "demolition_amount", "gross_plan_capacity")
    before = state_at(conn, pid, "2025-01-01")
    after = state_at(conn, pid, "2027-01-01")
    assert [before[k] for k in capacity] + [before["net_plan_capacity"]] == [10, 3, 10, 7]
    assert [after[k] for k in capacity] + [after["net_plan_capacity"]] == [20, 3, 20, 17]
    assert before["houseblock_count"] == after["houseblock_count"] == 2


def test_update_houseblock_split_shows_in_houseblocks_at(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    hb = builders.houseblock(conn, pid, amount=10)
    conn.execute(
        "SELECT plan.update_houseblock(%s, %s, NULL, '2026-06-01')", (hb, Jsonb({"amount": 20}))
    )
    amounts = [
        conn.execute(
            "SELECT amount FROM publication.houseblocks_at(%s) WHERE id = %s", (on, hb)
        ).fetchone()[0]
        for on in ("2025-01-01", "2027-01-01")
    ]
    assert amounts == [10, 20]


def test_update_houseblock_split_keeps_ownership_lines_on_both_sides(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    lines = [{"ownership_type": "social_rental", "amount": 8}]
    hb = builders.houseblock(conn, pid, amount=10, ownership_lines=lines)
    conn.execute(
        "SELECT plan.update_houseblock(%s, %s, NULL, '2026-06-01')",
        (hb, Jsonb({"name": "Blok A (fase 2)"})),
    )
    conn.execute("SET CONSTRAINTS plan.ownership_totals IMMEDIATE")
    rows = conn.execute(
        "SELECT h.name, h.social_rental FROM unnest(ARRAY['2025-01-01', '2027-01-01']::date[]) d, "
        "publication.houseblocks_at(d) h WHERE h.id = %s ORDER BY d",
        (hb,),
    ).fetchall()
    assert rows == [("Blok A", 8), ("Blok A (fase 2)", 8)]


@pytest.mark.parametrize(("status", "counts"), [("5A", False), ("5B", False), ("3", True)])
def test_municipal_only_status_has_no_plan_capacity_but_counts_construction(
    conn, town: Town, status, counts
):
    pid = builders.project(conn, town.code, town.group_id, planning_status=status)
    builders.houseblock(conn, pid, amount=10)
    builders.houseblock(conn, pid, name="Sloop", mutation_kind="demolition", amount=4)
    state = state_at(conn, pid, "2026-06-01")
    assert state["construction_amount"] == 10
    assert state["counts_as_plan_capacity"] is counts
    assert (state["gross_plan_capacity"], state["net_plan_capacity"]) == (
        (10, 6) if counts else (0, 0)
    )


def test_planning_status_reached_gives_the_date_each_status_is_reached(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id, planning_status="4A")
    builders.update_project(conn, pid, {"planning_status": "3"}, "2025-01-01")
    builders.update_project(conn, pid, {"planning_status": "2A"}, "2027-01-01")
    builders.update_project(conn, pid, {"planning_status": "1A"}, "2028-06-01")
    reached = conn.execute(
        "SELECT planning_status, reached_on FROM plan.planning_status_reached(%s)", (pid,)
    ).fetchall()
    assert reached == [
        ("4A", D("2024-01-01")),
        ("3", D("2025-01-01")),
        ("2A", D("2027-01-01")),
        ("1A", D("2028-06-01")),
    ]


def test_planning_status_reached_ignores_versions_clipped_away(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id, planning_status="3")
    builders.update_project(conn, pid, {"planning_status": "2A"}, "2027-01-01")
    builders.update_project(conn, pid, {"end_date": "2026-01-01"})
    reached = conn.execute(
        "SELECT planning_status FROM plan.planning_status_reached(%s)", (pid,)
    ).fetchall()
    assert reached == [("3",)]


# --- transaction time: committed steps ---------------------------------------------------


def test_projects_at_as_recorded_before_an_edit_returns_the_old_state(committed: Committed):
    c = committed.conn
    pid = builders.project(c, committed.town.code, committed.town.group_id)
    before_edit = committed.now()
    builders.update_project(c, pid, {"phase": "design"}, "2026-06-01")
    assert state_at(c, pid, "2027-01-01", before_edit)["phase"] == "concept"
    assert state_at(c, pid, "2027-01-01")["phase"] == "design"


def test_superseded_project_version_is_kept(committed: Committed):
    c = committed.conn
    pid = builders.project(c, committed.town.code, committed.town.group_id)
    before_edit = committed.now()
    builders.update_project(c, pid, {"phase": "design"}, "2026-06-01")
    rows = c.execute(
        "SELECT phase, superseded_at IS NOT NULL, superseded_at > %s FROM plan.project_version "
        "WHERE project_id = %s ORDER BY recorded_at, phase",
        (before_edit, pid),
    ).fetchall()
    assert rows == [("concept", True, True), ("concept", False, None), ("design", False, None)]


def test_as_recorded_milestone_move_returns_the_old_end_date(committed: Committed):
    c = committed.conn
    pid = builders.project(c, committed.town.code, committed.town.group_id)
    before_move = committed.now()
    builders.update_project(c, pid, {"end_date": "2032-01-01"})
    assert state_at(c, pid, "2026-01-01", before_move)["end_date"] == D("2030-01-01")
    assert state_at(c, pid, "2026-01-01")["end_date"] == D("2032-01-01")


def test_as_recorded_before_creation_the_project_does_not_exist(committed: Committed):
    c = committed.conn
    before_creation = committed.now()
    pid = builders.project(c, committed.town.code, committed.town.group_id)
    assert state_at(c, pid, "2026-01-01", before_creation) is None
    assert state_at(c, pid, "2026-01-01") is not None


def test_removed_project_disappears_now_but_stays_visible_as_recorded(committed: Committed):
    c = committed.conn
    pid = builders.project(c, committed.town.code, committed.town.group_id)
    hb = builders.houseblock(c, pid)
    before_removal = committed.now()
    c.execute("SELECT plan.remove_project(%s)", (pid,))
    assert state_at(c, pid, "2026-01-01") is None
    assert state_at(c, pid, "2026-01-01", before_removal)["name"] == "Testproject"
    assert (
        c.execute(
            "SELECT count(*) FROM publication.houseblocks_at('2026-01-01', %s) WHERE id = %s",
            (before_removal, hb),
        ).fetchone()[0]
        == 1
    )


def test_removed_project_can_no_longer_be_edited(committed: Committed):
    c = committed.conn
    pid = builders.project(c, committed.town.code, committed.town.group_id)
    c.execute("SELECT plan.remove_project(%s)", (pid,))
    with pytest.raises(psycopg.errors.CheckViolation) as info:
        builders.update_project(c, pid, {"phase": "design"})
    assert info.value.diag.constraint_name == "project_not_found"


def houseblock_starts(conn: psycopg.Connection, project_id: str) -> dict[str, dt.date]:
    rows = conn.execute(
        "SELECT name, start_date FROM publication.houseblocks_at('2026-01-01') "
        "WHERE project_id = %s",
        (project_id,),
    ).fetchall()
    return dict(rows)


def test_update_houseblock_start_date_moves_only_that_houseblock(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    a = builders.houseblock(conn, pid, name="A")
    builders.houseblock(conn, pid, name="B")
    conn.execute("SELECT plan.update_houseblock(%s, %s)", (a, Jsonb({"start_date": "2025-01-01"})))
    assert state_at(conn, pid, "2026-01-01")["start_date"] == D("2024-01-01")
    assert houseblock_starts(conn, pid) == {"A": D("2025-01-01"), "B": D("2024-01-01")}


def test_update_houseblock_before_the_project_start_is_refused(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    a = builders.houseblock(conn, pid, name="A")
    conn.execute("SELECT plan.update_houseblock(%s, %s)", (a, Jsonb({"start_date": "2023-01-01"})))
    with pytest.raises(psycopg.errors.CheckViolation) as caught:
        conn.execute("SET CONSTRAINTS plan.houseblock_periods, plan.milestone_periods IMMEDIATE")
    assert caught.value.diag.constraint_name == "houseblock_outside_project_period"


def test_update_houseblock_start_date_on_own_milestone_leaves_project_alone(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    a = builders.houseblock(conn, pid, name="A", start_date="2025-01-01")
    builders.houseblock(conn, pid, name="B")
    conn.execute("SELECT plan.update_houseblock(%s, %s)", (a, Jsonb({"start_date": "2025-06-01"})))
    assert state_at(conn, pid, "2026-01-01")["start_date"] == D("2024-01-01")
    assert houseblock_starts(conn, pid) == {"A": D("2025-06-01"), "B": D("2024-01-01")}


# --- the cached milestone dates agree with the milestone history -------------------------


def edit_a_lot(conn: psycopg.Connection, town: Town) -> str:
    """A project with splits, a clipped version, a moved start and houseblocks of its own."""
    pid = builders.project(conn, town.code, town.group_id)
    hb = builders.houseblock(conn, pid, amount=10, start_date="2025-01-01")
    builders.houseblock(conn, pid, name="Sloop", mutation_kind="demolition", amount=2)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    builders.update_project(conn, pid, {"phase": "preparation"}, "2028-01-01")
    conn.execute(
        "SELECT plan.update_houseblock(%s, %s, NULL, '2027-01-01')", (hb, Jsonb({"amount": 30}))
    )
    builders.update_project(conn, pid, {"end_date": "2027-06-01", "start_date": "2023-01-01"})
    conn.execute("SELECT plan.update_houseblock(%s, %s)", (hb, Jsonb({"end_date": "2027-03-01"})))
    return pid


def test_date_cache_equals_current_milestone_dates_after_edits(conn, town: Town):
    pid = edit_a_lot(conn, town)
    stale = conn.execute(
        "SELECT 'project' FROM plan.project p WHERE p.id = %(p)s AND "
        "(p.start_date, p.end_date) IS DISTINCT FROM "
        "(plan.milestone_date(p.start_milestone_id), plan.milestone_date(p.end_milestone_id)) "
        "UNION ALL SELECT 'houseblock' FROM plan.houseblock h WHERE h.project_id = %(p)s AND "
        "(h.start_date, h.end_date) IS DISTINCT FROM "
        "(plan.milestone_date(h.start_milestone_id), plan.milestone_date(h.end_milestone_id)) "
        "UNION ALL SELECT 'project_version' FROM plan.project_version v "
        "WHERE v.project_id = %(p)s AND v.superseded_at IS NULL AND (v.valid_from, v.valid_to) "
        "IS DISTINCT FROM (plan.milestone_date(v.valid_from_milestone_id), "
        "plan.milestone_date(v.valid_to_milestone_id)) "
        "UNION ALL SELECT 'houseblock_version' FROM plan.houseblock_version v "
        "JOIN plan.houseblock h ON h.id = v.houseblock_id "
        "WHERE h.project_id = %(p)s AND v.superseded_at IS NULL AND (v.valid_from, v.valid_to) "
        "IS DISTINCT FROM (plan.milestone_date(v.valid_from_milestone_id), "
        "plan.milestone_date(v.valid_to_milestone_id))",
        {"p": pid},
    ).fetchall()
    assert stale == []


COMPARED = (
    "phase",
    "start_date",
    "end_date",
    "status",
    "construction_amount",
    "demolition_amount",
    "net_plan_capacity",
    "houseblock_count",
)


def test_as_recorded_now_equals_current_reading_at_every_date(committed: Committed):
    # the cached "now" reading and the milestone-history reading must tell the same story
    c = committed.conn
    pid = edit_a_lot(c, committed.town)
    now = committed.now()
    dates = ["2020-01-01", "2023-01-01", "2024-06-01", "2026-06-01", "2027-02-01", "2027-05-31"]
    dates += ["2027-06-01", "2029-01-01", "2040-01-01"]
    for on in dates:
        current, recorded = state_at(c, pid, on), state_at(c, pid, on, now)
        assert [current[k] for k in COMPARED] == [recorded[k] for k in COMPARED], on
