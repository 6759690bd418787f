"""python -m manage forecast: train the lead-time model and store forecasts of running projects."""

from datetime import date

import psycopg

from webapp.forecasts import model
from webapp.forecasts import store
from webapp.forecasts import survival


def run_forecast(url: str, today: date | None = None, name: str | None = None) -> str:
    """Store a forecast for every running project in one transaction; returns a summary line."""
    with psycopg.connect(url) as conn:
        try:
            result = store.run_forecasts(conn, today, name or survival.DEFAULT_MODEL)
        except model.NotEnoughHistory as exc:
            return f"Geen prognoses: te weinig historie ({exc})"
    return (
        f"{result['stored']} prognose(s) opgeslagen; geleerd van {result['training_projects']}"
        f" afgeronde projecten ({result['model_version']}); {result['milestones_moved']}"
        " voorspelde einddatum(s) bijgewerkt"
    )
