"""pygeoapi process manager: jobs in pygeoapi.job per owner, async runs queued for the worker.

Config (pygeoapi-config.yml): ``server.manager: {name: plugins.jobs.manager.QueuedManager,
connection: <libpq URL of the reader role>, output_dir: <unused, required by the schema>}``.
Sync runs execute in the request, as the request's viewer; async runs (``Prefer: respond-async``
for a process that lists ``async-execute``, or a process without ``sync-execute``) are recorded
with the requester's viewer and deferred to procrastinate (``python -m manage worker`` runs them).
The /jobs endpoints show a job only to its owner (others and anonymous: 404 / empty list).
"""

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

import flask
import psycopg
from psycopg_pool import ConnectionPool
from pygeoapi.process.base import BaseProcessor
from pygeoapi.process.base import JobNotFoundError
from pygeoapi.process.base import JobResultNotFoundError
from pygeoapi.process.base import ProcessorExecuteError
from pygeoapi.process.manager.base import BaseManager
from pygeoapi.util import JobStatus

from plugins.jobs import queue
from plugins.jobs import runner
from plugins.jobs import store
from plugins.jobs.context import current_viewer

LOGGER = logging.getLogger(__name__)
QUEUED_MESSAGE = "Taak staat in de wachtrij"


class OwnerRequiredError(ProcessorExecuteError):
    """Only a signed-in user with a role can own a job."""

    http_status_code = HTTPStatus.FORBIDDEN
    ogc_exception_code = "Forbidden"
    default_msg = "Alleen een ingelogde gebruiker met een rol kan een proces uitvoeren."


def viewer_user_id() -> str | None:
    """The user id of the current viewer (None: anonymous)."""
    viewer = current_viewer()
    return str(viewer["user_id"]) if viewer and viewer.get("user_id") else None


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class QueuedManager(BaseManager):
    def __init__(self, manager_def: dict) -> None:
        """Cheap: the pool opens on first use (openapi generation never connects)."""
        super().__init__(manager_def)
        self.is_async = True
        self.supports_subscribing = False  # no callback URLs: nothing calls out of the worker
        self._pool: ConnectionPool | None = None
        self._pool_lock = threading.Lock()

    def pool(self) -> ConnectionPool:
        """This manager's connection pool (the reader role of the config's connection)."""
        if self._pool is None:
            with self._pool_lock:
                if self._pool is None:
                    pool = ConnectionPool(self.connection, min_size=1, max_size=4, open=False)
                    pool.open(wait=True)
                    self._pool = pool
        return self._pool

    def close(self) -> None:
        """Close the pool (tests, shutdown)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    @contextmanager
    def viewer_transaction(self) -> Iterator[tuple[psycopg.Connection, str]]:
        """A transaction as the current viewer, with its user id; anonymous owns no job."""
        owner_id = viewer_user_id()
        if owner_id is None:
            raise JobNotFoundError()
        with self.pool().connection() as conn:
            store.set_viewer(conn, current_viewer())
            yield conn, owner_id

    def get_jobs(
        self, status: JobStatus = None, limit: int | None = None, offset: int | None = None
    ) -> dict:
        try:
            with self.viewer_transaction() as (conn, owner_id):
                return store.owned_jobs(conn, owner_id, limit or 100, offset or 0)
        except JobNotFoundError:
            return {"jobs": [], "numberMatched": 0}

    def get_job(self, job_id: str) -> dict:
        if not is_uuid(job_id):
            raise JobNotFoundError()
        with self.viewer_transaction() as (conn, owner_id):
            job = store.owned_job(conn, owner_id, job_id)
        if job is None:
            raise JobNotFoundError()
        return job

    def get_job_result(self, job_id: str) -> tuple[str, Any]:
        if not is_uuid(job_id):
            raise JobNotFoundError()
        with self.viewer_transaction() as (conn, owner_id):
            result = store.owned_result(conn, owner_id, job_id)
        if result is None:
            raise JobResultNotFoundError()
        offer_download(result)
        return result.media_type, store.decode_result(result)

    def delete_job(self, job_id: str) -> bool:
        if not is_uuid(job_id):
            raise JobNotFoundError()
        with self.viewer_transaction() as (conn, owner_id):
            deleted = store.delete_owned(conn, owner_id, job_id)
        if not deleted:
            raise JobNotFoundError()
        return True

    def add_job(self, job_metadata: dict) -> str:
        viewer = current_viewer()
        if not viewer or not viewer.get("user_id"):
            raise OwnerRequiredError(OwnerRequiredError.default_msg)
        job_id = job_metadata["identifier"]
        with self.pool().connection() as conn:
            store.set_viewer(conn, viewer)
            store.insert_job(conn, job_id, job_metadata["process_id"], viewer)
        return job_id

    def update_job(self, job_id: str, update_dict: dict) -> bool:
        with self.viewer_transaction() as (conn, _owner_id):
            return store.update_job(conn, job_id, update_dict)

    def _execute_handler_sync(
        self,
        p: BaseProcessor,
        job_id: str,
        data_dict: dict,
        requested_outputs: dict | None = None,
        subscriber: Any = None,
        requested_response: str | None = "raw",
    ) -> tuple[str, Any, JobStatus]:
        """Run in this request as its viewer; the result is stored with the job."""
        request = job_request(data_dict, requested_outputs, requested_response)
        with self.viewer_transaction() as (conn, _owner_id):
            store.record_request(conn, job_id, "sync", request)
            store.start(conn, job_id)
        outcome = runner.execute(p, job_id, request, self._progress_writer(job_id))
        with self.viewer_transaction() as (conn, _owner_id):
            runner.record(conn, job_id, outcome)
        if outcome.error is not None:
            return "application/json", outcome.failure_document(), JobStatus.failed
        return outcome.media_type, outcome.payload, JobStatus.successful

    def _execute_handler_async(
        self,
        p: BaseProcessor,
        job_id: str,
        data_dict: dict,
        requested_outputs: dict | None = None,
        subscriber: Any = None,
        requested_response: str | None = "raw",
    ) -> tuple[str, None, JobStatus]:
        """Record the request and queue the run, in one transaction; the worker runs it."""
        request = job_request(data_dict, requested_outputs, requested_response)
        with self.viewer_transaction() as (conn, _owner_id):
            store.record_request(conn, job_id, "async", request)
            queue_job_id = queue.defer_run(conn, job_id)
            changes = {"queue_job_id": queue_job_id, "message": QUEUED_MESSAGE}
            store.update_job(conn, job_id, changes)
        return "application/json", None, JobStatus.accepted

    def _progress_writer(self, job_id: str):
        def write(percent: int, message: str) -> None:
            self.update_job(job_id, {"progress": percent, "message": message})

        return write

    def __repr__(self) -> str:
        return f"<QueuedManager> {self.name}"


def execute_request(inputs: dict, outputs: dict | None, response: str | None) -> dict:
    """An execute request's parts as the job records them."""
    return {"inputs": inputs, "outputs": outputs, "response": response or "raw"}


def offer_download(result: store.Result) -> None:
    """Name the result file in the response (Content-Disposition) when serving a request."""
    if not flask.has_request_context() or result.media_type == store.JSON_TYPE:
        return
    name = result.file_name or "resultaat"

    @flask.after_this_request
    def add_disposition(response: flask.Response) -> flask.Response:
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def manager_from_config() -> BaseManager:
    """The process manager of the pygeoapi config in PYGEOAPI_CONFIG (the worker's processes)."""
    from pygeoapi.config import get_config
    from pygeoapi.process.manager.base import get_manager

    return get_manager(get_config())


def job_request(inputs: dict, outputs: dict | None, response: str | None) -> dict:
    """What a job was asked to do, as stored with it (and handed to the worker)."""
    return {"inputs": inputs, "outputs": outputs, "response": response}
