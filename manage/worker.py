"""The job worker: runs queued API jobs (procrastinate) and keeps the current-state cache fresh."""

import asyncio
import logging
import os
import threading
import time
from typing import Any

import procrastinate
import psycopg

from plugins.jobs import queue
from webapp.alerts import jobs as alert_jobs

LOGGER = logging.getLogger(__name__)
CACHE_QUEUE = "cache"
REFRESH_CACHE = "diwi.refresh_cache"


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
    """The web-app role's database URL (it writes the cache and runs the queue), as the app's."""
    from webapp.settings import WebSettings

    return WebSettings().database_url


def cache_cron(interval_s: float) -> str:
    """A procrastinate cron for an interval: whole minutes, else seconds (6th column)."""
    seconds = max(1, int(interval_s))
    if seconds % 60 == 0 and seconds < 3600:
        return f"*/{seconds // 60} * * * *"
    return f"* * * * * */{min(seconds, 59)}"


def make_worker_app(url: str, interval_s: float = 300.0) -> procrastinate.App:
    """The queue app with the job tasks plus the periodic cache refresh."""
    app = queue.make_app(url)

    def refresh_cache(timestamp: int) -> None:
        try:
            if run_once(url):
                LOGGER.info("rebuilt the current-state cache")
        except psycopg.Error as err:
            LOGGER.warning("cache check failed: %s", err)

    task = app.task(name=REFRESH_CACHE, queue=CACHE_QUEUE)(refresh_cache)
    app.periodic(cron=cache_cron(interval_s))(task)
    alert_jobs.register(app, url)
    return app


def processes_from_config() -> Any:
    """A pygeoapi manager of our config, for its processors (sets pygeoapi's env like serve)."""
    from plugins.jobs.manager import manager_from_config
    from webapp.api import pygeoapi_env
    from webapp.settings import WebSettings

    for key, value in pygeoapi_env(WebSettings()).items():
        os.environ.setdefault(key, value)
    return manager_from_config()


def run_worker(
    url: str | None = None,
    *,
    processes: Any = None,
    wait: bool = True,
    interval_s: float = 300.0,
    queues: list[str] | None = None,
) -> None:
    """Run the worker; wait=False stops once the queues are empty (tests, one-off runs)."""
    url = url or worker_url()
    app = make_worker_app(url, interval_s)
    context = {"database_url": url, "processes": processes or processes_from_config()}
    options = {
        "queues": queues,
        "name": "diwi-worker",
        "wait": wait,
        "concurrency": int(os.environ.get("DIWI_WORKER_CONCURRENCY", "2")),
        "delete_jobs": "successful",  # pygeoapi.job keeps the record and the result
        "additional_context": context,
        "install_signal_handlers": wait,
        "listen_notify": wait,
    }
    if not loop_running():
        app.run_worker(**options)
        return
    # this thread already runs an event loop (e.g. a Playwright session): use a thread of our own
    runner = threading.Thread(target=app.run_worker, kwargs=options, name="diwi-worker")
    runner.start()
    runner.join()


def loop_running() -> bool:
    """True when the calling thread is inside a running asyncio event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
