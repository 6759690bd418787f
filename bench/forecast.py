"""Lead-time forecast backtest: a generated history with known durations, and the demo data."""

import argparse
import math
import random
import time
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from webapp.forecasts import model as model_
from webapp.forecasts import store
from webapp.forecasts import survival

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITIES = {"GM9871": "Prognosedorp", "GM9872": "Voorspelstad"}  # not GM98[0-6]x: tests
PROVINCE = "PV20"
KNOWN_UNTIL = date(2050, 1, 1)  # the generator knows every end: score all running projects
EARLY = date(2017, 1, 1)  # an early cutoff: few finished projects, many running (strong bias)
# The known process: median total duration = base x factors; actual = median x lognormal noise;
# the plan is optimistic (planned = median x 0.7-0.9).
BASE_DAYS = 1400.0
GROUND_FACTOR = {"formal_permission": 0.8, "intended_cooperation": 1.0, "no_permission": 1.45}
PLAN_TYPE_FACTOR = {
    "building_transformation": 0.75,
    "densification": 1.0,
    "extension_outskirts": 1.2,
}
MUNICIPALITY_FACTOR = {"GM9871": 1.0, "GM9872": 1.15}
NOISE_SIGMA = 0.18
OPTIMISM = (0.7, 0.9)
# Phases start at these shares of the actual duration.
PHASE_SHARES = (
    ("definition", 0.15),
    ("design", 0.35),
    ("preparation", 0.55),
    ("realisation", 0.75),
)


def known_median_days(ground: str, plan_type: str, dwellings: int, municipality: str) -> float:
    """The generator's true median project duration for these covariates."""
    size = (max(dwellings, 1) / 50.0) ** 0.15
    return (
        BASE_DAYS
        * GROUND_FACTOR[ground]
        * PLAN_TYPE_FACTOR[plan_type]
        * MUNICIPALITY_FACTOR[municipality]
        * size
    )


@dataclass
class GeneratedProject:
    """One generated project: its covariates, its plan and (known) actual end."""

    municipality: str
    ground: str
    plan_type: str
    dwellings: int
    start: date
    planned_end: date
    actual_end: date


def generate(n: int = 240, seed: int = 7, today: date | None = None) -> list[GeneratedProject]:
    """n projects starting 2008-2024; their actual end drawn around the known median."""
    rng = random.Random(seed)
    today = today or date.today()
    projects = []
    for _ in range(n):
        municipality = rng.choice(list(MUNICIPALITIES))
        ground = rng.choice(list(GROUND_FACTOR))
        plan_type = rng.choice(list(PLAN_TYPE_FACTOR))
        dwellings = int(math.exp(rng.uniform(math.log(5), math.log(400))))
        start = date(2008, 1, 1) + timedelta(days=rng.randrange(365 * 17))
        median = known_median_days(ground, plan_type, dwellings, municipality)
        actual = start + timedelta(days=round(median * math.exp(rng.gauss(0, NOISE_SIGMA))))
        planned = start + timedelta(days=round(median * rng.uniform(*OPTIMISM)))
        projects.append(
            GeneratedProject(municipality, ground, plan_type, dwellings, start, planned, actual)
        )
    return [p for p in projects if p.start < today]


def _setup(conn: psycopg.Connection) -> str:
    """The generated municipalities and their owner group; returns the group id."""
    for code, name in MUNICIPALITIES.items():
        conn.execute(
            "INSERT INTO ref.municipality (code, name, province_code) VALUES (%s, %s, %s)"
            " ON CONFLICT (code) DO NOTHING",
            (code, name, PROVINCE),
        )
    found = conn.execute(
        "SELECT id::text FROM auth.user_group"
        " WHERE municipality_code = 'GM9871' AND name = 'Prognoseteam'"
    ).fetchone()
    if found:
        return found[0]
    return conn.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM9871', 'Prognoseteam')"
        " RETURNING id::text"
    ).fetchone()[0]


def load(
    conn: psycopg.Connection, projects: list[GeneratedProject], today: date | None = None
) -> list[str]:
    """Write the projects through the edit functions in conn's transaction; returns their ids."""
    today = today or date.today()
    group = _setup(conn)
    return [_load_one(conn, p, group, today) for p in projects]


def _load_one(conn: psycopg.Connection, p: GeneratedProject, group: str, today: date) -> str:
    finished = p.actual_end < today
    end = p.actual_end if finished else max(p.planned_end, today + timedelta(days=1))
    data = {
        "municipality_code": p.municipality,
        "name": f"Prognoseproject {p.start.isoformat()}",
        "phase": "initiative",
        "planning_status": "4A",
        "plan_types": [p.plan_type],
        "confidentiality_level": 7,
        "start_date": p.start.isoformat(),
        "end_date": end.isoformat(),
        "owner_group_ids": [group],
    }
    pid = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
    block = {"name": "Blok", "mutation_kind": "construction", "amount": p.dwellings}
    block["breakdown"] = {"ground_position": {p.ground: p.dwellings}}
    conn.execute("SELECT plan.create_houseblock(%s, %s)", (pid, Jsonb(block)))
    for on, phase in _phase_changes(p, end, today):
        changes = {"phase": phase} | ({"planning_status": "1A"} if phase == "realisation" else {})
        conn.execute("SELECT plan.update_project(%s, %s, NULL, %s)", (pid, Jsonb(changes), on))
    if finished:
        _record_plan_and_realise(conn, pid, p)
    return pid


def _record_plan_and_realise(conn: psycopg.Connection, pid: str, p: GeneratedProject) -> None:
    """History recorded back then: the planned end from the start, replaced by the actual end."""
    end_ms = conn.execute(
        "SELECT end_milestone_id FROM plan.project WHERE id = %s", (pid,)
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO plan.milestone_version (milestone_id, date, status, description, recorded_at,"
        " superseded_at) VALUES (%s, %s, 'planned', 'Einde project', %s, now())",
        (end_ms, p.planned_end, p.start),
    )
    conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised')", (end_ms,))


def _phase_changes(p: GeneratedProject, end: date, today: date) -> list[tuple[date, str]]:
    span = (p.actual_end - p.start).days
    changes = [
        (p.start + timedelta(days=round(span * share)), phase) for phase, share in PHASE_SHARES
    ]
    return [(on, phase) for on, phase in changes if on < min(today, end)]


def _observation(p: GeneratedProject, on: date, end: date, changes: list, planned: date) -> dict:
    state = ("initiative", "4A")
    for changed_on, phase in changes:
        if changed_on <= min(max(on, p.start), end - timedelta(days=1)):
            state = (phase, "1A" if phase == "realisation" else state[1])
    return {
        "municipality_code": p.municipality,
        "observed_on": on,
        "start_date": p.start,
        "end_date": end,
        "planned_end": planned,
        "phase": state[0],
        "planning_status": state[1],
        "plan_type": p.plan_type,
        "dwellings": p.dwellings,
        "ground_position": p.ground,
    }


def observations(
    projects: list[GeneratedProject], cutoff: date, today: date | None = None, step_days: int = 182
) -> list[dict[str, Any]]:
    """The rows plan.forecast_observations(cutoff) gives for these projects once loaded."""
    today = today or date.today()
    rows = []
    for index, p in enumerate(projects):
        if p.start > cutoff:
            continue
        finished = p.actual_end < today
        end = p.actual_end if finished else max(p.planned_end, today + timedelta(days=1))
        training = finished and end <= cutoff
        changes = _phase_changes(p, end, today)
        dates = {p.start, *(on for on, _ in changes if p.start < on < end)}
        dates |= set(_steps(p.start, end, step_days))
        planned = p.planned_end if finished else end
        for on in sorted(dates) if training else [cutoff]:
            row = _observation(p, on, end, changes, planned)
            rows.append(row | {"project_id": index, "finished": finished, "training": training})
    return rows


def censored_observations(
    projects: list[GeneratedProject], cutoff: date, today: date | None = None, step_days: int = 182
) -> list[dict[str, Any]]:
    """The rows plan.forecast_censored_observations(cutoff) gives for these projects once loaded."""
    today = today or date.today()
    rows = []
    for index, p in enumerate(projects):
        finished = p.actual_end < today
        end = p.actual_end if finished else max(p.planned_end, today + timedelta(days=1))
        if p.start >= cutoff or (finished and end <= cutoff):
            continue
        changes = _phase_changes(p, end, today)
        dates = {p.start, *(on for on, _ in changes if p.start < on < cutoff)}
        dates |= set(_steps(p.start, cutoff, step_days))
        planned = p.planned_end if finished else end
        for on in sorted(dates):
            row = _observation(p, on, end, changes, planned)
            rows.append(row | {"project_id": index, "finished": finished, "training": False})
    return rows


def _steps(start: date, end: date, step_days: int) -> list[date]:
    days = (end - start).days
    return [start + timedelta(days=d) for d in range(step_days, days, step_days)]


def recovery(model: model_.LeadTimeModel, observed_on: date) -> list[dict[str, Any]]:
    """p50 at the start of a typical project per ground position and plan type, vs the known."""
    rows = []
    for ground in GROUND_FACTOR:
        for plan_type in PLAN_TYPE_FACTOR:
            known = known_median_days(ground, plan_type, 50, "GM9871")
            planned = observed_on + timedelta(days=round(known * sum(OPTIMISM) / 2))
            row = {
                "project_id": None,
                "municipality_code": "GM9871",
                "observed_on": observed_on,
                "start_date": observed_on,
                "planned_end": planned,
                "phase": "initiative",
                "planning_status": "4A",
                "plan_type": plan_type,
                "dwellings": 50,
                "ground_position": ground,
            }
            p50 = float(model.predict_days(model_.features([row]))[0, 1])
            rows.append(
                {
                    "ground": ground,
                    "plan_type": plan_type,
                    "known_days": round(known),
                    "p50_days": round(p50),
                }
            )
    return rows


def generated_backtest(url: str, cutoff: date, n: int = 240, seed: int = 7) -> dict[str, Any]:
    """Load a generated history in a transaction that is rolled back, and backtest it."""
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        load(conn, generate(n, seed))
        loaded = time.perf_counter() - started
        result = store.backtest(conn, cutoff)
        training, _ = store.split(store.observations(conn, cutoff))
        result["recovery"] = recovery(model_.train(training), cutoff)
        result["seconds_load"] = round(loaded, 1)
        result["seconds_total"] = round(time.perf_counter() - started, 1)
        conn.rollback()
    return result


def in_memory_backtest(
    cutoff: date,
    n: int = 300,
    seed: int = 7,
    name: str = survival.DEFAULT_MODEL,
    known_until: date | None = None,
) -> dict[str, Any]:
    """The same backtest on the generator's observations without loading them (seconds).

    known_until (e.g. 2050-01-01) scores every project running at the cutoff against its known
    end, also those that have not finished by today: the backtest without the cutoff's own bias.
    """
    projects = generate(n, seed)
    training, at_cutoff = store.split(observations(projects, cutoff, known_until))
    censored = censored_observations(projects, cutoff, known_until)
    fitted = survival.fit(name, training, censored, cutoff)
    scored = [r for r in at_cutoff if r["finished"]]
    return store.score(fitted, scored) | {
        "seed": seed,
        "model": name,
        "training_projects": fitted.training_projects,
    }


def demo_backtest(url: str, cutoff: date, name: str = survival.DEFAULT_MODEL) -> dict[str, Any]:
    """The backtest on whatever history the database holds (the demo data after `make demo`)."""
    with psycopg.connect(url) as conn:
        try:
            return store.backtest(conn, cutoff, name)
        except model_.NotEnoughHistory as exc:
            return {"cutoff": cutoff, "model": name, "error": str(exc)}


def main(argv: list[str] | None = None) -> int:
    """python -m bench.forecast: run both backtests and print them (write-up: docs/forecasts.md)."""
    from manage.settings import DatabaseSettings

    parser = argparse.ArgumentParser(prog="python -m bench.forecast", description=__doc__)
    parser.add_argument("--cutoff", type=date.fromisoformat, default=date(2021, 1, 1))
    parser.add_argument("--demo-cutoff", type=date.fromisoformat, default=date(2024, 1, 1))
    parser.add_argument("--load", action="store_true", help="also load 240 projects (minutes)")
    parser.add_argument("--model", choices=survival.MODEL_NAMES, action="append")
    args = parser.parse_args(argv)
    url = DatabaseSettings().url("owner")
    names = args.model or list(survival.MODEL_NAMES)
    for cutoff, known in ((args.cutoff, None), (args.cutoff, KNOWN_UNTIL), (EARLY, KNOWN_UNTIL)):
        for name in names:
            for seed in range(1, 6):
                result = in_memory_backtest(cutoff, seed=seed, name=name, known_until=known)
                print(f"generated {cutoff} known={bool(known)}:", result)
    if args.load:
        print("generated (loaded):", generated_backtest(url, args.cutoff))
    for name in names:
        print("demo:", demo_backtest(url, args.demo_cutoff, name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
