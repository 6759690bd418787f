"""The stored summary of a project's process streams (plan.process_summary)."""

import logging
from datetime import date

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp.streams import analysis
from webapp.streams.queries import DEPENDENCIES_SQL
from webapp.streams.schedule import CycleError

LOGGER = logging.getLogger(__name__)
MAX_OPTIONS = 5  # acceleration options kept per project, best first

STEPS_SQL = """
    SELECT id::text, stream, name, planned_start, planned_end, actual_start, actual_end
    FROM plan.process_step WHERE project_id = %s ORDER BY planned_start, name, id
"""
UPSERT_SQL = """
    INSERT INTO plan.process_summary AS s (project_id, computed_at, delivery_date, steps_total,
        steps_done, steps_running, steps_late, steps, critical_steps, bottlenecks, acceleration,
        problem)
    VALUES (%(project_id)s, now(), %(delivery_date)s, %(steps_total)s, %(steps_done)s,
        %(steps_running)s, %(steps_late)s, %(steps)s, %(critical_steps)s, %(bottlenecks)s,
        %(acceleration)s, %(problem)s)
    ON CONFLICT (project_id) DO UPDATE SET computed_at = now(),
        delivery_date = EXCLUDED.delivery_date, steps_total = EXCLUDED.steps_total,
        steps_done = EXCLUDED.steps_done, steps_running = EXCLUDED.steps_running,
        steps_late = EXCLUDED.steps_late, steps = EXCLUDED.steps,
        critical_steps = EXCLUDED.critical_steps, bottlenecks = EXCLUDED.bottlenecks,
        acceleration = EXCLUDED.acceleration, problem = EXCLUDED.problem
"""
STALE_SQL = """
    DELETE FROM plan.process_summary s
    WHERE NOT EXISTS (SELECT 1 FROM plan.process_step p WHERE p.project_id = s.project_id)
"""


def step_status(row: dict, today: date) -> str:
    """done, late (unfinished past its planned end), running (started) or planned."""
    if row["actual_end"] is not None:
        return "done"
    if row["planned_end"] < today:
        return "late"
    return "running" if row["actual_start"] is not None else "planned"


def acceleration_options(steps: list[dict], deps: list[dict]) -> list[dict]:
    """Every dependency whose steps run in parallel would bring the delivery forward, best first."""
    options = []
    for dep in deps:
        gain = analysis.parallel_gain(steps, deps, dep["id"])
        if gain and gain["gain_days"] > 0:
            options.append(
                {
                    "source": gain["source"],
                    "target": gain["target"],
                    "gain_days": gain["gain_days"],
                    "delivery_date": gain["after"].isoformat(),
                }
            )
    options.sort(key=lambda o: (-o["gain_days"], o["source"], o["target"]))
    return options[:MAX_OPTIONS]


def summarise(steps: list[dict], deps: list[dict], today: date) -> dict:
    """The summary row of one project's steps and dependencies (without project_id)."""
    statuses = [step_status(row, today) for row in steps]
    row = {
        "steps_total": len(steps),
        "steps_done": statuses.count("done"),
        "steps_running": statuses.count("running"),
        "steps_late": statuses.count("late"),
        "delivery_date": None,
        "critical_steps": [],
        "bottlenecks": [],
        "acceleration": [],
        "problem": None,
    }
    slots: dict = {}
    try:
        plan = analysis.schedule_of(steps, deps)
    except CycleError as err:
        row["problem"] = str(err)
    else:
        slots = plan.slots
        critical = plan.critical_ids()
        row["delivery_date"] = plan.finish
        row["critical_steps"] = [s["name"] for s in steps if s["id"] in critical]
        reasons = analysis.bottlenecks(steps, deps, plan, today)
        row["bottlenecks"] = [
            {"step": s["name"], "stream": s["stream"], "reason": reasons[s["id"]]}
            for s in steps
            if s["id"] in reasons
        ]
        row["acceleration"] = acceleration_options(steps, deps)
    row["steps"] = step_rows(steps, statuses, slots)
    return row


def step_rows(steps: list[dict], statuses: list[str], slots: dict) -> list[dict]:
    """Per step what the table shows: id, name, stream, status, planned end, whether critical and
    its float in days (None without a schedule)."""
    rows = []
    for s, status in zip(steps, statuses, strict=True):
        slot = slots.get(s["id"])
        rows.append(
            {
                "id": s["id"],
                "name": s["name"],
                "stream": s["stream"],
                "status": status,
                "planned_end": s["planned_end"].isoformat(),
                "critical": bool(slot and slot.critical),
                "float_days": slot.float_days if slot else None,
            }
        )
    return rows


def refresh_project(conn: psycopg.Connection, project_id: str, today: date | None = None) -> bool:
    """Store (or drop, without steps) one project's summary; True when a summary is stored."""
    cur = conn.cursor(row_factory=dict_row)
    steps = cur.execute(STEPS_SQL, (project_id,)).fetchall()
    if not steps:
        conn.execute("DELETE FROM plan.process_summary WHERE project_id = %s", (project_id,))
        return False
    deps = cur.execute(DEPENDENCIES_SQL, (project_id,)).fetchall()
    row = summarise(steps, deps, today or date.today())
    for key in ("steps", "bottlenecks", "acceleration"):
        row[key] = Jsonb(row[key])
    conn.execute(UPSERT_SQL, row | {"project_id": project_id})
    return True


def refresh_all(database_url: str, today: date | None = None) -> int:
    """Refresh every project with process steps (one transaction each); the number stored."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(STALE_SQL)
        ids = [
            r[0] for r in conn.execute("SELECT DISTINCT project_id::text FROM plan.process_step")
        ]
        stored = 0
        for project_id in ids:
            with conn.transaction():
                stored += refresh_project(conn, project_id, today)
    return stored


def refresh_after_edit(project_id: str) -> None:
    """Called by the streams page after a successful edit; never lets the edit fail."""
    from webapp import db

    try:
        with db.connection() as conn, conn.transaction():
            refresh_project(conn, project_id)
    except psycopg.Error as err:
        LOGGER.warning("process summary of %s not refreshed: %s", project_id, err)
