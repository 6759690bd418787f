"""python -m ingest: fetch BRK, BAG, BGT and BOR for municipalities or a bbox into their schemas."""

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence

import psycopg

from ingest import runner
from ingest import staging
from ingest.config import SOURCES
from ingest.config import ConfigError
from ingest.config import Source
from ingest.config import http_policy
from ingest.config import load_config
from ingest.config import max_removed_share
from ingest.config import source_from
from ingest.staging import Area
from manage.settings import DatabaseSettings

LOGGER = logging.getLogger(__name__)
BOUNDS_SQL = """
    SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
    FROM (SELECT ST_Extent(boundary) AS e FROM ref.municipality WHERE code = %s) b
    WHERE e IS NOT NULL
"""


def database_url() -> str:
    """DIWI_INGEST_DATABASE_URL, or the local cluster's URL for the diwi_ingest role."""
    return os.environ.get("DIWI_INGEST_DATABASE_URL") or DatabaseSettings().url("ingest")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    p.add_argument("source", nargs="?", choices=[*SOURCES, "all"], help="registry to fetch")
    p.add_argument("--municipality", action="append", default=[], metavar="GM0200")
    p.add_argument("--bbox", metavar="MINX,MINY,MAXX,MAXY", help="area in EPSG:28992")
    p.add_argument("--mode", choices=["full", "incremental"], default="full")
    p.add_argument("--protocol", choices=["ogcapi", "wfs"], help="default: the configured one")
    p.add_argument("--config", help="YAML merged over ingest/sources.yml (or DIWI_INGEST_CONFIG)")
    p.add_argument("--resume", type=int, metavar="RUN_ID", help="continue an interrupted run")
    p.add_argument("--rollback", type=int, metavar="RUN_ID", help="discard an unmerged run")
    p.add_argument("--limit", type=int, help="features per page (at most 1000)")
    p.add_argument(
        "--allow-removals", action="store_true", help="lift the mass-removal guard of full runs"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def parse_bbox(text: str) -> Area:
    """bbox:minx,miny,maxx,maxy from 'minx,miny,maxx,maxy' (EPSG:28992)."""
    try:
        minx, miny, maxx, maxy = (float(part) for part in text.split(","))
    except ValueError:
        raise ConfigError(f"--bbox {text!r}: expected minx,miny,maxx,maxy in EPSG:28992") from None
    if minx >= maxx or miny >= maxy:
        raise ConfigError(f"--bbox {text!r}: min must be below max")
    label = "bbox:" + ",".join(f"{v:g}" for v in (minx, miny, maxx, maxy))
    return Area(label, (minx, miny, maxx, maxy))


def municipality_area(conn: psycopg.Connection, code: str) -> Area:
    """The bounding box of a municipality's boundary (ref.municipality, EPSG:28992)."""
    row = conn.execute(BOUNDS_SQL, (code,)).fetchone()
    if row is None:
        raise ConfigError(f"{code}: no municipality with a boundary in ref.municipality")
    return Area(code, tuple(row))


def areas(conn: psycopg.Connection, args: argparse.Namespace) -> list[Area]:
    chosen = [municipality_area(conn, code.upper()) for code in args.municipality]
    if args.bbox:
        chosen.append(parse_bbox(args.bbox))
    if not chosen:
        raise ConfigError("choose an area: --municipality GM0200 (repeatable) or --bbox")
    return chosen


def run_args(args: argparse.Namespace, conn: psycopg.Connection, config: dict) -> int:
    """Run each chosen source over each area; the exit status (0 when all succeeded)."""
    sources = SOURCES if args.source == "all" else (args.source,)
    failures = 0
    for area in areas(conn, args):
        for name in sources:
            try:
                source = source_from(config, name, args.protocol)
            except ConfigError as exc:
                print(f"{name}: skipped: {exc}", file=sys.stderr)
                failures += args.source != "all"
                continue
            run = run_source(conn, config, args, source, area)
            failures += run["status"] != "succeeded"
    return 1 if failures else 0


def run_source(
    conn: psycopg.Connection,
    config: dict,
    args: argparse.Namespace,
    source: Source,
    area: Area,
    resume_id: int | None = None,
) -> dict:
    """One run of a source over an area (resumed when given or when one was interrupted)."""
    run = runner.start_run(conn, source, args.mode, area, resume_id)
    ctx = runner.RunContext(
        conn, run["id"], source, http_policy(config, args.limit), area.bbox, args.quiet
    )
    ctx.max_removed_share = max_removed_share(config, args.allow_removals)
    result = runner.fetch_and_merge(ctx, run["resume_state"])
    report(result)
    return result


def report(run: dict) -> None:
    """One line per run on stdout; errors name the URL."""
    line = (
        f"run {run['id']} {run['source']} {run['area']} ({run['protocol']}, {run['mode']}): "
        f"{run['status']}, {run['pages']} pages, +{run['rows_added']} ~{run['rows_changed']} "
        f"-{run['rows_removed']}"
    )
    if run["status"] != "succeeded":
        line += f"; {run['error']}" + (f" [{run['error_url']}]" if run["error_url"] else "")
    print(line)
    for row in run.get("parcel_follow_up") or ():
        print(
            f"  plan area of project {row['project_id']}: {row['outcome']} {row['details'] or ''}"
        )


def resume(conn: psycopg.Connection, config: dict, args: argparse.Namespace) -> int:
    run = staging.load_run(conn, args.resume)
    source = source_from(config, run["source"], run["protocol"])
    if [c.name for c in source.collections] != run["collections"]:
        raise ConfigError(f"run {run['id']}: configured collections differ from the run's")
    area = Area(run["area"], (run["minx"], run["miny"], run["maxx"], run["maxy"]))
    args.mode = run["mode"]
    result = run_source(conn, config, args, source, area, resume_id=run["id"])
    return 0 if result["status"] == "succeeded" else 1


def dispatch(conn: psycopg.Connection, args: argparse.Namespace) -> int:
    if args.rollback is not None:
        count = staging.rollback_run(conn, args.rollback)
        print(f"run {args.rollback} rolled back: {count} staged features discarded")
        return 0
    config = load_config(args.config)
    if args.resume is not None:
        return resume(conn, config, args)
    if args.source is None:
        raise ConfigError("name a source (brk, bag, bgt, bor or all), --resume or --rollback")
    return run_args(args, conn, config)


def raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: Sequence[str] | None = None, db_url: str | None = None) -> int:
    """The command line; 0 ok, 1 a run failed, 2 bad arguments or config, 130 interrupted."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        with psycopg.connect(db_url or database_url()) as conn:
            return dispatch(conn, args)
    except (ConfigError, ValueError, LookupError, psycopg.OperationalError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "interrupted: resume with --resume RUN_ID (or rerun the same command)", file=sys.stderr
        )
        return 130
