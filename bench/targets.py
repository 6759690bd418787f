"""The three systems under test: our pygeoapi app, tipg and raw PostGIS, with their set-up."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from bench import servers
from bench.config import ROOT
from bench.config import BenchConfig

LOG_DIR = ROOT / "var" / "bench"
TIPG_COLLECTION = "bench.projects"
PROVIDER = ROOT / "plugins" / "providers" / "postgis.py"
APP_INIT = ROOT / "webapp" / "__init__.py"


def readable_role(cfg: BenchConfig) -> str:
    """The reader role when it may read the publication view, else the owner (no grants yet)."""
    try:
        with psycopg.connect(cfg.url("reader")) as conn:
            conn.execute("SELECT 1 FROM publication.projects LIMIT 0")
        return "reader"
    except psycopg.Error:
        return "owner"


def create_tipg_view(cfg: BenchConfig) -> None:
    """bench.projects = publication.projects with a typed geometry column.

    The publication view's geometry comes out of a set-returning function and loses its typmod,
    so tipg would assume SRID 4326 and skip ST_Transform; the cast restores geometry(MultiPolygon,
    28992). Recreated each run because migrate drops the publication schema with CASCADE.
    """
    with psycopg.connect(cfg.url("owner")) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT attname FROM pg_attribute "
                "WHERE attrelid = 'publication.projects'::regclass "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
            ).fetchall()
        ]
        cols = [
            sql.SQL("geometry::geometry(MultiPolygon, 28992) AS geometry")
            if n == "geometry"
            else sql.Identifier(n)
            for n in names
        ]
        conn.execute("CREATE SCHEMA IF NOT EXISTS bench")
        conn.execute("DROP VIEW IF EXISTS bench.projects")
        conn.execute(
            sql.SQL("CREATE VIEW bench.projects AS SELECT {} FROM publication.projects").format(
                sql.SQL(", ").join(cols)
            )
        )
        role = sql.Identifier(cfg.db.role("reader"))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA bench TO {}").format(role))
        conn.execute(sql.SQL("GRANT SELECT ON bench.projects TO {}").format(role))


def tipg_server(cfg: BenchConfig, role: str) -> servers.Server:
    env = {
        "DATABASE_URL": cfg.url(role),
        "TIPG_DB_SCHEMAS": '["bench"]',
        "TIPG_DB_TABLES": f'["{TIPG_COLLECTION}"]',
        "TIPG_DB_FUNCTIONS": "[]",
        "TIPG_DB_DATETIME_EXTENT": "false",
        "TIPG_DB_MAX_CONN_SIZE": "10",
        "TIPG_MAX_FEATURES_PER_QUERY": "10000",
    }
    argv = servers.uvicorn_argv(cfg.tipg_port, cfg.workers)
    base = f"http://127.0.0.1:{cfg.tipg_port}"
    return servers.spawn("tipg", argv, env, base, LOG_DIR / "tipg.log")


def ours_available() -> str | None:
    """None when our provider and app factory exist; otherwise why not."""
    if not PROVIDER.exists():
        return f"{PROVIDER.relative_to(ROOT)} does not exist yet"
    if not re.search(r"^def create_app\(", APP_INIT.read_text(), re.MULTILINE):
        return "webapp.create_app() does not exist yet"
    if importlib.util.find_spec("manage.serve") is None:
        return "manage/serve.py (generate_openapi) does not exist yet"
    return None


def ours_env(cfg: BenchConfig, role: str) -> dict[str, str]:
    var_dir = LOG_DIR / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "DIWI_DATABASE_URL": cfg.url(role),
        "DIWI_READER_DATABASE_URL": cfg.url(role),
        "DIWI_PUBLIC_URL": f"http://127.0.0.1:{cfg.ours_port}",
        "DIWI_SECRET_KEY": "bench-only-secret",
        "DIWI_VAR_DIR": str(var_dir),
        "DIWI_DB_NAME": cfg.dbname,
    }


def generate_openapi(env: dict[str, str]) -> None:
    """Run manage.serve.generate_openapi in a child with the bench environment."""
    code = "from manage.serve import generate_openapi; generate_openapi()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"generate_openapi failed:\n{result.stderr[-3000:]}")


def ours_server(cfg: BenchConfig, role: str) -> servers.Server:
    env = ours_env(cfg, role)
    generate_openapi(env)
    argv = servers.gunicorn_argv(cfg.ours_port, cfg.workers)
    base = f"http://127.0.0.1:{cfg.ours_port}/api"
    return servers.spawn("ours", argv, env, base, LOG_DIR / "ours.log")


def ours_collection(base_url: str) -> str:
    """The id of our projects collection ('projects', or the first id mentioning project)."""
    body = httpx.get(f"{base_url}/collections", params={"f": "json"}, timeout=60).json()
    ids = [c["id"] for c in body.get("collections", [])]
    if "projects" in ids:
        return "projects"
    matches = [i for i in ids if "project" in i.lower() and "houseblock" not in i.lower()]
    if not matches:
        raise RuntimeError(f"no projects collection among {ids}")
    return matches[0]


def log_path(name: str) -> Path:
    return LOG_DIR / f"{name}.log"
