"""The lead-time model: scikit-learn quantile gradient boosting on finished projects' history."""

import math
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

QUANTILES = (0.1, 0.5, 0.9)
MODEL_VERSION = f"sklearn-{sklearn.__version__}/gbr-quantile-cqr/v2"
PHASE_RANK = {
    "concept": 1,
    "initiative": 2,
    "definition": 3,
    "design": 4,
    "preparation": 5,
    "realisation": 6,
    "aftercare": 7,
}
CATEGORICAL = ["municipality_code", "planning_status", "plan_type", "ground_position"]
NUMERIC = ["elapsed_days", "planned_remaining_days", "planned_days", "log_dwellings", "phase_rank"]
# Drivers: the covariates a user can read, with the feature columns each one sets (Dutch names).
DRIVERS = {
    "dwellings": ("Omvang", ["log_dwellings"]),
    "plan_type": ("Plantype", ["plan_type"]),
    "planning_status": ("Planstatus", ["planning_status"]),
    "ground_position": ("Grondpositie", ["ground_position"]),
    "municipality_code": ("Gemeente", ["municipality_code"]),
    "phase": ("Fase", ["phase_rank"]),
    "planned_end": ("Geplande einddatum", ["planned_remaining_days", "planned_days"]),
}
MIN_TRAINING_PROJECTS = 8  # below this the quantiles mean nothing
CALIBRATION_SHARE = 0.25  # finished projects held out to calibrate the 80% interval (CQR)
MIN_CALIBRATION_PROJECTS = 5  # fewer: no calibration, the raw quantiles


class NotEnoughHistory(RuntimeError):
    """Too few finished projects to learn lead times from."""


def features(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The model's feature columns from forecast_observations rows (dates as datetime.date)."""
    frame = pd.DataFrame(rows)
    observed = pd.to_datetime(frame["observed_on"])
    planned = pd.to_datetime(frame["planned_end"])
    out = pd.DataFrame(
        {
            "elapsed_days": (observed - pd.to_datetime(frame["start_date"])).dt.days,
            "planned_remaining_days": (planned - observed).dt.days,
            "planned_days": (planned - pd.to_datetime(frame["start_date"])).dt.days,
            "log_dwellings": np.log1p(frame["dwellings"].astype(float)),
            "phase_rank": frame["phase"].map(PHASE_RANK).fillna(0),
        }
    )
    for column in CATEGORICAL:
        out[column] = frame[column].fillna("none").astype(str)
    return out[CATEGORICAL + NUMERIC]


def remaining_days(rows: list[dict[str, Any]]) -> np.ndarray:
    """The target: days from each observation to the project's actual end (at least 1)."""
    return np.array([max(1, (r["end_date"] - r["observed_on"]).days) for r in rows], dtype=float)


def _pipeline(alpha: float, seed: int) -> Pipeline:
    encoder = OneHotEncoder(handle_unknown="ignore", min_frequency=3, sparse_output=False)
    booster = GradientBoostingRegressor(
        loss="quantile",
        alpha=alpha,
        n_estimators=150,
        max_depth=3,
        learning_rate=0.05,
        min_samples_leaf=15,
        subsample=0.8,
        random_state=seed,
    )
    columns = ColumnTransformer([("cat", encoder, CATEGORICAL)], remainder="passthrough")
    return Pipeline([("columns", columns), ("model", booster)])


@dataclass
class LeadTimeModel:
    """Three quantile models (p10, p50, p90) of log remaining days, with reference values.

    `correction` widens (or narrows) the p10-p90 interval in log days: conformalized quantile
    regression (Romano et al. 2019) on held-out finished projects.
    """

    models: dict[float, Pipeline]
    reference: dict[str, Any]
    training_projects: int
    version: str = MODEL_VERSION
    importances: dict[str, float] = field(default_factory=dict)
    correction: float = 0.0
    calibration_projects: int = 0

    def predict_days(self, frame: pd.DataFrame) -> np.ndarray:
        """Remaining days per row for each quantile (columns p10, p50, p90), in order."""
        logs = self.predict_logs(frame)
        logs[:, 0] -= self.correction
        logs[:, 2] += self.correction
        return np.maximum(np.expm1(np.sort(logs, axis=1)), 1.0)

    def p50_days(self, frame: pd.DataFrame) -> np.ndarray:
        """The median remaining days per row (the drivers' counterfactuals)."""
        return np.maximum(np.expm1(self.models[0.5].predict(frame)), 1.0)

    def predict_logs(self, frame: pd.DataFrame) -> np.ndarray:
        """The uncalibrated quantile models' log remaining days (columns p10, p50, p90)."""
        return np.column_stack([self.models[q].predict(frame) for q in QUANTILES])


def split_projects(rows: list[dict[str, Any]], seed: int) -> tuple[list[dict], list[dict]]:
    """The proper training rows and the calibration rows: whole projects, drawn at random."""
    projects = sorted({r["project_id"] for r in rows}, key=str)
    held = round(len(projects) * CALIBRATION_SHARE)
    if held < MIN_CALIBRATION_PROJECTS:
        return rows, []
    chosen = set(np.random.default_rng(seed).permutation(np.array(projects, dtype=object))[:held])
    return [r for r in rows if r["project_id"] not in chosen], [
        r for r in rows if r["project_id"] in chosen
    ]


def conformal_correction(model: LeadTimeModel, rows: list[dict[str, Any]]) -> float:
    """CQR: the (1 - alpha)(1 + 1/n) quantile of max(p10 - y, y - p90) on the calibration rows."""
    logs = model.predict_logs(features(rows))
    target = np.log1p(remaining_days(rows))
    scores = np.maximum(logs[:, 0] - target, target - logs[:, 2])
    coverage = QUANTILES[2] - QUANTILES[0]
    level = min(1.0, coverage * (1 + 1 / len(scores)))
    return float(np.quantile(scores, level, method="higher"))


def train(rows: list[dict[str, Any]], seed: int = 0) -> LeadTimeModel:
    """Fit the quantile models on part of the finished projects, calibrate on the rest."""
    projects = len({r["project_id"] for r in rows})
    if projects < MIN_TRAINING_PROJECTS:
        raise NotEnoughHistory(f"{projects} afgeronde projecten; minimaal {MIN_TRAINING_PROJECTS}")
    proper, calibration = split_projects(rows, seed)
    frame = features(proper)
    target = np.log1p(remaining_days(proper))
    models = {q: _pipeline(q, seed).fit(frame, target) for q in QUANTILES}
    reference = {c: frame[c].mode().iloc[0] for c in CATEGORICAL}
    reference |= {c: float(frame[c].median()) for c in NUMERIC}
    model = LeadTimeModel(models, reference, projects)
    model.importances = _importances(models[0.5], list(frame.columns))
    if calibration:
        model.correction = conformal_correction(model, calibration)
        model.calibration_projects = len({r["project_id"] for r in calibration})
    return model


def _importances(pipeline: Pipeline, columns: list[str]) -> dict[str, float]:
    """Feature importances of the p50 model summed per driver."""
    names = pipeline.named_steps["columns"].get_feature_names_out()
    weights = pipeline.named_steps["model"].feature_importances_
    totals = dict.fromkeys(DRIVERS, 0.0)
    for name, weight in zip(names, weights, strict=True):
        column = name.split("__", 1)[1]
        for key, (_, cols) in DRIVERS.items():
            if any(column == c or column.startswith(f"{c}_") for c in cols):
                totals[key] += float(weight)
    return {k: round(v, 3) for k, v in totals.items()}


@dataclass
class Forecast:
    """One forecast: the quantile dates and the main drivers."""

    project_id: Any
    observed_on: date
    planned_end: date | None
    p10: date
    p50: date
    p90: date
    drivers: list[dict[str, Any]]


def forecast(
    model: Any,
    rows: list[dict[str, Any]],
    labels: dict[str, dict[str, str]] | None = None,
) -> list[Forecast]:
    """Forecasts for observation rows of running projects, each with its three main drivers."""
    if not rows:
        return []
    frame = features(rows)
    days = model.predict_days(frame)
    effects = driver_effects(model, frame, days[:, 1])
    result = []
    for i, row in enumerate(rows):
        p10, p50, p90 = (row["observed_on"] + timedelta(days=round(d)) for d in days[i])
        drivers = explain(row, effects[i], model.reference, labels or {})
        result.append(
            Forecast(
                row["project_id"], row["observed_on"], row["planned_end"], p10, p50, p90, drivers
            )
        )
    return result


def driver_effects(model: Any, frame: pd.DataFrame, p50: np.ndarray) -> list[dict[str, float]]:
    """Per row and driver: days the p50 forecast is longer than with the reference value."""
    per_driver = {}
    for key, (_, columns) in DRIVERS.items():
        changed = frame.copy()
        for column in columns:
            changed[column] = model.reference[column]
        per_driver[key] = p50 - model.p50_days(changed)
    return [{k: float(v[i]) for k, v in per_driver.items()} for i in range(len(frame))]


def value_text(key: str, row: dict[str, Any], labels: dict[str, dict[str, str]]) -> str:
    """The project's value of a driver in Dutch."""
    if key == "dwellings":
        return f"{row['dwellings']} woningen"
    if key == "planned_end":
        return f"gepland {row['planned_end'].isoformat()}" if row["planned_end"] else "geen"
    value = row.get(key)
    return labels.get(key, {}).get(value, value or "onbekend")


def reference_text(key: str, reference: dict[str, Any], labels: dict[str, dict[str, str]]) -> str:
    """The reference (most common / median) value of a driver in Dutch."""
    if key == "dwellings":
        return f"{round(math.expm1(reference['log_dwellings']))} woningen"
    if key == "phase":
        rank = round(reference["phase_rank"])
        code = next((c for c, r in PHASE_RANK.items() if r == rank), "")
        return labels.get("phase", {}).get(code, code)
    if key == "planned_end":
        return f"een project met nog {round(reference['planned_remaining_days'])} dagen planning"
    value = reference[key]
    return labels.get(key, {}).get(value, value)


def explain(
    row: dict[str, Any], effects: dict[str, float], reference: dict[str, Any], labels: dict
) -> list[dict[str, Any]]:
    """The three drivers with the largest effect, each with a Dutch sentence."""
    ranked = sorted(effects.items(), key=lambda item: -abs(item[1]))[:3]
    drivers = []
    for key, effect in ranked:
        days = round(effect)
        if days == 0:
            continue
        verb = "verlengt" if days > 0 else "verkort"
        name = DRIVERS[key][0]
        text = (
            f"{name} ({value_text(key, row, labels)}) {verb} de verwachte doorlooptijd met "
            f"{abs(days)} dagen ten opzichte van {reference_text(key, reference, labels)}."
        )
        drivers.append({"feature": key, "name": name, "effect_days": days, "text": text})
    return drivers
