"""Censored survival models (lifelines AFT) against the quantile boosting, on known durations."""

from datetime import date
from datetime import timedelta

import pytest

from bench import forecast as generator
from webapp.forecasts import model
from webapp.forecasts import store
from webapp.forecasts import survival

EARLY = date(2017, 1, 1)  # few finished projects, many running: the cutoff's bias is strongest


def _backtests(name: str, seeds: tuple[int, ...]) -> list[dict]:
    return [
        generator.in_memory_backtest(EARLY, seed=s, name=name, known_until=generator.KNOWN_UNTIL)
        for s in seeds
    ]


def test_censoring_keeps_the_interval_at_80_percent_when_many_projects_still_run():
    seeds = (1, 4, 5)
    survival_runs, boosting_runs = _backtests("lognormal", seeds), _backtests("cqr", seeds)
    coverage = sum(r["coverage_80"] for r in survival_runs) / len(seeds)
    boosting = sum(r["coverage_80"] for r in boosting_runs) / len(seeds)
    assert 0.76 <= coverage <= 0.9, survival_runs
    assert coverage > boosting + 0.03, (survival_runs, boosting_runs)
    for run in survival_runs:
        assert run["scored_projects"] >= 60  # every project running at the cutoff is scored
        assert run["mae_model_days"] < run["mae_planned_days"], run


def test_remaining_time_is_conditional_on_the_time_already_run():
    projects = generator.generate(300, seed=3)
    cutoff = date(2021, 1, 1)
    training, at_cutoff = store.split(generator.observations(projects, cutoff))
    fitted = survival.fit(
        "lognormal", training, generator.censored_observations(projects, cutoff), cutoff
    )
    row = next(r for r in at_cutoff if r["phase"] == "initiative")
    early, late = (row | {"observed_on": row["start_date"] + timedelta(days=d)} for d in (100, 900))
    [at_100, at_900] = fitted.predict_days(model.features([early, late]))
    assert at_100[0] <= at_100[1] <= at_100[2]
    assert at_900[1] < at_100[1]  # less to go ...
    assert 900 + at_900[1] > 100 + at_100[1]  # ... but a longer total: it has not ended yet


def test_survival_forecast_explains_its_drivers_and_names_the_model():
    projects = generator.generate(200, seed=3)
    cutoff = date(2021, 1, 1)
    training, at_cutoff = store.split(generator.observations(projects, cutoff))
    censored = generator.censored_observations(projects, cutoff)
    fitted = survival.fit("weibull", training, censored, cutoff)
    assert fitted.version.startswith("lifelines-") and "weibull-aft-censored" in fitted.version
    assert fitted.censored_projects == len({r["project_id"] for r in censored}) > 20
    row = next(r for r in at_cutoff if r["ground_position"] == "no_permission")
    labels = {"ground_position": {"no_permission": "Geen toestemming grondeigenaar"}}
    [result] = model.forecast(fitted, [row], labels)
    assert row["observed_on"] < result.p10 <= result.p50 <= result.p90
    assert result.drivers and all("verwachte doorlooptijd" in d["text"] for d in result.drivers)
    assert abs(sum(fitted.importances.values()) - 1) < 0.01
    assert fitted.importances["planned_end"] > fitted.importances["municipality_code"]


def test_too_little_history_says_so():
    projects = generator.generate(20, seed=1)
    cutoff = date(2012, 1, 1)
    training, _ = store.split(generator.observations(projects, cutoff))
    with pytest.raises(model.NotEnoughHistory):
        survival.fit(
            "lognormal", training, generator.censored_observations(projects, cutoff), cutoff
        )


@pytest.mark.db
def test_censored_observations_read_the_versioned_history(conn):
    projects = generator.generate(12, seed=2)
    ids = generator.load(conn, projects)
    cutoff = date(2021, 1, 1)
    keys = ["observed_on", "start_date", "finished", "training", "planned_end", "phase"]
    keys += ["planning_status", "plan_type", "dwellings", "ground_position", "municipality_code"]
    rows = conn.execute(
        "SELECT project_id::text, " + ", ".join(keys) + " FROM"
        " plan.forecast_censored_observations(%s) WHERE municipality_code LIKE 'GM987%%'",
        (cutoff,),
    ).fetchall()
    expected = [
        (ids[r["project_id"]], *(r[k] for k in keys))
        for r in generator.censored_observations(projects, cutoff)
    ]
    assert rows and sorted(rows) == sorted(expected)
    assert all(r[2] < cutoff for r in rows)  # only what was known before the cutoff


@pytest.mark.db
def test_forecast_run_with_a_survival_model_stores_its_name(conn):
    generator.load(conn, generator.generate(30, seed=4))
    result = store.run_forecasts(conn, name="weibull")
    assert result["stored"] > 0 and result["model_version"].startswith("lifelines-")
    versions = conn.execute(
        "SELECT DISTINCT model_version FROM plan.forecast WHERE computed_at = now()"
    ).fetchall()
    assert versions == [(result["model_version"],)]
