"""The job records in pygeoapi.job: owner-scoped reads for the API, status writes for runners."""

import json
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from pygeoapi.util import DATETIME_FORMAT

SET_VIEWER = "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[], %s::uuid)"
STATUS_COLUMNS = (
    "id::text AS identifier, process_id, status, message, progress, created, started, finished, "
    "updated, result_media_type"
)
UPDATABLE = frozenset({"status", "message", "progress", "queue_job_id"})
JSON_TYPE = "application/json"  # pygeoapi serialises a parsed result only for this exact type


@dataclass(frozen=True)
class QueuedJob:
    """What a worker needs to run a recorded job."""

    id: str
    process_id: str
    status: str
    viewer: dict
    inputs: dict
    requested_outputs: dict | None
    requested_response: str
    owner_active: bool


@dataclass(frozen=True)
class Result:
    """A job's result as stored: bytes, media type and download name."""

    data: bytes
    media_type: str
    file_name: str


def set_viewer(conn: psycopg.Connection, viewer: dict) -> None:
    """plan.set_viewer for this transaction: the row security of pygeoapi.job keys on it."""
    conn.execute(
        SET_VIEWER,
        (
            viewer.get("role"),
            viewer.get("municipality_code"),
            viewer.get("region_code"),
            viewer.get("province_code"),
            list(viewer.get("group_ids") or []),
            viewer.get("user_id"),
        ),
    )


def timestamp(value: datetime | None) -> str | None:
    """pygeoapi's job timestamp text (UTC)."""
    return value.astimezone(UTC).strftime(DATETIME_FORMAT) if value is not None else None


def as_pygeoapi_job(row: dict) -> dict:
    """A status row as the job dict pygeoapi's /jobs endpoints read."""
    return {
        "type": "process",
        "identifier": row["identifier"],
        "process_id": row["process_id"],
        "status": row["status"],
        "message": row["message"],
        "progress": row["progress"],
        "created": timestamp(row["created"]),
        "started": timestamp(row["started"] or row["created"]),
        "finished": timestamp(row["finished"]),
        "updated": timestamp(row["updated"]),
        "mimetype": row["result_media_type"] or "application/octet-stream",
    }


def insert_job(conn: psycopg.Connection, job_id: str, process_id: str, viewer: dict) -> None:
    """Record a new job of the viewer's user (status accepted)."""
    conn.execute(
        "INSERT INTO pygeoapi.job (id, owner_id, process_id, execution, viewer, message) "
        "VALUES (%s, %s, %s, 'sync', %s, 'Taak aangenomen')",
        (job_id, viewer["user_id"], process_id, Jsonb(viewer)),
    )


def record_request(
    conn: psycopg.Connection, job_id: str, execution: str, request: dict[str, Any]
) -> None:
    """Store how the job was asked for: sync or async, inputs, outputs and response."""
    conn.execute(
        "UPDATE pygeoapi.job SET execution = %s, inputs = %s, requested_outputs = %s, "
        "requested_response = %s, updated = now() WHERE id = %s",
        (
            execution,
            Jsonb(request.get("inputs") or {}),
            Jsonb(request["outputs"]) if request.get("outputs") is not None else None,
            request.get("response") or "raw",
            job_id,
        ),
    )


def update_job(conn: psycopg.Connection, job_id: str, changes: dict[str, Any]) -> bool:
    """Set status columns of a job; True when the job exists (for this connection's role)."""
    columns = sorted(set(changes) & UPDATABLE)
    if not columns:
        return False
    assignments = ", ".join(f"{name} = %s" for name in columns)
    row = conn.execute(
        f"UPDATE pygeoapi.job SET {assignments}, updated = now() WHERE id = %s RETURNING 1",
        [*(changes[name] for name in columns), job_id],
    ).fetchone()
    return row is not None


def owned_jobs(conn: psycopg.Connection, owner_id: str, limit: int, offset: int) -> dict:
    """The owner's jobs, newest first, with the total count (pygeoapi's get_jobs shape)."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            f"SELECT {STATUS_COLUMNS}, count(*) OVER () AS matched FROM pygeoapi.job "
            "WHERE owner_id = %s ORDER BY created DESC, id DESC LIMIT %s OFFSET %s",
            (owner_id, limit, offset),
        ).fetchall()
    if not rows and offset:
        matched = conn.execute(
            "SELECT count(*) FROM pygeoapi.job WHERE owner_id = %s", (owner_id,)
        ).fetchone()[0]
    else:
        matched = rows[0]["matched"] if rows else 0
    return {"jobs": [as_pygeoapi_job(r) for r in rows], "numberMatched": matched}


def owned_job(conn: psycopg.Connection, owner_id: str, job_id: str) -> dict | None:
    """One of the owner's jobs (None: unknown or someone else's)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            f"SELECT {STATUS_COLUMNS} FROM pygeoapi.job WHERE id = %s AND owner_id = %s",
            (job_id, owner_id),
        ).fetchone()
    return as_pygeoapi_job(row) if row else None


def owned_result(conn: psycopg.Connection, owner_id: str, job_id: str) -> Result | None:
    """The stored result of one of the owner's successful jobs."""
    row = conn.execute(
        "SELECT result, result_media_type, result_file_name FROM pygeoapi.job "
        "WHERE id = %s AND owner_id = %s AND status = 'successful' AND result IS NOT NULL",
        (job_id, owner_id),
    ).fetchone()
    return Result(bytes(row[0]), row[1], row[2] or "") if row else None


def delete_owned(conn: psycopg.Connection, owner_id: str, job_id: str) -> bool:
    """Remove one of the owner's jobs and its result; False when there is no such job."""
    row = conn.execute(
        "DELETE FROM pygeoapi.job WHERE id = %s AND owner_id = %s RETURNING 1", (job_id, owner_id)
    ).fetchone()
    return row is not None


def queued_job(conn: psycopg.Connection, job_id: str) -> QueuedJob | None:
    """A job as the worker sees it (None: deleted by its owner meanwhile), row locked."""
    row = conn.execute(
        "SELECT j.id::text, j.process_id, j.status, j.viewer, j.inputs, j.requested_outputs, "
        "j.requested_response, coalesce(u.active, false) FROM pygeoapi.job j "
        "LEFT JOIN auth.app_user u ON u.id = j.owner_id WHERE j.id = %s FOR UPDATE OF j",
        (job_id,),
    ).fetchone()
    return QueuedJob(*row) if row else None


def encode_result(media_type: str, payload: Any) -> bytes:
    """A process's payload as bytes: dict/list as JSON, str as UTF-8, bytes as they are."""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode("utf-8")
    return json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")


def decode_result(result: Result) -> Any:
    """What pygeoapi's results endpoint expects: parsed JSON for JSON, bytes otherwise."""
    if result.media_type == JSON_TYPE:
        return json.loads(result.data.decode("utf-8"))
    return result.data


def start(conn: psycopg.Connection, job_id: str) -> None:
    """Mark a job running."""
    conn.execute(
        "UPDATE pygeoapi.job SET status = 'running', message = 'Taak loopt', progress = 10, "
        "started = now(), updated = now() WHERE id = %s",
        (job_id,),
    )


def finish(conn: psycopg.Connection, job_id: str, result: Result) -> None:
    """Mark a job successful with its result."""
    conn.execute(
        "UPDATE pygeoapi.job SET status = 'successful', progress = 100, message = 'Taak klaar', "
        "finished = now(), updated = now(), result = %s, result_media_type = %s, "
        "result_file_name = %s WHERE id = %s",
        (result.data, result.media_type, result.file_name, job_id),
    )


def fail(conn: psycopg.Connection, job_id: str, message: str) -> None:
    """Mark a job failed with the message its owner sees."""
    conn.execute(
        "UPDATE pygeoapi.job SET status = 'failed', message = %s, finished = now(), "
        "updated = now() WHERE id = %s",
        (message, job_id),
    )


def prune_finished(conn: psycopg.Connection, days: int) -> int:
    """Delete jobs (and results) that ended more than `days` days ago; returns how many."""
    cur = conn.execute(
        "DELETE FROM pygeoapi.job WHERE finished < now() - make_interval(days => %s)", (days,)
    )
    return cur.rowcount
