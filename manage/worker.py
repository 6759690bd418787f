"""The job worker: keeps the current-state cache fresh as days pass (more jobs join it later)."""

import logging
import os
import time

import psycopg

LOGGER = logging.getLogger(__name__)


def run_once(url: str) -> bool:
    """Rebuild the current-state cache when it was built on an earlier day; True if rebuilt."""
    with psycopg.connect(url) as conn:
        return bool(conn.execute("SELECT publication.refresh_cache_if_stale()").fetchone()[0])


def run_forever(url: str, interval_s: float = 300.0, rounds: int | None = None) -> None:
    """Check every interval_s seconds (rounds: stop after that many checks, for tests)."""
    done = 0
    while rounds is None or done < rounds:
        try:
            if run_once(url):
                LOGGER.info("rebuilt the current-state cache")
        except psycopg.Error as err:
            LOGGER.warning("worker check failed: %s", err)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(interval_s)


def worker_url() -> str:
    """The web-app role's database URL (the cache tables are written by that role)."""
    default = "postgresql://diwi_webapp@127.0.0.1:55432/diwi"
    return os.environ.get("DIWI_DATABASE_URL") or default
