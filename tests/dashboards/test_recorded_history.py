"""Dashboards and goals at a past reference date read milestones as they were recorded then."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.dashboards.conftest import call_dashboard
from tests.sql import builders

TOWN = "GM9201"  # GM9201-9299: this module's municipalities
BETWEEN = date(2025, 6, 1)  # after the planned delivery, before the late one was recorded
PLANNED_THEN = date(2025, 3, 1)  # the delivery as planned (recorded on 2024-01-01)
REALISED_NOW = date(2026, 2, 1)  # the delivery as it happened (recorded today)
LATER = date(2026, 6, 1)  # after the actual delivery, still before it was recorded
VIEWER = {
    "role": "user_plus",
    "municipality_code": TOWN,
    "region_code": None,
    "province_code": builders.PROVINCE,
    "group_ids": [],
    "user_id": None,
}


@dataclass
class History:
    project_id: str
    group_id: str


def record_late_delivery(conn: psycopg.Connection, milestone_id: str) -> None:
    """History recorded back then: planned for PLANNED_THEN since 2024-01-01; set realised on
    REALISED_NOW only today (the back-dated version is written as bench/forecast.py does)."""
    conn.execute(
        "INSERT INTO plan.milestone_version (milestone_id, date, status, description,"
        " recorded_at, superseded_at)"
        " VALUES (%s, %s, 'planned', 'Oplevering', '2024-01-01 12:00+01', now())",
        (milestone_id, PLANNED_THEN),
    )
    conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised', 'Oplevering')", (milestone_id,))


@pytest.fixture
def history(conn: psycopg.Connection) -> History:
    """A public project in TOWN with one houseblock of 12 dwellings delivered late."""
    builders.municipality(conn, TOWN)
    group = builders.user_group(conn, TOWN)
    pid = builders.project(conn, TOWN, group, name="Laat opgeleverd", phase="realisation")
    block = builders.houseblock(
        conn, pid, amount=12, start_date="2024-01-01", end_date=REALISED_NOW.isoformat()
    )
    end_ms = conn.execute(
        "SELECT end_milestone_id::text FROM plan.houseblock WHERE id = %s", (block,)
    ).fetchone()[0]
    record_late_delivery(conn, end_ms)
    return History(pid, group)


def deliveries(conn: psycopg.Connection, day: date) -> dict[str, dict]:
    result = call_dashboard(conn, VIEWER, "deliveries", day, {"municipality_code": TOWN})
    return {row["key"]: row["series"] for row in result["rows"]}


def test_deliveries_in_the_past_show_the_milestone_as_recorded_then(
    conn: psycopg.Connection, history: History
) -> None:
    """Back then the block was planned for 2025; today it is realised in 2026."""
    then = deliveries(conn, BETWEEN)
    assert list(then) == ["2025"]
    assert then["2025"]["construction_planned"] == 12
    assert then["2025"]["construction_realised"] == 0
    now = deliveries(conn, date.today())
    assert list(now) == ["2026"]
    assert now["2026"]["construction_realised"] == 12
    assert now["2026"]["construction_planned"] == 0


def overdue_dates(conn: psycopg.Connection, day: date) -> dict[date, str]:
    result = call_dashboard(conn, VIEWER, "delayed", day, {"municipality_code": TOWN})
    return {
        date.fromisoformat(d["milestone_date"]): d["reason"]
        for d in result["details"]
        if d["kind"] == "milestone_overdue"
    }


def test_delayed_in_the_past_lists_the_milestone_realised_later(
    conn: psycopg.Connection, history: History
) -> None:
    """On BETWEEN the delivery was overdue (not yet realised); today it is realised."""
    then = overdue_dates(conn, BETWEEN)
    assert then[PLANNED_THEN] == "Mijlpaal 'Oplevering' gepland op 01-03-2025 is niet gerealiseerd"
    now = overdue_dates(conn, date.today())
    assert PLANNED_THEN not in now and REALISED_NOW not in now


def goal_progress(conn: psycopg.Connection, goal_id: str, day: date) -> dict:
    conn.execute("SELECT plan.set_viewer('user_plus', %s)", (TOWN,))
    return conn.execute(
        "SELECT publication.goal_progress(%s, ARRAY[%s::uuid])", (day, goal_id)
    ).fetchone()[0][0]


def test_goal_counts_a_delivery_realised_from_when_it_was_recorded(
    conn: psycopg.Connection, history: History
) -> None:
    """On LATER the block had been delivered, but nobody had recorded it: not realised yet."""
    conn.execute("SELECT plan.set_viewer('user_plus', %s)", (TOWN,))
    category = conn.execute(
        "SELECT plan.save_goal_category(NULL, %s, 'Woningbouw')::text", (TOWN,)
    ).fetchone()[0]
    goal = {"category_id": category, "kind": "number", "direction": "minimum", "target": 10}
    goal |= {"name": "Tien woningen", "period_start": "2025-01-01", "period_end": "2030-12-31"}
    goal_id = conn.execute(
        "SELECT plan.save_goal(NULL, %s, %s)::text", (TOWN, Jsonb(goal))
    ).fetchone()[0]
    for day in (BETWEEN, LATER):
        then = goal_progress(conn, goal_id, day)
        assert (then["value_now"], then["value_forecast"], then["met_now"]) == (0, 12, False)
    now = goal_progress(conn, goal_id, date.today())
    assert (now["value_now"], now["met_now"], now["status"]) == (12, True, "met")


def test_a_milestone_recorded_later_is_read_in_its_first_version(
    conn: psycopg.Connection, history: History
) -> None:
    """Back-filled history (entered or imported today) counts at past dates as first recorded."""
    block = builders.houseblock(
        conn,
        history.project_id,
        name="Blok B",
        amount=5,
        start_date="2024-01-01",
        end_date="2024-06-01",
    )
    conn.execute(
        "SELECT plan.set_milestone(end_milestone_id, NULL, 'realised') FROM plan.houseblock"
        " WHERE id = %s",
        (block,),
    )
    then = deliveries(conn, BETWEEN)
    assert then["2024"]["construction_realised"] == 5
    assert then["2025"]["construction_planned"] == 12


@pytest.fixture(scope="module")
def late_project(owner_url: str, demo_municipality: str) -> Iterator[str]:
    """A public project in GM9202 (committed, removed afterwards) delivered late as above."""
    with psycopg.connect(owner_url) as conn:
        builders.municipality(conn, "GM9202")
        group = builders.user_group(conn, "GM9202")
        pid = builders.project(conn, "GM9202", group, name="Laat opgeleverd (pagina)")
        block = builders.houseblock(
            conn, pid, amount=12, start_date="2024-01-01", end_date=REALISED_NOW.isoformat()
        )
        end_ms = conn.execute(
            "SELECT end_milestone_id::text FROM plan.houseblock WHERE id = %s", (block,)
        ).fetchone()[0]
        record_late_delivery(conn, end_ms)
    yield pid
    with psycopg.connect(owner_url) as conn:
        conn.execute("SELECT plan.remove_project(%s)", (pid,))


def test_project_dashboard_shows_milestones_as_recorded_at_a_past_date(
    client, sign_in, late_project: str
) -> None:
    """The project dashboard's timeline and milestone table follow the same rule."""
    sign_in("gebruiker")
    path = f"/dashboard/project/{late_project}?peildatum="
    then = client.get(path + "2024-06-01").get_data(as_text=True)
    assert "<td>2025-03-01</td>" in then and "<title>2025-03-01 Oplevering</title>" in then
    assert "2026-02-01 Oplevering" not in then
    assert "Datum en status zoals ze op 01-06-2024 waren vastgelegd." in then
    now = client.get(path + date.today().isoformat()).get_data(as_text=True)
    assert "<title>2026-02-01 Oplevering</title>" in now and "2025-03-01 Oplevering" not in now
    assert "milestone-realised" in now and "waren vastgelegd" not in now


EARLY_END = date(2025, 3, 1)  # the end as it happened, before BETWEEN (recorded only today)
PLANNED_END = date(2025, 12, 1)  # the end as planned on 2024-01-01, after BETWEEN


def record_earlier_version(
    conn: psycopg.Connection, milestone_id: str, day: date, description: str
) -> None:
    """A milestone version recorded on 2024-01-01 and replaced by the current one today."""
    conn.execute(
        "INSERT INTO plan.milestone_version (milestone_id, date, status, description,"
        " recorded_at, superseded_at)"
        " VALUES (%s, %s, 'planned', %s, '2024-01-01 12:00+01', now())",
        (milestone_id, day, description),
    )


def viewer_of(town: str) -> dict:
    return VIEWER | {"municipality_code": town}


def project_status(conn: psycopg.Connection, town: str, project_id: str, day: date) -> str:
    conn.execute("SELECT plan.set_viewer('user_plus', %s)", (town,))
    return conn.execute(
        "SELECT status FROM publication.dashboard_projects(%s, %s) WHERE id = %s",
        (day, Jsonb({"municipality_code": town}), project_id),
    ).fetchone()[0]


def phase_reasons(conn: psycopg.Connection, town: str, day: date) -> list[str]:
    result = call_dashboard(conn, viewer_of(town), "delayed", day, {"municipality_code": town})
    return [d["reason"] for d in result["details"] if d["kind"] == "phase_too_long"]


def test_a_project_ended_early_but_recorded_later_was_running_then(
    conn: psycopg.Connection,
) -> None:
    """Planned to end after BETWEEN; it ended before, but that was recorded only today: on
    BETWEEN it was running (its realisation phase too long), today it is completed."""
    town = "GM9203"
    builders.municipality(conn, town)
    group = builders.user_group(conn, town)
    pid = builders.project(
        conn,
        town,
        group,
        name="Vroeg klaar",
        phase="realisation",
        start_date="2020-01-01",
        end_date=EARLY_END.isoformat(),
    )
    end_ms = conn.execute(
        "SELECT end_milestone_id::text FROM plan.project WHERE id = %s", (pid,)
    ).fetchone()[0]
    record_earlier_version(conn, end_ms, PLANNED_END, "Einde project")
    conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised')", (end_ms,))
    assert project_status(conn, town, pid, BETWEEN) == "running"
    assert phase_reasons(conn, town, BETWEEN) == [
        "Fase 'Realisatie' duurt al 65 maanden (gebruikelijk 24)"
    ]
    assert project_status(conn, town, pid, date.today()) == "completed"
    assert phase_reasons(conn, town, date.today()) == []


def test_a_phase_begun_earlier_than_recorded_was_not_too_long_then(
    conn: psycopg.Connection,
) -> None:
    """Realisation was to begin on 2025-01-01 (recorded 2024-01-01); today it is known to have
    begun on 2023-01-01. On BETWEEN it had lasted 5 months then, not 29: not too long."""
    town = "GM9204"
    builders.municipality(conn, town)
    group = builders.user_group(conn, town)
    pid = builders.project(
        conn, town, group, name="Eerder begonnen", phase="design", start_date="2020-01-01"
    )
    builders.update_project(conn, pid, {"phase": "realisation"}, "2023-01-01")
    begun = conn.execute(
        "SELECT valid_from_milestone_id::text FROM plan.project_version"
        " WHERE project_id = %s AND superseded_at IS NULL AND phase = 'realisation'",
        (pid,),
    ).fetchone()[0]
    record_earlier_version(conn, begun, date(2025, 1, 1), "Start realisatie")
    assert project_status(conn, town, pid, BETWEEN) == "running"
    assert phase_reasons(conn, town, BETWEEN) == []
    assert phase_reasons(conn, town, date.today()) == [
        f"Fase 'Realisatie' duurt al {months_since(date(2023, 1, 1))} maanden (gebruikelijk 24)"
    ]


def months_since(day: date) -> int:
    today = date.today()
    return (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
