"""`python -m bench.bag_check` (`make bench-bag-check`): the BAG address-count check, timed.

Our check (publication.bag_address_check, and the process around it) against the bare PostGIS
spatial join count, on the 20,000 bench projects and 1,000,000 generated verblijfsobject points
(`--small`: 100,000). The data is a clone of diwi_bench (diwi_bench_bagcheck) with every project
public, so the anonymous viewer of the process sees the same 20,000 plan areas as the bare join.
"""

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

from bench import dataset
from bench.config import BENCH_DIR
from bench.config import BenchConfig
from manage import bootstrap
from manage import migrate

SETUP_VERSION = "1"
BEGIN = "<!-- bench:bagcheck:begin -->"
END = "<!-- bench:bagcheck:end -->"
ROUNDS = 3

# Points spread around each project's centre up to 1.5 radii: about 44% fall inside its plan area.
POINTS_SQL = (
    """
CREATE TEMP TABLE pc AS
SELECT row_number() OVER (ORDER BY c.id) AS k, c.id, ST_X(ST_Centroid(c.geometry)) AS x,
       ST_Y(ST_Centroid(c.geometry)) AS y, sqrt(ST_Area(c.geometry) / pi()) AS r
FROM publication.project_cache c WHERE c.geometry IS NOT NULL""",
    """
INSERT INTO bag.pand (identificatie, feature_id, status, geometry, ingest_run_id, ingest_hash)
SELECT lpad(k::text, 16, '0'), NULL,
       CASE WHEN k %% 2 = 0 THEN 'Bouw gestart' ELSE 'Pand in gebruik' END,
       ST_Multi(ST_Buffer(ST_Point(x, y, 28992), 10, 1)), %(run)s, 'bench'
FROM pc""",
    "SELECT setseed(0.42)",
    """
INSERT INTO bag.verblijfsobject (identificatie, status, gebruiksdoel, pandidentificatie,
                                 documentdatum, geometry, ingest_run_id, ingest_hash)
SELECT lpad(n::text, 16, '0'),
       CASE WHEN s < 0.55 THEN 'Verblijfsobject in gebruik'
            WHEN s < 0.65 THEN 'Verblijfsobject in gebruik (niet ingemeten)'
            WHEN s < 0.90 THEN 'Verblijfsobject gevormd' ELSE 'Verblijfsobject ingetrokken' END,
       CASE WHEN u < 0.85 THEN 'woonfunctie' WHEN u < 0.9 THEN 'winkelfunctie,woonfunctie'
            ELSE 'kantoorfunctie' END,
       ARRAY[lpad(pc.k::text, 16, '0')], date '2020-01-01' + (n %% 2000),
       ST_Point(pc.x + 1.5 * pc.r * sqrt(d) * cos(a), pc.y + 1.5 * pc.r * sqrt(d) * sin(a), 28992),
       %(run)s, 'bench'
FROM (SELECT n, random() AS s, random() AS u, random() AS d, 2 * pi() * random() AS a
      FROM generate_series(1, %(points)s) n) g
JOIN pc ON pc.k = 1 + g.n %% (SELECT count(*) FROM pc)""",
)
RUN_SQL = """
INSERT INTO ingest.run (source, protocol, mode, area, area_geometry, collections, finished_at,
                        status, run_by)
VALUES ('bag', 'ogcapi', 'full', 'bbox:0,300000,300000,650000',
        ST_MakeEnvelope(0, 300000, 300000, 650000, 28992), ARRAY['pand', 'verblijfsobject'],
        now(), 'succeeded', 'bench') RETURNING id
"""
# The bare join: one count per current plan area, no access rule, no status split.
BARE_SQL = {
    "bare join": """
SELECT c.id, count(v.*) FROM publication.project_cache c
JOIN bag.verblijfsobject v ON ST_Intersects(v.geometry, c.geometry)
GROUP BY c.id""",
    "bare join (project_version)": """
SELECT pv.id, count(*) FROM plan.project_version pv
JOIN bag.verblijfsobject v ON ST_Intersects(v.geometry, pv.plan_area)
WHERE pv.superseded_at IS NULL
GROUP BY pv.id""",
    "bare lateral": """
SELECT c.id, n.n FROM publication.project_cache c
CROSS JOIN LATERAL (SELECT count(*) AS n FROM bag.verblijfsobject v
                    WHERE ST_Intersects(v.geometry, c.geometry)) n""",
}
OURS_SQL = "SELECT * FROM publication.bag_address_check(current_date)"


def dbname(cfg: BenchConfig) -> str:
    return f"{cfg.dbname}_bagcheck"


def fingerprint(base: dataset.Dataset, points: int) -> str:
    return f"{base.fingerprint}:b{SETUP_VERSION}:{points}"


def _marker(url: str) -> str | None:
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT fingerprint FROM bench.bagcheck").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def _clone(cfg: BenchConfig, name: str) -> None:
    """CREATE DATABASE … TEMPLATE diwi_bench, with the roles' CONNECT grants."""
    bootstrap.drop_database(cfg.db, name)
    bootstrap.ensure_database(cfg.db, name, template=cfg.dbname)
    with psycopg.connect(cfg.db.url(None, name), autocommit=True) as conn:
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}, {}").format(
                sql.Identifier(name),
                *(sql.Identifier(cfg.db.role(a)) for a in ("webapp", "ingest", "reader")),
            )
        )


def fill(url: str, points: int, fp: str) -> dict:
    """Every project public, one BAG run, a pand per project and the points; then ANALYZE."""
    started = time.monotonic()
    with psycopg.connect(url) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE plan.project_version SET confidentiality_level = 7")
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute("SELECT publication.rebuild_cache()")
        run = conn.execute(RUN_SQL).fetchone()[0]
        for statement in POINTS_SQL:
            conn.execute(statement, {"run": run, "points": points})
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench.bagcheck (id boolean PRIMARY KEY DEFAULT true "
            "CHECK (id), fingerprint text NOT NULL)"
        )
        conn.execute("DELETE FROM bench.bagcheck")
        conn.execute("INSERT INTO bench.bagcheck (fingerprint) VALUES (%s)", (fp,))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return {"seconds": round(time.monotonic() - started, 1), "points": points}


def ensure(cfg: BenchConfig, points: int) -> tuple[str, dict]:
    """The clone with its points (rebuilt when the bench data or the point count changed)."""
    base = dataset.ensure(cfg)
    name = dbname(cfg)
    fp = fingerprint(base, points)
    superuser = cfg.db.url(None, name)
    if _marker(superuser) == fp:
        migrate.migrate(cfg.db.url("owner", name))
        print(f"reusing {name} ({fp})")
        return name, {"reused": True, "fingerprint": fp}
    print(f"cloning {cfg.dbname} into {name} and generating {points} verblijfsobjecten")
    _clone(cfg, name)
    migrate.migrate(cfg.db.url("owner", name))
    info = fill(superuser, points, fp)
    print(f"  filled in {info['seconds']} s")
    return name, {"reused": False, "fingerprint": fp, **info}


def timed(work: Callable[[], int], rounds: int = ROUNDS) -> dict:
    """Median and best of `rounds` runs (after one warm-up); work returns a row count."""
    rows = work()
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return {"rows": rows, "median_s": statistics.median(seconds), "best_s": min(seconds)}


def query_runner(url: str, query: str, anonymous: bool = False) -> Callable[[], int]:
    def run() -> int:
        with psycopg.connect(url) as conn:
            conn.execute("SET statement_timeout = '600s'")
            if anonymous:
                conn.execute("SELECT plan.set_viewer(NULL)")
            return len(conn.execute(query).fetchall())

    return run


def explain(url: str, query: str, anonymous: bool = False) -> str:
    with psycopg.connect(url) as conn:
        if anonymous:
            conn.execute("SELECT plan.set_viewer(NULL)")
        rows = conn.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {query}")
        return "\n".join(row[0] for row in rows)


def process_runner(reader_url: str) -> Callable[[], int]:
    """The OGC API process in-process, as the anonymous viewer (every bench project is public)."""
    from plugins.jobs.context import viewer_scope
    from plugins.processes.bag_address_check import BagAddressCheckProcessor

    processor = BagAddressCheckProcessor({"name": "bag-address-check", "data": reader_url})

    def run() -> int:
        with viewer_scope(None):
            return len(processor.execute({})[1])

    return run


def measure(cfg: BenchConfig, name: str) -> dict:
    owner, reader = cfg.db.url("owner", name), cfg.db.url("reader", name)
    with psycopg.connect(owner) as conn:
        conn.execute("SELECT publication.refresh_cache_if_stale()")
    results: dict = {}
    for label, query in BARE_SQL.items():
        print(f"timing {label}")
        results[label] = timed(query_runner(owner, query)) | {"explain": explain(owner, query)}
    print("timing ours (SQL function, reader role)")
    results["ours: SQL"] = timed(query_runner(reader, OURS_SQL, True)) | {
        "explain": explain(reader, OURS_SQL, True)
    }
    print("timing ours (process execute)")
    results["ours: process"] = timed(process_runner(reader))
    return results


def table(results: dict) -> str:
    best_bare = min(r["median_s"] for k, r in results.items() if k.startswith("bare"))
    lines = [
        "| query | rows | median s | best s | ratio to best bare |",
        "|---|---|---|---|---|",
    ]
    for label, r in results.items():
        ratio = r["median_s"] / best_bare if best_bare else 0
        lines.append(
            f"| {label} | {r['rows']} | {r['median_s']:.2f} | {r['best_s']:.2f} | {ratio:.1f} |"
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = BENCH_DIR / "README.md"
    body = readme.read_text(encoding="utf-8")
    if BEGIN not in body or END not in body:
        print("bench/README.md has no bagcheck markers; table not written")
        return
    head, rest = body.split(BEGIN, 1)
    readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


def report(results: dict, setup: dict, points: int, seconds: float) -> Path:
    stamp = dt.datetime.now(dt.UTC)
    out = BENCH_DIR / "results" / f"bagcheck-{stamp:%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"at": stamp.isoformat(), "points": points, "setup": setup, "results": results}
    out.write_text(json.dumps(document, indent=2), encoding="utf-8")
    summary = (
        f"_Generated by `python -m bench.bag_check` on {stamp:%Y-%m-%dT%H:%M:%S}+00:00 "
        f"({seconds:.0f} s run), {points} verblijfsobjecten, `{out.name}`._\n\n{table(results)}"
    )
    print(summary)
    for label, r in results.items():
        if "explain" in r:
            print(f"\n-- EXPLAIN {label}\n{r['explain']}")
    if points >= 1_000_000:
        write_readme(summary)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100,000 points (quick check)")
    args = parser.parse_args()
    points = 100_000 if args.small else 1_000_000
    started = time.monotonic()
    cfg = BenchConfig()
    name, setup = ensure(cfg, points)
    results = measure(cfg, name)
    report(results, setup, points, time.monotonic() - started)


if __name__ == "__main__":
    main()
