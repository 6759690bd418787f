"""Outgoing webhooks: fan the outbox out to subscribers and POST signed CloudEvents with retries."""

import hashlib
import hmac
import json
import logging
import time
from datetime import datetime
from datetime import timedelta
from typing import Any

import psycopg
import requests
from procrastinate import JobContext
from psycopg.rows import dict_row

LOGGER = logging.getLogger(__name__)
SEND_WEBHOOKS = "diwi.send_webhooks"
SIGNATURE_HEADER = "X-DIWI-Signature-256"
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
MAX_ATTEMPTS = 8  # after the eighth failed POST a delivery is marked failed
RETRY_BASE_S = 30.0  # waits 30 s, 1 min, 2 min, ... doubled per attempt
RETRY_MAX_S = 6 * 3600.0
TIMEOUT_S = 10.0
BATCH = 100

DUE_SQL = """
    SELECT d.id FROM plan.webhook_delivery d
    JOIN plan.webhook_subscription s ON s.id = d.subscription_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND s.active
    ORDER BY d.next_attempt_at LIMIT %s
"""
CLAIM_SQL = """
    SELECT d.id, d.attempts, s.url, s.secret, o.id AS event_id, o.entity, o.entity_id,
           o.project_id, o.municipality_code, o.change, o.fields, o.occurred_at
    FROM plan.webhook_delivery d
    JOIN plan.webhook_subscription s ON s.id = d.subscription_id
    JOIN plan.outbox o ON o.id = d.outbox_id
    WHERE d.id = %s AND d.status = 'pending' AND d.next_attempt_at <= now() AND s.active
    FOR UPDATE OF d SKIP LOCKED
"""


def sign(secret: str, body: bytes) -> str:
    """The signature header value: 'sha256=' + hex HMAC-SHA256 of the raw body with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def subject(row: dict) -> str:
    """The entity's path within the source: projects/<id>[/houseblocks|milestones/<id>]."""
    project = f"projects/{row['project_id']}"
    if row["entity"] == "project":
        return project
    return f"{project}/{row['entity']}s/{row['entity_id']}"


def cloud_event(row: dict, source: str) -> dict[str, Any]:
    """The CloudEvents 1.0 structured-mode event of an outbox row."""
    occurred: datetime = row["occurred_at"]
    return {
        "specversion": "1.0",
        "id": str(row["event_id"]),
        "source": source,
        "type": f"nl.diwi.{row['entity']}.changed",
        "time": occurred.isoformat().replace("+00:00", "Z"),
        "subject": subject(row),
        "datacontenttype": "application/json",
        "data": {
            "entity": row["entity"],
            "id": str(row["entity_id"]),
            "project_id": str(row["project_id"]),
            "municipality_code": row["municipality_code"],
            "change": row["change"],
            "changed_fields": list(row["fields"]),
        },
    }


def backoff(attempts: int, base_s: float = RETRY_BASE_S) -> timedelta:
    """The wait before the next try after `attempts` failed ones (doubling, at most 6 hours)."""
    return timedelta(seconds=min(base_s * 2 ** max(attempts - 1, 0), RETRY_MAX_S))


def post(url: str, body: bytes, secret: str, event_id: str) -> dict[str, Any]:
    """POST once; the outcome as status_code/error/duration_ms (never raises)."""
    headers = {
        "Content-Type": CONTENT_TYPE,
        SIGNATURE_HEADER: sign(secret, body),
        "User-Agent": "DIWI-webhooks/1",
        "X-DIWI-Event-Id": event_id,
    }
    started = time.monotonic()
    outcome: dict[str, Any] = {"status_code": None, "error": None}
    try:
        response = requests.post(
            url, data=body, headers=headers, timeout=TIMEOUT_S, allow_redirects=False
        )
        outcome["status_code"] = response.status_code
        if not 200 <= response.status_code < 300:
            outcome["error"] = f"HTTP {response.status_code}"
    except requests.RequestException as err:
        outcome["error"] = type(err).__name__
    outcome["duration_ms"] = int((time.monotonic() - started) * 1000)
    return outcome


def record(conn: psycopg.Connection, row: dict, outcome: dict, base_s: float) -> str:
    """Log the attempt and move the delivery on: delivered, retried later, or failed."""
    conn.execute(
        "INSERT INTO plan.webhook_attempt (delivery_id, status_code, error, duration_ms) "
        "VALUES (%s, %s, %s, %s)",
        (row["id"], outcome["status_code"], outcome["error"], outcome["duration_ms"]),
    )
    attempts = row["attempts"] + 1
    if outcome["error"] is None:
        status = "delivered"
    else:
        status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
    conn.execute(
        "UPDATE plan.webhook_delivery SET attempts = %s, status = %s, "
        "delivered_at = CASE WHEN %s = 'delivered' THEN now() END, "
        "next_attempt_at = now() + %s WHERE id = %s",
        (attempts, status, status, backoff(attempts, base_s), row["id"]),
    )
    return status


def send_one(url: str, delivery_id: Any, source: str, base_s: float) -> str | None:
    """Claim one due delivery and send it; its new status, or None when taken or no longer due."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        row = conn.execute(CLAIM_SQL, (delivery_id,)).fetchone()
        if row is None:
            return None
        body = json.dumps(cloud_event(row, source), separators=(",", ":")).encode()
        outcome = post(row["url"], body, row["secret"], str(row["event_id"]))
        return record(conn, row, outcome, base_s)


def send_due(url: str, source: str | None = None, base_s: float = RETRY_BASE_S) -> dict[str, int]:
    """Fan out new events, then try every due delivery once; counts per resulting status."""
    source = source or default_source()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT plan.webhook_fan_out()")
        due = [r[0] for r in conn.execute(DUE_SQL, (BATCH,)).fetchall()]
    counts: dict[str, int] = {}
    for delivery_id in due:
        status = send_one(url, delivery_id, source, base_s)
        if status:
            counts[status] = counts.get(status, 0) + 1
    if counts:
        LOGGER.info("webhook deliveries: %s", counts)
    return counts


def default_source() -> str:
    """The CloudEvents source: this DIWI instance's public URL."""
    from webapp.settings import WebSettings

    return WebSettings().public_url.rstrip("/")


def send_webhooks(context: JobContext, timestamp: int) -> None:
    """The periodic task: send what is due with the worker's database URL."""
    try:
        send_due(context.additional_context["database_url"])
    except psycopg.Error as err:
        LOGGER.warning("sending webhooks failed: %s", err)
