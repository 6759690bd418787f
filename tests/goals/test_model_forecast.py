"""Goals beside the planning forecast: the lead-time model's forecast with its range."""

import pytest

from tests.goals.conftest import World
from tests.goals.conftest import progress
from tests.goals.conftest import save_goal

pytestmark = pytest.mark.db
FORECAST_SQL = """
    INSERT INTO plan.forecast (project_id, observed_on, model_version, training_projects,
                               planned_end, p10, p50, p90)
    VALUES (%s, '2025-12-01', 'test', 20, %s, %s, %s, %s)
"""


def test_model_forecast_moves_planned_deliveries_by_the_forecast_slip(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    assert progress(conn, goal, "2026-01-01")["model_forecast"] is None  # no forecasts yet
    projects = world.projects
    # P3 (80 dwellings, 2029-12-31, project end 2032-01-01): late end slips 517 days past 2030
    conn.execute(
        FORECAST_SQL, (projects["P3"], "2032-01-01", "2031-06-01", "2032-06-01", "2033-06-01")
    )
    # P2 (50 dwellings, 2028-03-01): within the period at every quantile
    conn.execute(
        FORECAST_SQL, (projects["P2"], "2030-01-01", "2029-01-01", "2030-06-01", "2031-01-01")
    )
    # P1's block is realised: a forecast never moves delivered dwellings
    conn.execute(
        FORECAST_SQL, (projects["P1"], "2030-01-01", "2031-01-01", "2035-01-01", "2040-01-01")
    )
    result = progress(conn, goal, "2026-01-01")
    assert result["value_forecast"] == 240  # the planning forecast is unchanged
    model = result["model_forecast"]
    assert (model["early"], model["value"], model["late"]) == (240, 240, 160)
    assert model["projects"] == 2  # P2 and P3: P1 has nothing left to deliver


def test_goal_card_shows_the_model_range(conn, world: World, app) -> None:
    from flask import render_template_string

    goal = save_goal(conn, world, name="250 woningen", target=250)
    conn.execute(
        FORECAST_SQL,
        (world.projects["P3"], "2032-01-01", "2031-06-01", "2032-06-01", "2033-06-01"),
    )
    result = progress(conn, goal, "2026-01-01")
    with app.test_request_context():
        html = render_template_string(
            "{% with goals = [goal], goal_links = false, goal_heading_level = 2,"
            ' goal_styles = false %}{% include "goals/_goal_cards.html" %}{% endwith %}',
            goal=result,
        )
    assert "Prognose (model)" in html
    assert "160 \N{EN DASH} 240" in html
