"""Create DIWI's database roles, database and extensions as the cluster superuser."""

import logging

import psycopg
from psycopg import sql

from manage.settings import ROLES
from manage.settings import DatabaseSettings

LOGGER = logging.getLogger(__name__)
EXTENSIONS = ("postgis", "btree_gist")
ROLE_LOCK = 0x44495749  # "DIWI": serialises role creation between concurrent set-ups


def ensure_roles(conn: psycopg.Connection, settings: DatabaseSettings) -> None:
    """Create the login role of every actor if missing (owner may create schemas; others not).

    Runs in one transaction under an advisory lock, so two test workers or two set-ups
    starting together on a new cluster do not both try to create the same role.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (ROLE_LOCK,))
        for actor in ROLES:
            ensure_role(conn, settings, actor)


def ensure_role(conn: psycopg.Connection, settings: DatabaseSettings, actor: str) -> None:
    """Create one actor's login role if missing and set its password when one is configured."""
    name = settings.role(actor)
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    if not exists:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    password = settings.password(actor)
    if password:
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password))
        )


def ensure_database(settings: DatabaseSettings, dbname: str, template: str | None = None) -> bool:
    """Create a database owned by the owner role; returns True when it was created."""
    with psycopg.connect(settings.url(dbname="postgres"), autocommit=True) as conn:
        ensure_roles(conn, settings)
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone():
            return False
        query = sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(dbname), sql.Identifier(settings.role("owner"))
        )
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(query)
    if not template:
        with psycopg.connect(settings.url(dbname=dbname), autocommit=True) as conn:
            for ext in EXTENSIONS:
                conn.execute(
                    sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(ext))
                )
            conn.execute(
                sql.SQL(
                    "REVOKE CREATE ON SCHEMA public FROM PUBLIC; "
                    "GRANT CONNECT ON DATABASE {} TO {}, {}, {}"
                ).format(
                    sql.Identifier(dbname),
                    *(sql.Identifier(settings.role(a)) for a in ("webapp", "ingest", "reader")),
                )
            )
    LOGGER.info("created database %s", dbname)
    return True


def drop_database(settings: DatabaseSettings, dbname: str) -> None:
    """Drop a database (used for test databases), ending its sessions first."""
    with psycopg.connect(settings.url(dbname="postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )
