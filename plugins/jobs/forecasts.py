"""The worker's nightly lead-time forecasts (the same run as `python -m manage forecast`)."""

import logging

import psycopg
from procrastinate import JobContext

LOGGER = logging.getLogger(__name__)
REFRESH_FORECASTS = "diwi.refresh_forecasts"
CRON = "40 2 * * *"  # nightly, after the cache refresh of the new day


def refresh_forecasts(context: JobContext, timestamp: int) -> None:
    """The periodic task: train on the finished projects and store forecasts of running ones."""
    from manage.forecast import run_forecast

    try:
        LOGGER.info(run_forecast(context.additional_context["database_url"]))
    except psycopg.Error as err:
        LOGGER.warning("forecasts failed: %s", err)
