"""Run a processor for a recorded job, in the request (sync) or in the worker (queued)."""

import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from pygeoapi.process.base import BaseProcessor
from pygeoapi.process.base import ProcessorGenericError
from pygeoapi.process.base import UnknownProcessError
from werkzeug.utils import secure_filename

from plugins.jobs import store
from plugins.jobs.context import job_scope
from plugins.jobs.context import result_file_name
from plugins.jobs.context import viewer_scope

LOGGER = logging.getLogger(__name__)
INTERNAL_FAILURE = "De taak is mislukt door een interne fout; probeer het later opnieuw."
OWNER_GONE = "De gebruiker die deze taak startte is niet meer actief."
UNKNOWN_PROCESS = "Dit proces bestaat niet meer."
RUNNABLE = ("accepted", "running")  # running: a worker died mid-job and the queue retried it


@dataclass(frozen=True)
class Outcome:
    """What a run produced: the payload for the response and the stored result, or an error."""

    media_type: str
    payload: Any
    result: store.Result | None
    error: str | None = None

    def failure_document(self) -> dict:
        """The OGC exception body a failed synchronous run answers with."""
        code = "InvalidParameterValue"
        return {"type": code, "code": code, "description": self.error}


def error_message(err: Exception) -> str:
    """The owner-facing message of a processor error (its text), generic for anything else."""
    if isinstance(err, ProcessorGenericError):
        return str(err.args[0]) if err.args and err.args[0] else err.message
    LOGGER.error("process failed", exc_info=err)
    return INTERNAL_FAILURE


def default_file_name(process_id: str, job_id: str, media_type: str) -> str:
    """<process>-<job id>.<extension of the media type>."""
    extension = mimetypes.guess_extension(media_type.split(";")[0].strip()) or ".bin"
    return f"{process_id}-{job_id}{extension}"


def execute(
    processor: BaseProcessor,
    job_id: str,
    request: dict[str, Any],
    progress: Callable[[int, str], None],
) -> Outcome:
    """Call processor.execute with the job's inputs; never raises for a failing process."""
    extra = {"outputs": request.get("outputs")} if processor.supports_outputs else {}
    with job_scope(progress):
        try:
            media_type, payload = processor.execute(request.get("inputs") or {}, **extra)
        except Exception as err:  # a failing process fails its job, not the caller
            return Outcome("application/json", None, None, error_message(err))
        name = result_file_name() or default_file_name(processor.metadata["id"], job_id, media_type)
    if request.get("response") == "document" and isinstance(payload, dict | list | str):
        media_type, payload = "application/json", {"outputs": [payload]}
    data = store.encode_result(media_type, payload)
    return Outcome(media_type, payload, store.Result(data, media_type, secure_filename(name)))


def record(conn: psycopg.Connection, job_id: str, outcome: Outcome) -> None:
    """Store the outcome of a run on the job."""
    if outcome.error is not None:
        store.fail(conn, job_id, outcome.error)
    else:
        store.finish(conn, job_id, outcome.result)


def claim(conn: psycopg.Connection, job_id: str) -> store.QueuedJob | None:
    """Mark a queued job running; None when there is nothing to run (deleted, done, owner gone)."""
    with conn.transaction():
        job = store.queued_job(conn, job_id)
        if job is None or job.status not in RUNNABLE:
            LOGGER.info("job %s: nothing to run (%s)", job_id, job.status if job else "deleted")
            return None
        if not job.owner_active:
            store.fail(conn, job_id, OWNER_GONE)
            return None
        store.start(conn, job_id)
    return job


def run_queued(database_url: str, processors: Any, job_id: str) -> None:
    """Run one queued job as the viewer who queued it (processors: a pygeoapi manager)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        job = claim(conn, job_id)
        if job is None:
            return
        try:
            processor = processors.get_processor(job.process_id)
        except UnknownProcessError:
            store.fail(conn, job_id, UNKNOWN_PROCESS)
            return
        processor.set_job_id(job_id)

        def progress(percent: int, message: str) -> None:
            store.update_job(conn, job_id, {"progress": percent, "message": message})

        request = {
            "inputs": job.inputs,
            "outputs": job.requested_outputs,
            "response": job.requested_response,
        }
        with viewer_scope(job.viewer):
            outcome = execute(processor, job_id, request, progress)
        record(conn, job_id, outcome)
    LOGGER.info("job %s (%s) ended: %s", job_id, job.process_id, outcome.error or "successful")
