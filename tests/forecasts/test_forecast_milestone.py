"""The "forecast" milestone status fed by the model: the municipality setting, the nightly run."""

import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from bench import forecast as generator
from manage.demo_accounts import DEMO_PASSWORD
from manage.forecast import run_forecast
from tests.sql import builders

pytestmark = pytest.mark.db
ADMIN = "beheerder@demo.diwi.nl"
USER = "gebruiker@demo.diwi.nl"
END_SQL = """
    SELECT mv.date, mv.status, u.first_name, u.is_system
    FROM plan.project p
    JOIN plan.milestone_version mv
        ON mv.milestone_id = p.end_milestone_id AND mv.superseded_at IS NULL
    LEFT JOIN auth.app_user u ON u.id = mv.recorded_by
    WHERE p.id = %s
"""
FORECAST_SQL = (
    "SELECT p50, planned_end FROM plan.forecast WHERE project_id = %s ORDER BY computed_at DESC"
)


def _project_with_end_status(conn: psycopg.Connection, team: str, status: str) -> str:
    pid = builders.project(conn, "GM0200", team, name=f"Eind {status} {uuid.uuid4().hex[:6]}")
    builders.houseblock(conn, pid, amount=40)
    end_ms = conn.execute(
        "SELECT end_milestone_id FROM plan.project WHERE id = %s", (pid,)
    ).fetchone()[0]
    conn.execute("SELECT plan.set_milestone(%s, NULL, %s)", (end_ms, status))
    return pid


@pytest.fixture(scope="module")
def world(owner_url, migrated_db, demo_municipality) -> Iterator[dict]:
    """A generated history, a project whose end is 'forecast' and one whose end is 'planned'."""
    with psycopg.connect(owner_url) as conn:
        team = conn.execute(
            "SELECT id::text FROM auth.user_group"
            " WHERE municipality_code = 'GM0200' AND name = 'Team Wonen'"
        ).fetchone()[0]
        generator.load(conn, generator.generate(18, seed=4))
        guessed = _project_with_end_status(conn, team, "forecast")
        planned = _project_with_end_status(conn, team, "planned")
    yield {"forecast": guessed, "planned": planned}
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "DELETE FROM plan.project WHERE municipality_code = ANY (%s) OR id = ANY (%s::uuid[])",
            (list(generator.MUNICIPALITIES), [guessed, planned]),
        )
        conn.execute("DELETE FROM auth.municipality_setting WHERE municipality_code = 'GM0200'")


def test_setting_is_off_by_default_and_the_admin_switches_it_on(
    world, app, client, auth, monkeypatch
):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])  # two-factor has its own tests
    url = app.config["DIWI_SETTINGS"].database_url
    run_forecast(url)
    with psycopg.connect(url) as conn:
        untouched = conn.execute(END_SQL, (world["forecast"],)).fetchone()
    assert untouched[0] == date(2030, 1, 1) and untouched[1] == "forecast"

    auth.login(USER, DEMO_PASSWORD)
    assert client.get("/beheer/prognoses").status_code == 403
    auth.logout()
    auth.login(ADMIN, DEMO_PASSWORD)
    page = client.get("/beheer/prognoses").get_data(as_text=True)
    assert "Voorspelde einddatums" in page and "Laatste berekening" in page
    token = auth.csrf_token("/beheer/prognoses")
    data = {"csrf_token": token, "forecast_end_milestone": "1"}
    assert client.post("/beheer/prognoses", data=data).status_code == 302
    assert "checked" in client.get("/beheer/prognoses").get_data(as_text=True)


def test_nightly_run_records_the_model_date_on_forecast_end_milestones(world, app, owner_url):
    url = app.config["DIWI_SETTINGS"].database_url
    with psycopg.connect(owner_url) as conn:  # switched on as the admin page does (tested above)
        conn.execute(
            "INSERT INTO auth.municipality_setting (municipality_code, forecast_end_milestone)"
            " VALUES ('GM0200', true) ON CONFLICT (municipality_code)"
            " DO UPDATE SET forecast_end_milestone = true"
        )
    summary = run_forecast(url)  # as the worker does, with the web-app role
    assert "1 voorspelde einddatum(s) bijgewerkt" in summary
    with psycopg.connect(owner_url) as conn:
        p50, planned_end = conn.execute(FORECAST_SQL, (world["forecast"],)).fetchone()
        guessed = conn.execute(END_SQL, (world["forecast"],)).fetchone()
        planned = conn.execute(END_SQL, (world["planned"],)).fetchone()
        versions = conn.execute(
            "SELECT count(*) FROM plan.milestone_version mv JOIN plan.project p"
            " ON p.end_milestone_id = mv.milestone_id WHERE p.id = %s",
            (world["forecast"],),
        ).fetchone()[0]
    assert guessed == (p50, "forecast", "Prognosemodel", True)  # history: by the model
    assert versions == 2  # as created (status set in that transaction), then moved by the model
    assert planned[:2] == (date(2030, 1, 1), "planned")  # a planned milestone is never touched
    assert planned_end == date(2030, 1, 1)

    run_forecast(url)  # the next night: the model does not feed on its own date
    with psycopg.connect(owner_url) as conn:
        newest = conn.execute(FORECAST_SQL, (world["forecast"],)).fetchone()
    assert newest[1] == date(2030, 1, 1)
    assert newest[0] == p50
