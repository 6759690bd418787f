"""Lead times of process steps: forecast ends of unfinished steps from finished namesakes."""

import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from tests.sql import builders
from webapp.forecasts.steps import step_forecast

pytestmark = pytest.mark.db
USER = "gebruiker@demo.diwi.nl"
STEP_SQL = """
    INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end,
                                   actual_start, actual_end)
    VALUES (%s, 'public', %s, %s, %s, %s, %s) RETURNING id::text
"""


def test_quantiles_of_earlier_durations_and_of_the_longer_ones_once_running():
    durations = [100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200]
    today = date(2026, 1, 1)
    ahead = step_forecast(durations, None, date(2026, 3, 1), today)
    assert ahead["p50"] == date(2026, 3, 1) + timedelta(days=150)
    assert ahead["p10"] < ahead["p50"] < ahead["p90"] and ahead["samples"] == 11
    running = step_forecast(durations, today - timedelta(days=145), None, today)
    assert running["p50"] == today - timedelta(days=145) + timedelta(days=175)  # 150..200
    assert step_forecast(durations, today - timedelta(days=185), None, today) == {
        "samples": 11,
        "longer_than_usual": True,
    }
    assert step_forecast(durations[:4], None, today, today) is None  # too few to say


@pytest.fixture(scope="module")
def project_with_history(owner_url, demo_municipality) -> Iterator[dict]:
    """Six finished 'Bestemmingsplan' steps elsewhere in GM0200; a project with a running one."""
    with psycopg.connect(owner_url) as conn:
        team = conn.execute(
            "SELECT id::text FROM auth.user_group"
            " WHERE municipality_code = 'GM0200' AND name = 'Team Wonen'"
        ).fetchone()[0]
        other = builders.user_group(conn, "GM0200", "Elders " + uuid.uuid4().hex[:6])
        done = builders.project(
            conn, "GM0200", other, name="Geheimproject", confidentiality_level=1
        )
        for days in (200, 220, 240, 260, 280, 300):
            start = date(2020, 1, 1)
            conn.execute(
                STEP_SQL,
                (done, "Bestemmingsplan", start, start, start, start + timedelta(days=days)),
            )
        name = "Stappen " + uuid.uuid4().hex[:6]
        pid = builders.project(conn, "GM0200", team, name=name, confidentiality_level=2)
        start = date.today() - timedelta(days=10)
        running = conn.execute(
            STEP_SQL, (pid, " bestemmingsplan", start, start + timedelta(days=100), start, None)
        ).fetchone()[0]
        conn.execute(STEP_SQL, (pid, "Iets nieuws", start, start, None, None))
    yield {"project": pid, "running": running, "start": start}
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.project WHERE id = ANY (%s::uuid[])", ([pid, done],))


def test_streams_page_shows_the_forecast_end_of_a_running_step(project_with_history, client, auth):
    auth.login(USER, DEMO_PASSWORD)
    page = client.get(f"/projecten/{project_with_history['project']}/processen").get_data(
        as_text=True
    )
    assert "Prognose einde" in page
    p50 = project_with_history["start"] + timedelta(days=250)  # median of 200..300
    assert p50.strftime("%d-%m-%Y") in page and "6 eerdere" in page
    assert "Geheimproject" not in page  # durations only, never the other (private) project


def test_lead_times_only_for_viewers_who_may_see_the_project(project_with_history, app):
    with psycopg.connect(app.config["DIWI_SETTINGS"].database_url) as conn:
        conn.execute("SELECT plan.set_viewer(NULL, NULL)")
        anonymous = conn.execute(
            "SELECT count(*) FROM plan.step_lead_times(%s)", (project_with_history["project"],)
        ).fetchone()[0]
        conn.execute("SELECT plan.set_viewer('user', 'GM0200', NULL, NULL, '{}'::uuid[], NULL)")
        rows = conn.execute(
            "SELECT cardinality(durations) FROM plan.step_lead_times(%s) ORDER BY 1",
            (project_with_history["project"],),
        ).fetchall()
    assert anonymous == 0 and rows == [(0,), (6,)]
