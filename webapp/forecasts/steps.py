"""Lead times of process steps: empirical quantiles of finished steps with the same name."""

from datetime import date
from datetime import timedelta
from typing import Any

import numpy as np
import psycopg
from psycopg.rows import dict_row

MIN_SAMPLES = 5  # fewer finished steps of a name: no forecast
LEAD_TIMES_SQL = "SELECT * FROM plan.step_lead_times(%s)"


def step_forecast(
    durations: list[int], started_on: date | None, planned_start: date, today: date
) -> dict[str, Any] | None:
    """p10/p50/p90 end of a step from earlier durations; a running step only from the durations
    longer than it has run so far (None: too few samples)."""
    if len(durations) < MIN_SAMPLES:
        return None
    start = started_on or max(planned_start, today)
    elapsed = max((today - start).days, 0)
    longer = np.array([d for d in durations if d >= elapsed], dtype=float)
    if len(longer) < MIN_SAMPLES:
        return {"samples": len(durations), "longer_than_usual": True}
    p10, p50, p90 = np.quantile(longer, [0.1, 0.5, 0.9])
    ends = [max(start + timedelta(days=round(float(q))), today) for q in (p10, p50, p90)]
    return {"samples": len(durations), "p10": ends[0], "p50": ends[1], "p90": ends[2]}


def step_forecasts(
    conn: psycopg.Connection, project_id: str, today: date | None = None
) -> dict[str, dict[str, Any]]:
    """Forecast ends of the unfinished steps of a project the viewer may see, per step id."""
    today = today or date.today()
    rows = conn.cursor(row_factory=dict_row).execute(LEAD_TIMES_SQL, (project_id,)).fetchall()
    result = {}
    for row in rows:
        found = step_forecast(row["durations"], row["started_on"], row["planned_start"], today)
        if found:
            result[str(row["step_id"])] = found
    return result
