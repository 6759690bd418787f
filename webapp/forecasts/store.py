"""Reading observations from the database, storing forecasts and scoring them against history."""

import logging
from datetime import date
from typing import Any

import numpy as np
import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp.forecasts import model as model_
from webapp.forecasts import survival

LOGGER = logging.getLogger(__name__)
OBSERVATIONS_SQL = "SELECT * FROM plan.forecast_observations(%s) ORDER BY project_id, observed_on"
CENSORED_SQL = (
    "SELECT * FROM plan.forecast_censored_observations(%s) ORDER BY project_id, observed_on"
)
LABELS_SQL = """
    SELECT 'plan_type', code, label_nl FROM ref.plan_type
    UNION ALL SELECT 'planning_status', code, label_nl FROM ref.planning_status
    UNION ALL SELECT 'phase', code, label_nl FROM ref.project_phase
    UNION ALL SELECT 'municipality_code', code, name FROM ref.municipality
    UNION ALL SELECT 'ground_position', o.code, o.label_nl FROM plan.property_option o
        JOIN plan.property p ON p.id = o.property_id AND p.key = 'ground_position'
"""
INSERT_SQL = """
    INSERT INTO plan.forecast (project_id, observed_on, model_version, training_projects,
                               planned_end, p10, p50, p90, drivers)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def observations(conn: psycopg.Connection, cutoff: date) -> list[dict[str, Any]]:
    """plan.forecast_observations(cutoff) as dicts."""
    return conn.cursor(row_factory=dict_row).execute(OBSERVATIONS_SQL, (cutoff,)).fetchall()


def censored_observations(conn: psycopg.Connection, cutoff: date) -> list[dict[str, Any]]:
    """plan.forecast_censored_observations(cutoff) as dicts (running projects, censored)."""
    return conn.cursor(row_factory=dict_row).execute(CENSORED_SQL, (cutoff,)).fetchall()


def fit(conn: psycopg.Connection, name: str, cutoff: date, training: list[dict[str, Any]]) -> Any:
    """The named model trained at cutoff (the survival models also read the censored history)."""
    censored = [] if name == "cqr" else censored_observations(conn, cutoff)
    return survival.fit(name, training, censored, cutoff)


def labels(conn: psycopg.Connection) -> dict[str, dict[str, str]]:
    """Dutch labels of the categorical values, per driver."""
    result: dict[str, dict[str, str]] = {"ground_position": {"unknown": "onbekend"}}
    result["plan_type"] = {"none": "geen plantype"}
    for kind, code, label in conn.execute(LABELS_SQL):
        result.setdefault(kind, {})[code] = label
    return result


def split(rows: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Training rows (finished by the cutoff) and the rows at the cutoff of all other projects."""
    return [r for r in rows if r["training"]], [r for r in rows if not r["training"]]


def run_forecasts(
    conn: psycopg.Connection, today: date | None = None, name: str = survival.DEFAULT_MODEL
) -> dict[str, Any]:
    """Train the named model on the history and store a forecast for every running project."""
    today = today or date.today()
    training, current = split(observations(conn, today))
    running = [r for r in current if not r["finished"]]
    model = fit(conn, name, today, training)
    results = model_.forecast(model, running, labels(conn))
    for f in results:
        conn.execute(
            INSERT_SQL,
            (
                f.project_id,
                f.observed_on,
                model.version,
                model.training_projects,
                f.planned_end,
                f.p10,
                f.p50,
                f.p90,
                Jsonb(f.drivers),
            ),
        )
    moved = conn.execute("SELECT plan.record_forecast_end_dates()").fetchone()[0]
    LOGGER.info(
        "stored %s forecast(s) from %s finished projects; %s forecast end milestone(s) moved",
        len(results),
        model.training_projects,
        moved,
    )
    return {
        "stored": len(results),
        "milestones_moved": moved,
        "training_projects": model.training_projects,
        "model_version": model.version,
        "importances": model.importances,
    }


def backtest(
    conn: psycopg.Connection, cutoff: date, name: str = survival.DEFAULT_MODEL
) -> dict[str, Any]:
    """Train on the history up to cutoff; score the projects running then that finished later."""
    training, current = split(observations(conn, cutoff))
    scored = [r for r in current if r["finished"]]
    model = fit(conn, name, cutoff, training)
    return score(model, scored) | {
        "model_version": model.version,
        "cutoff": cutoff,
        "training_projects": model.training_projects,
        "calibration_projects": model.calibration_projects,
    }


def score(model: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Calibration of the 80% interval and mean absolute error in days against the planned date."""
    if not rows:
        return {"scored_projects": 0}
    days = model.predict_days(model_.features(rows))
    actual = model_.remaining_days(rows)
    planned = np.array([(r["planned_end"] - r["observed_on"]).days for r in rows], dtype=float)
    inside = (days[:, 0] <= actual) & (actual <= days[:, 2])
    return {
        "scored_projects": len(rows),
        "coverage_80": round(float(inside.mean()), 3),
        "mae_model_days": round(float(np.abs(days[:, 1] - actual).mean()), 1),
        "mae_planned_days": round(float(np.abs(planned - actual).mean()), 1),
        "interval_width_days": round(float((days[:, 2] - days[:, 0]).mean()), 1),
        "conformal_correction": round(model.correction, 3),
    }
