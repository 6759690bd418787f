"""Keep the database's current-state cache fresh as the date moves on (once a day per process)."""

import datetime as dt
import logging

import psycopg
from flask import Flask

from webapp import db

LOGGER = logging.getLogger(__name__)
EXTENSION = "diwi.cache_checked_on"


def ensure_fresh(app: Flask) -> bool:
    """Rebuild the cache when it was built on an earlier day; True when it rebuilt it."""
    today = dt.date.today()
    if app.extensions.get(EXTENSION) == today:
        return False
    try:
        with db.connection(app) as conn:
            rebuilt = conn.execute("SELECT publication.refresh_cache_if_stale()").fetchone()[0]
    except psycopg.Error as err:
        LOGGER.warning("could not check the current-state cache: %s", err)
        return False
    app.extensions[EXTENSION] = today
    if rebuilt:
        LOGGER.info("rebuilt the current-state cache for %s", today)
    return bool(rebuilt)


def init_app(app: Flask) -> None:
    """Check the cache before the first request of each day."""

    def check_cache() -> None:
        ensure_fresh(app)

    app.before_request(check_cache)
