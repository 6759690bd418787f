"""Who a process runs for, in a web request and in the worker alike (for processors to call).

A processor (``pygeoapi.process.base.BaseProcessor``) never reads the viewer from its inputs:

    from plugins.jobs.context import current_viewer, report_progress, set_result_file_name

    viewer = current_viewer()  # dict or None (anonymous)
    report_progress(40, "Woningblokken verzameld")  # optional, for long async jobs
    set_result_file_name("levering-zuid-holland.xlsx")  # optional, the download name

``current_viewer()`` returns the viewer dict (keys ``role``, ``municipality_code``,
``region_code``, ``province_code``, ``group_ids``, ``user_id``; see ``webapp.viewer.viewer_for``)
of the user who started the job. In the worker it is the viewer captured from the request that
queued the job (set by ``viewer_scope``); in a synchronous run it is
``flask.request.environ["diwi.viewer"]`` put there by the /api guard; None means anonymous.
Pass it to ``plan.set_viewer`` (``webapp.viewer.set_viewer``) in the transaction that reads
plan data. ``report_progress`` updates the job's progress and message (no-op outside a job);
``set_result_file_name`` names the result file (default ``<process>-<job id>.<ext>``).
"""

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import flask

ENVIRON_KEY = "diwi.viewer"  # the same key as webapp.viewer.ENVIRON_KEY (no webapp import here)

_VIEWER: ContextVar[dict | None] = ContextVar("diwi_job_viewer", default=None)
_IN_JOB: ContextVar[bool] = ContextVar("diwi_in_worker_job", default=False)
_PROGRESS: ContextVar[Callable[[int, str], None] | None] = ContextVar(
    "diwi_job_progress", default=None
)
_FILE_NAME: ContextVar[str | None] = ContextVar("diwi_job_file_name", default=None)


def current_viewer() -> dict[str, Any] | None:
    """The viewer a process runs for: the worker's job viewer first, then the request's."""
    if _IN_JOB.get():
        return _VIEWER.get()
    if flask.has_request_context():
        return flask.request.environ.get(ENVIRON_KEY)
    return None


@contextmanager
def viewer_scope(viewer: dict | None) -> Iterator[None]:
    """Run the enclosed code as viewer (the worker, for a queued job)."""
    viewer_token = _VIEWER.set(viewer)
    job_token = _IN_JOB.set(True)
    try:
        yield
    finally:
        _IN_JOB.reset(job_token)
        _VIEWER.reset(viewer_token)


@contextmanager
def job_scope(progress: Callable[[int, str], None]) -> Iterator[None]:
    """Collect progress reports and the result file name of one run (the job manager)."""
    progress_token = _PROGRESS.set(progress)
    name_token = _FILE_NAME.set(None)
    try:
        yield
    finally:
        _PROGRESS.reset(progress_token)
        _FILE_NAME.reset(name_token)


def report_progress(percent: int, message: str = "") -> None:
    """Tell the job's owner how far the process is (0-100) and what it is doing."""
    callback = _PROGRESS.get()
    if callback is not None:
        callback(max(0, min(100, int(percent))), message)


def set_result_file_name(name: str) -> None:
    """The file name the job's result is downloaded under."""
    _FILE_NAME.set(name)


def result_file_name() -> str | None:
    """The file name the running process asked for (None: the default)."""
    return _FILE_NAME.get()
