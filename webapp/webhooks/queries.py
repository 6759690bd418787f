"""Webhook subscribers and their delivery log, always within the admin's own municipality."""

import secrets
from typing import Any
from uuid import UUID

from psycopg.rows import dict_row

from webapp import db

LOG_SIZE = 50


def new_secret() -> str:
    """A fresh signing secret (shown to the admin once)."""
    return "whsec_" + secrets.token_urlsafe(32)


def levels() -> list[dict]:
    with db.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT rank, label_nl FROM ref.confidentiality_level ORDER BY rank DESC"
        ).fetchall()


def list_subscriptions(municipality: str) -> list[dict]:
    with db.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT s.id, s.name, s.url, s.event_types, s.active, l.label_nl AS level, "
            "count(d.id) FILTER (WHERE d.status = 'pending') AS pending, "
            "count(d.id) FILTER (WHERE d.status = 'failed') AS failed "
            "FROM plan.webhook_subscription s "
            "JOIN ref.confidentiality_level l ON l.rank = s.max_confidentiality "
            "LEFT JOIN plan.webhook_delivery d ON d.subscription_id = s.id "
            "WHERE s.municipality_code = %s GROUP BY s.id, l.label_nl ORDER BY s.name",
            (municipality,),
        ).fetchall()


def get_subscription(municipality: str, subscription_id: UUID) -> dict | None:
    with db.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT s.id, s.name, s.url, s.event_types, s.active, s.created_at, "
            "s.max_confidentiality, l.label_nl AS level "
            "FROM plan.webhook_subscription s "
            "JOIN ref.confidentiality_level l ON l.rank = s.max_confidentiality "
            "WHERE s.municipality_code = %s AND s.id = %s",
            (municipality, subscription_id),
        ).fetchone()


def create_subscription(municipality: str, data: dict[str, Any], actor: Any) -> tuple[str, str]:
    """Insert a subscriber; returns its id and its secret."""
    secret = new_secret()
    with db.connection() as conn:
        row = conn.execute(
            "INSERT INTO plan.webhook_subscription (municipality_code, name, url, secret, "
            "event_types, max_confidentiality, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "RETURNING id::text",
            (
                municipality,
                data["name"],
                data["url"],
                secret,
                data["event_types"],
                data["max_confidentiality"],
                actor,
            ),
        ).fetchone()
    return row[0], secret


def name_taken(municipality: str, name: str) -> bool:
    with db.connection() as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM plan.webhook_subscription "
                "WHERE municipality_code = %s AND name = %s",
                (municipality, name),
            ).fetchone()
        )


def set_active(municipality: str, subscription_id: UUID, active: bool) -> bool:
    with db.connection() as conn:
        return (
            conn.execute(
                "UPDATE plan.webhook_subscription SET active = %s "
                "WHERE municipality_code = %s AND id = %s",
                (active, municipality, subscription_id),
            ).rowcount
            == 1
        )


def rotate_secret(municipality: str, subscription_id: UUID) -> str | None:
    """A new secret for the subscriber (the old one stops working at once); None if not found."""
    secret = new_secret()
    with db.connection() as conn:
        done = conn.execute(
            "UPDATE plan.webhook_subscription SET secret = %s "
            "WHERE municipality_code = %s AND id = %s",
            (secret, municipality, subscription_id),
        ).rowcount
    return secret if done == 1 else None


def delete_subscription(municipality: str, subscription_id: UUID) -> bool:
    with db.connection() as conn:
        return (
            conn.execute(
                "DELETE FROM plan.webhook_subscription WHERE municipality_code = %s AND id = %s",
                (municipality, subscription_id),
            ).rowcount
            == 1
        )


def delivery_log(subscription_id: UUID) -> list[dict]:
    """The latest deliveries with their event and last attempt."""
    with db.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT d.id, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.created_at, "
            "o.id AS event_id, o.entity, o.entity_id, o.change, o.fields, o.occurred_at, "
            "a.attempted_at, a.status_code, a.error "
            "FROM plan.webhook_delivery d JOIN plan.outbox o ON o.id = d.outbox_id "
            "LEFT JOIN LATERAL (SELECT * FROM plan.webhook_attempt x WHERE x.delivery_id = d.id "
            "ORDER BY x.id DESC LIMIT 1) a ON true "
            "WHERE d.subscription_id = %s ORDER BY d.created_at DESC LIMIT %s",
            (subscription_id, LOG_SIZE),
        ).fetchall()


def retry_failed(municipality: str, subscription_id: UUID) -> int:
    """Put the subscriber's failed deliveries back in the queue; how many."""
    with db.connection() as conn:
        return conn.execute(
            "UPDATE plan.webhook_delivery d SET status = 'pending', attempts = 0, "
            "next_attempt_at = now() FROM plan.webhook_subscription s "
            "WHERE s.id = d.subscription_id AND s.municipality_code = %s AND s.id = %s "
            "AND d.status = 'failed'",
            (municipality, subscription_id),
        ).rowcount
