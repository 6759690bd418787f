"""`python -m bench.dashboard` (`make bench-dashboard`): the standard dashboard, timed.

Every component of publication.dashboard (the counting rule, filters, small-bucket rule, JSON) at a
reference date against bare GROUP BY queries over the plan tables that give the same numbers
without any access logic, on the 20,000 bench projects (a copy of the bench data set in its own
database, diwi_bench_dashboard, so that other benchmarks are not disturbed).
"""

import argparse
import dataclasses
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from bench import dataset
from bench.config import BENCH_DIR
from bench.config import BenchConfig

BEGIN = "<!-- bench:dashboard:begin -->"
END = "<!-- bench:dashboard:end -->"
ROUNDS = 3
DEFAULT_DB = "diwi_bench_dashboard"

# The projects as planned at %(d)s with their construction and demolition, no access rule.
PROJECTS = """
    SELECT pv.project_id, pv.phase, pv.planning_status,
           coalesce(sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction'), 0)
               AS construction,
           coalesce(sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'demolition'), 0)
               AS demolition
    FROM plan.project_version_at(%(d)s) pv
    JOIN plan.project p ON p.id = pv.project_id
    LEFT JOIN plan.houseblock h ON h.project_id = p.id AND h.removed_at IS NULL
    LEFT JOIN plan.houseblock_version_at(%(d)s) hv ON hv.houseblock_id = h.id
    WHERE {where}
    GROUP BY pv.project_id, pv.phase, pv.planning_status
"""
BLOCKS = """
    SELECT hv.*, p.municipality_code FROM plan.houseblock_version_at(%(d)s) hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id JOIN plan.project p ON p.id = h.project_id
    WHERE {where} AND p.removed_at IS NULL
"""
BARE = {
    "capacity": f"""SELECT sum(construction), sum(demolition), count(*) FROM ({PROJECTS}) x
                    WHERE coalesce(planning_status, '') NOT IN ('5A', '5B')""",
    "phase": f"SELECT phase, count(*), sum(construction) FROM ({PROJECTS}) x GROUP BY 1",
    "planning_status": f"""SELECT planning_status, count(*), sum(construction)
                           FROM ({PROJECTS}) x GROUP BY 1""",
    "breakdown": f"""SELECT o.code, sum(b.amount) FROM ({BLOCKS}) hv
                     JOIN plan.houseblock_breakdown b ON b.houseblock_version_id = hv.id
                     JOIN plan.property_option o ON o.id = b.option_id GROUP BY 1""",
    "ownership": f"""SELECT l.ownership_type, sum(l.amount) FROM ({BLOCKS}) hv
                     JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hv.id
                     GROUP BY 1""",
    "price": f"""SELECT c.name, sum(l.amount) FROM ({BLOCKS}) hv
                 JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hv.id
                 LEFT JOIN plan.price_category c ON c.id = l.price_category_id
                     OR (l.price_category_id IS NULL
                         AND coalesce(l.price_cents, lower(l.price_range_cents))
                             BETWEEN c.min_cents AND coalesce(c.max_cents, 9e18))
                 GROUP BY 1""",
    "deliveries": f"""SELECT extract(year FROM delivery_latest), mutation_kind, sum(amount)
                      FROM ({BLOCKS}) hv GROUP BY 1, 2""",
    "map": f"""SELECT x.project_id, ST_AsGeoJSON(ST_Transform(pv.plan_area, 4326), 6)
               FROM ({PROJECTS}) x
               JOIN plan.project_version_at(%(d)s) pv ON pv.project_id = x.project_id""",
}
# Which bare query stands for which component (breakdowns and prices run theirs per component).
BARE_OF = {
    "capacity": "capacity",
    "phase": "phase",
    "planning_status": "planning_status",
    "target_group": "breakdown",
    "physical_appearance": "breakdown",
    "house_type": "breakdown",
    "ownership": "ownership",
    "price_purchase": "price",
    "price_rent": "price",
    "deliveries": "deliveries",
    "map": "map",
}


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A dashboard as one viewer sees it: viewer, filters and the bare queries' WHERE clause."""

    name: str
    viewer: tuple  # arguments of plan.set_viewer
    filters: dict
    where: str


def timed(work: Callable[[], object], rounds: int = ROUNDS) -> dict:
    """Median and best of `rounds` runs after one warm-up."""
    work()
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return {"median_s": statistics.median(seconds), "best_s": min(seconds)}


def scenarios(conn: psycopg.Connection) -> list[Scenario]:
    """The municipality with most projects (its user_plus) and every municipality (anonymous)."""
    code, region, province = conn.execute(
        "SELECT p.municipality_code, m.region_code, m.province_code FROM plan.project p"
        " JOIN ref.municipality m ON m.code = p.municipality_code"
        " GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()
    return [
        Scenario(
            f"one municipality ({code}, user_plus)",
            ("user_plus", code, region, province),
            {"municipality_code": code},
            f"p.municipality_code = '{code}'",
        ),
        Scenario("all municipalities (anonymous)", (None, None, None, None), {}, "true"),
    ]


def components(conn: psycopg.Connection, role: str) -> list[str]:
    return [
        key
        for key, roles in conn.execute("SELECT key, roles FROM publication.dashboard_components()")
        if role in roles and key in BARE_OF
    ]


def run_ours(reader_url: str, scenario: Scenario, component: str, day: dt.date) -> Callable:
    def run() -> object:
        with psycopg.connect(reader_url) as conn:
            conn.execute("SELECT plan.set_viewer(%s, %s, %s, %s)", scenario.viewer)
            return conn.execute(
                "SELECT publication.dashboard(%s, %s, %s, %s)",
                (component, day, Jsonb(scenario.filters), Jsonb({"from": 2020, "to": 2035})),
            ).fetchone()[0]

    return run


def run_bare(owner_url: str, query: str, day: dt.date) -> Callable:
    def run() -> object:
        with psycopg.connect(owner_url) as conn:
            return conn.execute(query, {"d": day}).fetchall()

    return run


def measure(cfg: BenchConfig, day: dt.date) -> dict:
    owner, reader = cfg.url("owner"), cfg.url("reader")
    with psycopg.connect(owner) as conn:
        conn.execute("SELECT publication.refresh_cache_if_stale()")
        found = scenarios(conn)
        roles = {s.name: components(conn, s.viewer[0] or "anonymous") for s in found}
    results: dict = {}
    for scenario in found:
        rows = {}
        for component in roles[scenario.name]:
            print(f"timing {scenario.name} {component} at {day}")
            query = BARE[BARE_OF[component]].format(where=scenario.where)
            ours = timed(run_ours(reader, scenario, component, day))
            bare = timed(run_bare(owner, query, day))
            rows[component] = {"ours": ours, "bare": bare}
        results[f"{scenario.name} at {day}"] = rows
    return results


def plan_of(cfg: BenchConfig, day: dt.date) -> str:
    """The plan of the counted project set (read once per call), as the owner with a viewer set."""
    try:
        with psycopg.connect(cfg.url("owner")) as conn:
            code = scenarios(conn)[0]
            conn.execute("SELECT plan.set_viewer(%s, %s, %s, %s)", code.viewer)
            rows = conn.execute(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) "
                "SELECT * FROM publication.dashboard_projects(%s, %s)",
                (day, Jsonb(code.filters)),
            )
            return "\n".join(row[0] for row in rows)
    except psycopg.Error as exc:  # the timings are worth keeping without the plan
        return f"(no plan: {exc})"


def table(results: dict) -> str:
    lines = [
        "| dashboard | component | ours median s | bare median s | ratio |",
        "|---|---|---|---|---|",
    ]
    for name, rows in results.items():
        ours_total = sum(r["ours"]["median_s"] for r in rows.values())
        bare_total = sum(r["bare"]["median_s"] for r in rows.values())
        for component, r in rows.items():
            o, b = r["ours"]["median_s"], r["bare"]["median_s"]
            lines.append(f"| {name} | {component} | {o:.3f} | {b:.3f} | {o / b:.1f} |")
        lines.append(
            f"| **{name}** | **all {len(rows)}** | **{ours_total:.2f}** | **{bare_total:.2f}** "
            f"| **{ours_total / bare_total:.1f}** |"
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = BENCH_DIR / "README.md"
    body = readme.read_text(encoding="utf-8")
    if BEGIN not in body or END not in body:
        print("bench/README.md has no dashboard markers; table not written")
        return
    head, rest = body.split(BEGIN, 1)
    readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


def report(results: dict, explain: str, info: dict, seconds: float) -> Path:
    stamp = dt.datetime.now(dt.UTC)
    out = BENCH_DIR / "results" / f"dashboard-{stamp:%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"at": stamp.isoformat(), "data": info, "results": results, "plan": explain}
    out.write_text(json.dumps(document, indent=2), encoding="utf-8")
    summary = (
        f"_Generated by `python -m bench.dashboard` on {stamp:%Y-%m-%dT%H:%M:%S}+00:00 "
        f"({seconds:.0f} s run), `{out.name}`; medians of {ROUNDS} runs after a warm-up._"
        f"\n\n{table(results)}"
    )
    print(summary)
    print(f"\n-- EXPLAIN dashboard_rows_phase\n{explain}")
    write_readme(summary)
    return out


def main(argv: list[str] | None = None) -> None:
    """Ensure the data, time every component today and at another reference date, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2027, 1, 1))
    args = parser.parse_args(argv)
    started = time.monotonic()
    cfg = BenchConfig()
    if cfg.dbname == "diwi_bench":
        cfg = dataclasses.replace(cfg, dbname=DEFAULT_DB)
    data = dataset.ensure(cfg)
    results = measure(cfg, dt.date.today()) | measure(cfg, args.date)
    info = {"fingerprint": data.fingerprint, "counts": data.counts, "database": cfg.dbname}
    report(results, plan_of(cfg, args.date), info, time.monotonic() - started)


if __name__ == "__main__":
    main()
