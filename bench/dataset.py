"""The diwi_bench database: create, migrate, generate once per seed/size and cache by marker row."""

import hashlib
import time
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from bench import generate
from bench.config import BenchConfig
from manage import bootstrap
from manage import migrate

MARKER_DDL = """
CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.dataset (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    fingerprint text NOT NULL,
    seed integer NOT NULL,
    projects integer NOT NULL,
    houseblocks integer NOT NULL,
    counts jsonb NOT NULL,
    seconds numeric NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
"""


@dataclass(frozen=True)
class Dataset:
    """What the benchmark knows about the loaded data."""

    fingerprint: str
    reused: bool
    seconds: float
    counts: dict


def fingerprint(cfg: BenchConfig) -> str:
    """Seed, size, generator version and the versioned migrations: a change means regenerate."""
    digest = hashlib.sha256()
    for path in sorted((migrate.SQL_DIR / "migrations").glob("*.sql")):
        digest.update(path.read_bytes())
    key = f"{cfg.seed}:{cfg.projects}:{cfg.houseblocks}:{generate.GENERATOR_VERSION}"
    return f"{key}:{digest.hexdigest()[:12]}"


def _marker(cfg: BenchConfig) -> tuple[str, dict, float] | None:
    try:
        with psycopg.connect(cfg.url(None)) as conn:
            row = conn.execute("SELECT fingerprint, counts, seconds FROM bench.dataset").fetchone()
    except psycopg.Error:
        return None
    return (row[0], row[1], float(row[2])) if row else None


def _write_marker(cfg: BenchConfig, fp: str, counts: dict, seconds: float) -> None:
    with psycopg.connect(cfg.url(None)) as conn:
        conn.execute(MARKER_DDL)
        conn.execute(
            sql.SQL("ALTER SCHEMA bench OWNER TO {}").format(sql.Identifier(cfg.db.role("owner")))
        )
        conn.execute("DELETE FROM bench.dataset")
        conn.execute(
            "INSERT INTO bench.dataset (fingerprint, seed, projects, houseblocks, counts, seconds)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (fp, cfg.seed, cfg.projects, cfg.houseblocks, Jsonb(counts), seconds),
        )


def _rebuild(cfg: BenchConfig, fp: str) -> Dataset:
    started = time.monotonic()
    bootstrap.drop_database(cfg.db, cfg.dbname)
    bootstrap.ensure_database(cfg.db, cfg.dbname)
    migrate.migrate(cfg.url("owner"))
    print(f"generating {cfg.projects} projects / {cfg.houseblocks} houseblocks (seed {cfg.seed})")
    counts = generate.generate(cfg.url(None), cfg.seed, cfg.projects, cfg.houseblocks)
    seconds = round(time.monotonic() - started, 1)
    _write_marker(cfg, fp, counts, seconds)
    return Dataset(fp, False, seconds, counts)


def ensure(cfg: BenchConfig) -> Dataset:
    """Reuse the database when its marker matches; otherwise drop, migrate and regenerate."""
    fp = fingerprint(cfg)
    marker = _marker(cfg)
    if marker and marker[0] == fp:
        migrate.migrate(cfg.url("owner"))  # re-applies the repeatable views and functions
        print(f"reusing {cfg.dbname} ({fp}, generated in {marker[2]} s)")
        return Dataset(fp, True, marker[2], marker[1])
    return _rebuild(cfg, fp)
