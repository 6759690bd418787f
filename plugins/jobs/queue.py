"""The procrastinate queue behind async API jobs: the worker's app, its tasks and deferring."""

import logging
import os
from typing import Any

import procrastinate
import psycopg
from procrastinate import JobContext

from plugins.jobs import forecasts
from plugins.jobs import regional
from plugins.jobs import runner
from plugins.jobs import store
from plugins.jobs import webhooks
from webapp.zgw import jobs as zgw_jobs

LOGGER = logging.getLogger(__name__)
QUEUE = "api_jobs"
RUN_JOB = "diwi.run_api_job"
RETRY_STALLED = "diwi.retry_stalled_jobs"
PRUNE_JOBS = "diwi.prune_api_jobs"
# procrastinate's tables and functions live in their own schema (migration 202612041600)
SEARCH_PATH = "procrastinate,public"
CONNECTION_KWARGS = {"options": f"-c search_path={SEARCH_PATH}"}
STALLED_AFTER_S = 60.0  # a worker without a heartbeat for this long died with its jobs

# Defers by task name on a connection the caller passes; never opened, so it holds no pool.
_DEFERRER = procrastinate.App(connector=procrastinate.SyncPsycopgConnector())


def defer_run(conn: psycopg.Connection, job_id: str) -> int:
    """Queue the run of a recorded job in conn's transaction; returns the queue job id."""
    conn.execute(f"SET LOCAL search_path = {SEARCH_PATH}")
    deferrer = _DEFERRER.configure_task(RUN_JOB, queue=QUEUE, connection=conn)
    return deferrer.defer(job_id=job_id)


def run_api_job(context: JobContext, job_id: str) -> None:
    """The task: run the job with the worker's database URL and processes."""
    extra = context.additional_context
    runner.run_queued(extra["database_url"], extra["processes"], job_id)


async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """Put the jobs of workers that died (no heartbeat) back in the queue."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S):
        LOGGER.warning("retrying stalled queue job %s (%s)", job.id, job.task_name)
        await manager.retry_job(job)


def retention_days() -> int:
    """How long a finished job and its result are kept (DIWI_JOB_RETENTION_DAYS, default 30)."""
    return int(os.environ.get("DIWI_JOB_RETENTION_DAYS") or "30")


def prune_api_jobs(context: JobContext, timestamp: int) -> None:
    """Delete finished jobs past the retention period, with their results."""
    with psycopg.connect(context.additional_context["database_url"], autocommit=True) as conn:
        removed = store.prune_finished(conn, retention_days())
    if removed:
        LOGGER.info("removed %s finished job(s) older than %s days", removed, retention_days())


def make_app(conninfo: str, **pool: Any) -> procrastinate.App:
    """A procrastinate app on conninfo with the job tasks (pool: psycopg_pool options)."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo, kwargs=CONNECTION_KWARGS, **pool)
    app = procrastinate.App(connector=connector)
    app.task(name=RUN_JOB, queue=QUEUE, pass_context=True)(run_api_job)
    stalled = app.task(name=RETRY_STALLED, queue=QUEUE, pass_context=True)(retry_stalled_jobs)
    app.periodic(cron="*/5 * * * *")(stalled)
    prune = app.task(name=PRUNE_JOBS, queue=QUEUE, pass_context=True)(prune_api_jobs)
    app.periodic(cron="17 3 * * *")(prune)
    send = app.task(name=webhooks.SEND_WEBHOOKS, queue=QUEUE, pass_context=True)
    app.periodic(cron="* * * * *")(send(webhooks.send_webhooks))  # outgoing webhooks
    refresh = app.task(name=forecasts.REFRESH_FORECASTS, queue=QUEUE, pass_context=True)
    app.periodic(cron=forecasts.CRON)(refresh(forecasts.refresh_forecasts))  # lead-time forecasts
    zgw_jobs.register(app)  # ZGW notificaties (queue zgw, retried with backoff)
    summaries = app.task(name=regional.REFRESH_SUMMARIES, queue=QUEUE, pass_context=True)
    app.periodic(cron=regional.CRON)(summaries(regional.refresh_summaries))  # regional table
    return app
