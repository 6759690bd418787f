"""Observations from the versioned history, the forecast command and the project page's panel."""

import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from bench import forecast as generator
from manage.__main__ import main
from manage.demo_accounts import DEMO_PASSWORD
from tests.sql import builders

pytestmark = pytest.mark.db
USER = "gebruiker@demo.diwi.nl"
CUTOFF = date(2021, 1, 1)
KEYS = ["observed_on", "start_date", "end_date", "finished", "training", "planned_end", "phase"]
KEYS += ["planning_status", "plan_type", "dwellings", "ground_position", "municipality_code"]


def test_observations_read_the_versioned_history(conn):
    projects = generator.generate(10, seed=2)
    ids = generator.load(conn, projects)
    rows = conn.execute(
        "SELECT project_id::text, " + ", ".join(KEYS) + " FROM plan.forecast_observations(%s)"
        " WHERE municipality_code LIKE 'GM987%%' ORDER BY 1, 2",
        (CUTOFF,),
    ).fetchall()
    expected = sorted(
        (ids[r["project_id"]], *(r[k] for k in KEYS))
        for r in generator.observations(projects, CUTOFF)
    )
    assert sorted(rows) == expected
    assert any(r[5] for r in rows) and any(not r[5] for r in rows)  # training and scored rows


@pytest.fixture(scope="module")
def forecast_run(owner_url, migrated_db, demo_municipality) -> Iterator[dict]:
    """A committed generated history plus a running and a private project, then the command;
    removed afterwards."""
    with psycopg.connect(owner_url) as conn:
        team = conn.execute(
            "SELECT id::text FROM auth.user_group"
            " WHERE municipality_code = %s AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        generator.load(conn, generator.generate(18, seed=4))
        running = builders.project(conn, "GM0200", team, name="Lopend " + uuid.uuid4().hex[:6])
        builders.houseblock(conn, running, amount=80)
        other = builders.user_group(conn, "GM0200", "Geheim " + uuid.uuid4().hex[:6])
        private = builders.project(conn, "GM0200", other, name="Geheim", confidentiality_level=1)
    mp = pytest.MonkeyPatch()
    mp.setenv("DIWI_DB_NAME", migrated_db.name)
    assert main(["forecast"]) == 0
    mp.undo()
    yield {"running": running, "private": private}
    with psycopg.connect(owner_url) as conn:  # other tests of this worker share the database
        conn.execute(
            "DELETE FROM plan.project WHERE municipality_code = ANY (%s) OR id = ANY (%s::uuid[])",
            (list(generator.MUNICIPALITIES), [running, private]),
        )


def test_forecast_command_stores_forecasts_of_running_projects(forecast_run, owner_url):
    with psycopg.connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT p10, p50, p90, planned_end, drivers, training_projects, model_version"
            " FROM plan.forecast WHERE project_id = %s",
            (forecast_run["running"],),
        ).fetchall()
        finished = conn.execute(
            "SELECT count(*) FROM plan.forecast f JOIN plan.project p ON p.id = f.project_id"
            " JOIN plan.milestone_version e ON e.milestone_id = p.end_milestone_id"
            " AND e.superseded_at IS NULL WHERE e.status = 'realised'"
        ).fetchone()[0]
    [(p10, p50, p90, planned_end, drivers, training, version)] = rows
    assert date.today() <= p10 <= p50 <= p90
    assert planned_end == date(2030, 1, 1)
    assert training >= 10 and version.startswith("lifelines-")  # the default: lognormal AFT
    assert "lognormal-aft-censored" in version
    assert drivers and all("doorlooptijd" in d["text"] for d in drivers)
    assert finished == 0  # finished projects get no forecast


def test_project_page_shows_the_forecast(forecast_run, client, auth):
    auth.login(USER, DEMO_PASSWORD)
    page = client.get(f"/projecten/{forecast_run['running']}").get_data(as_text=True)
    assert "Prognose oplevering" in page and "80%-interval" in page
    assert "Belangrijkste factoren" in page


def test_forecast_only_for_viewers_who_may_see_the_project(forecast_run, app, owner_url):
    with psycopg.connect(app.config["DIWI_SETTINGS"].database_url) as conn:
        conn.execute("SELECT plan.set_viewer('user', 'GM0200', NULL, NULL, '{}'::uuid[], NULL)")
        visible = conn.execute(
            "SELECT count(*) FROM plan.visible_forecast(%s)", (forecast_run["private"],)
        ).fetchone()[0]
    with psycopg.connect(owner_url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM plan.forecast WHERE project_id = %s", (forecast_run["private"],)
        ).fetchone()[0]
    assert stored == 1 and visible == 0


def test_worker_job_refreshes_forecasts_as_the_web_app_role(forecast_run, app, owner_url):
    from manage.forecast import run_forecast
    from plugins.jobs import forecasts
    from plugins.jobs import queue

    worker = queue.make_app(owner_url)
    assert (forecasts.REFRESH_FORECASTS, "") in worker.periodic_registry.periodic_tasks
    summary = run_forecast(app.config["DIWI_SETTINGS"].database_url)  # what the task runs
    assert "prognose(s) opgeslagen" in summary
    with psycopg.connect(owner_url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM plan.forecast WHERE project_id = %s", (forecast_run["running"],)
        ).fetchone()[0]
    assert count == 2  # the command's and the job's; the page shows the newest
