"""The worker's periodic refresh of the process summaries behind the regional table."""

import logging

import psycopg
from procrastinate import JobContext

LOGGER = logging.getLogger(__name__)
REFRESH_SUMMARIES = "diwi.refresh_process_summaries"
CRON = "10 * * * *"  # hourly: "late" steps and the what-if move on with the date


def refresh_summaries(context: JobContext, timestamp: int) -> None:
    """The periodic task: the same run as `python -m manage process-summary`."""
    from webapp.regional.summary import refresh_all

    try:
        stored = refresh_all(context.additional_context["database_url"])
        LOGGER.info("process summaries refreshed: %s", stored)
    except psycopg.Error as err:
        LOGGER.warning("process summaries failed: %s", err)
