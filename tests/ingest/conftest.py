"""Ingest tests: the real local registry servers, the real CLI, the migrated test database."""

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
import yaml
from psycopg.rows import dict_row

from ingest.cli import main
from ingest.demo import local_config
from tests.fixtures.registry_servers import registry_servers  # noqa: F401
from tests.fixtures.registry_servers import registry_servers_v1  # noqa: F401

# a little wider than the fixtures' block, so every fixture object (the trees too) is inside
BBOX = "193600,468600,194400,469400"
TABLES = ("brk.perceel", "bag.pand", "bag.verblijfsobject", "bag.adres", "bgt.object", "bor.object")
CLEAN_SQL = [f"DELETE FROM {t}" for t in TABLES] + [
    "DELETE FROM ingest.run_change",
    "DELETE FROM ingest.staged_feature",
    "DELETE FROM ingest.run",
]


@pytest.fixture
def ingest_url(migrated_db) -> str:
    return migrated_db.url("ingest")


@pytest.fixture
def clean_registry(owner_url: str) -> None:
    """Empty registry tables and run log before a test."""
    with psycopg.connect(owner_url) as conn:
        for statement in CLEAN_SQL:
            conn.execute(statement)


@pytest.fixture
def servers(registry_servers_v1, clean_registry):  # noqa: F811
    return registry_servers_v1


@pytest.fixture
def config_path(servers, tmp_path: Path) -> Path:
    """A sources config for the local servers: quick retries, short timeouts."""
    config = local_config(servers, attempts=3, backoff_seconds=0.01)
    config["http"]["timeout_seconds"] = 2
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture
def ingest(config_path: Path, ingest_url: str) -> Callable[..., int]:
    """`python -m ingest ARGS --config <local> --bbox BBOX --quiet` in-process; its exit status."""

    def run(*argv: str, bbox: str | None = BBOX) -> int:
        area = ["--bbox", bbox] if bbox else []
        return main([*argv, "--config", str(config_path), *area, "--quiet"], db_url=ingest_url)

    return run


def query(url: str, sql: str, params: tuple = ()) -> list[dict]:
    with psycopg.connect(url) as conn:
        return conn.cursor(row_factory=dict_row).execute(sql, params).fetchall()


def counts(url: str) -> dict[str, int]:
    """Rows per fixture collection in the registry tables."""
    result = {}
    for table in ("brk.perceel", "bag.pand", "bag.verblijfsobject", "bag.adres"):
        result[table.split(".")[1]] = query(url, f"SELECT count(*) AS n FROM {table}")[0]["n"]
    for table, column in (("bgt.object", "collection"), ("bor.object", "layer")):
        for row in query(url, f"SELECT {column} AS name, count(*) AS n FROM {table} GROUP BY 1"):
            result[row["name"]] = row["n"]
    return result


def runs(url: str) -> list[dict]:
    return query(url, "SELECT * FROM ingest.run ORDER BY id")


def changes(url: str, run_id: int) -> dict[str, set[str]]:
    rows = query(
        url, "SELECT change, source_id FROM ingest.run_change WHERE run_id = %s", (run_id,)
    )
    result: dict[str, set[str]] = {"added": set(), "changed": set(), "removed": set()}
    for row in rows:
        result[row["change"]].add(row["source_id"])
    return result


def snapshot(url: str, table: str, key: str, leave_out: tuple[str, ...] = ()) -> dict:
    """Every row of a table by key, without the bookkeeping columns (and leave_out)."""
    skip = {"ingest_run_id", "ingest_hash", "ingested_at", *leave_out}
    rows = query(url, f"SELECT *, ST_AsText(geometry) AS geometry FROM {table}")
    return {row[key]: {k: v for k, v in row.items() if k not in skip} for row in rows}
