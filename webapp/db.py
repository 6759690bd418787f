"""psycopg 3 connection pool per app, opened on first use."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import Flask
from flask import current_app
from psycopg_pool import ConnectionPool

EXTENSION = "diwi.db"


def init_app(app: Flask, url: str, max_size: int = 8) -> None:
    """Attach a (not yet opened) pool for the web-app role to the app."""
    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=max_size,
        open=False,
        timeout=10,
        kwargs={"application_name": "diwi-webapp"},
    )
    app.extensions[EXTENSION] = pool


def get_pool(app: Flask | None = None) -> ConnectionPool:
    """The app's pool, opened when it is first needed."""
    pool: ConnectionPool = (app or current_app).extensions[EXTENSION]
    if pool.closed:
        pool.open(wait=False)
    return pool


@contextmanager
def connection(app: Flask | None = None) -> Iterator[psycopg.Connection]:
    """A pooled connection inside one transaction (committed on success)."""
    with get_pool(app).connection() as conn:
        yield conn


def close(app: Flask) -> None:
    """Close the app's pool and SQLAlchemy engines (tests and shutdown)."""
    from webapp.security import orm

    pool: ConnectionPool | None = app.extensions.get(EXTENSION)
    if pool is not None and not pool.closed:
        pool.close()
    with app.app_context():
        for engine in orm.engines.values():
            engine.dispose()
