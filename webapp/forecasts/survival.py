"""Survival lead-time models: lifelines AFT fitters that count running projects as censored."""

import logging
import warnings
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

import lifelines
import numpy as np
import pandas as pd
from lifelines import LogNormalAFTFitter
from lifelines import WeibullAFTFitter
from lifelines.exceptions import ConvergenceError

from webapp.forecasts import model as model_

LOGGER = logging.getLogger(__name__)
FITTERS = {"weibull": WeibullAFTFitter, "lognormal": LogNormalAFTFitter}
PENALIZERS = (0.01, 0.1, 1.0)  # a little ridge; more when a small history does not converge
# lifelines' percentile p is a survival probability: the 10% quantile of time is where S = 0.9.
SURVIVAL_LEVELS = tuple(1 - q for q in model_.QUANTILES)
NUMERIC = ["log_dwellings", "phase_rank", "log_planned_days"]


def design(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The AFT covariates from model.features(): one-hot categoricals (first level dropped)."""
    numeric = pd.DataFrame(
        {
            "log_dwellings": frame["log_dwellings"].astype(float),
            "phase_rank": frame["phase_rank"].astype(float),
            "log_planned_days": np.log(np.maximum(frame["planned_days"].astype(float), 1.0)),
        },
        index=frame.index,
    )
    dummies = pd.get_dummies(frame[model_.CATEGORICAL], drop_first=columns is None, dtype=float)
    out = pd.concat([numeric, dummies], axis=1)
    if columns is not None:
        out = out.reindex(columns=columns, fill_value=0.0)
    return out


def durations(rows: list[dict[str, Any]], cutoff: date | None) -> pd.DataFrame:
    """Entry (days since start at the observation), duration and event of each row."""
    return pd.DataFrame(
        {
            "entry": [(r["observed_on"] - r["start_date"]).days for r in rows],
            "duration": [
                ((r["end_date"] if r["training"] else cutoff) - r["start_date"]).days for r in rows
            ],
            "event": [int(r["training"]) for r in rows],
        }
    )


@dataclass
class SurvivalModel:
    """An AFT model of the total duration; forecasts are quantiles conditional on time elapsed."""

    fitter: Any
    columns: list[str]
    reference: dict[str, Any]
    training_projects: int
    version: str
    censored_projects: int = 0
    importances: dict[str, float] = field(default_factory=dict)
    correction: float = 0.0
    calibration_projects: int = 0

    def predict_days(self, frame: pd.DataFrame) -> np.ndarray:
        """Remaining days per row (columns p10, p50, p90) given the time elapsed so far."""
        x = design(frame, self.columns)
        elapsed = frame["elapsed_days"].to_numpy(dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            columns = [
                np.asarray(self.fitter.predict_percentile(x, p=s, conditional_after=elapsed))
                for s in SURVIVAL_LEVELS
            ]
        days = np.column_stack(columns)
        return np.maximum(np.nan_to_num(np.sort(days, axis=1), nan=1.0, posinf=1e5), 1.0)

    def p50_days(self, frame: pd.DataFrame) -> np.ndarray:
        """The median remaining days per row (the drivers' counterfactuals)."""
        return self.predict_days(frame)[:, 1]


def train(
    training: list[dict[str, Any]],
    censored: list[dict[str, Any]],
    cutoff: date,
    name: str = "weibull",
) -> SurvivalModel:
    """Fit an AFT model: finished projects end, running ones are censored at the cutoff."""
    projects = len({r["project_id"] for r in training})
    if projects < model_.MIN_TRAINING_PROJECTS:
        raise model_.NotEnoughHistory(
            f"{projects} afgeronde projecten; minimaal {model_.MIN_TRAINING_PROJECTS}"
        )
    rows = training + censored
    frame = model_.features(rows)
    x = design(frame)
    x = x.loc[:, x.std() > 0]
    data = pd.concat([x, durations(rows, cutoff)], axis=1)
    fitter = _fit(name, data)
    reference = {c: frame[c].mode().iloc[0] for c in model_.CATEGORICAL}
    reference |= {c: float(frame[c].median()) for c in model_.NUMERIC}
    version = f"lifelines-{lifelines.__version__}/{name}-aft-censored/v3"
    fitted = SurvivalModel(fitter, list(x.columns), reference, projects, version)
    fitted.censored_projects = len({r["project_id"] for r in censored})
    fitted.importances = _importances(fitter, x)
    return fitted


def _fit(name: str, data: pd.DataFrame) -> Any:
    """The fitted AFT model with the smallest penalizer that converges."""
    for penalizer in PENALIZERS:
        fitter = FITTERS[name](penalizer=penalizer)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return fitter.fit(data, "duration", "event", entry_col="entry")
        except ConvergenceError:
            LOGGER.info("%s AFT did not converge with penalizer %s", name, penalizer)
    raise model_.NotEnoughHistory(f"het {name}-model convergeert niet op deze historie")


def _importances(fitter: Any, x: pd.DataFrame) -> dict[str, float]:
    """|coefficient x standard deviation| of the location parameter, shared out per driver."""
    params = fitter.params_
    location = params.index.get_level_values(0)[0]
    weights = {c: abs(float(params[(location, c)]) * float(x[c].std())) for c in x.columns}
    totals = dict.fromkeys(model_.DRIVERS, 0.0)
    source = {"log_planned_days": "planned_days", "log_dwellings": "log_dwellings"}
    for column, weight in weights.items():
        base = source.get(column, column)
        for key, (_, cols) in model_.DRIVERS.items():
            if any(base == c or base.startswith(f"{c}_") for c in cols):
                totals[key] += weight
    total = sum(totals.values()) or 1.0
    return {k: round(v / total, 3) for k, v in totals.items()}


MODEL_NAMES = ("cqr", "weibull", "lognormal")
DEFAULT_MODEL = "lognormal"


def fit(
    name: str,
    training: list[dict[str, Any]],
    censored: list[dict[str, Any]],
    cutoff: date,
    seed: int = 0,
) -> Any:
    """The named lead-time model: "cqr" (quantile boosting) or a censored AFT model."""
    if name == "cqr":
        return model_.train(training, seed)
    return train(training, censored, cutoff, name)
