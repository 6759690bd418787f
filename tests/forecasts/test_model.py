"""The lead-time model on a generated history whose true durations are known (no database)."""

from datetime import date

from bench import forecast as generator
from webapp.forecasts import model
from webapp.forecasts import store


def test_known_durations_are_recovered():
    projects = generator.generate(300, seed=11)
    training, _ = store.split(generator.observations(projects, date.today()))
    fitted = model.train(training)
    for row in generator.recovery(fitted, date(2025, 1, 1)):
        error = abs(row["p50_days"] - row["known_days"]) / row["known_days"]
        assert error < 0.25, row
    # the slowest profile (no landowner permission, outskirts) is forecast as the slowest
    slowest = max(generator.recovery(fitted, date(2025, 1, 1)), key=lambda r: r["p50_days"])
    assert (slowest["ground"], slowest["plan_type"]) == ("no_permission", "extension_outskirts")


def test_backtest_interval_is_calibrated_and_beats_the_planned_date():
    projects = generator.generate(300, seed=5)
    training, at_cutoff = store.split(generator.observations(projects, date(2021, 1, 1)))
    fitted = model.train(training)
    result = store.score(fitted, [r for r in at_cutoff if r["finished"]])
    assert result["scored_projects"] >= 40
    assert 0.65 <= result["coverage_80"] <= 0.95, result
    assert result["mae_model_days"] < result["mae_planned_days"], result


def test_drivers_are_explained_in_dutch():
    projects = generator.generate(200, seed=3)
    training, at_cutoff = store.split(generator.observations(projects, date(2021, 1, 1)))
    fitted = model.train(training)
    row = next(r for r in at_cutoff if r["ground_position"] == "no_permission")
    labels = {"ground_position": {"no_permission": "Geen toestemming grondeigenaar"}}
    [result] = model.forecast(fitted, [row], labels)
    assert result.p10 <= result.p50 <= result.p90
    assert 1 <= len(result.drivers) <= 3
    texts = " ".join(d["text"] for d in result.drivers)
    assert "verwachte doorlooptijd" in texts
    assert set(fitted.importances) == set(model.DRIVERS)
    assert 0.5 < sum(fitted.importances.values()) <= 1.0001  # the rest: time elapsed


def test_conformal_calibration_brings_the_interval_to_80_percent():
    coverages, raw = [], []
    for seed in (1, 2, 4):
        projects = generator.generate(300, seed=seed)
        training, at_cutoff = store.split(generator.observations(projects, date(2021, 1, 1)))
        fitted = model.train(training)
        scored = [r for r in at_cutoff if r["finished"]]
        coverages.append(store.score(fitted, scored)["coverage_80"])
        assert fitted.calibration_projects >= 30 and fitted.correction > 0
        fitted.correction = 0.0  # the uncalibrated quantiles of the same models
        raw.append(store.score(fitted, scored)["coverage_80"])
    mean = sum(coverages) / len(coverages)
    assert 0.74 <= mean <= 0.9, coverages
    assert mean > sum(raw) / len(raw) + 0.05, (coverages, raw)
