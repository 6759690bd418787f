"""SQL of the ZGW link: settings, zaaktype mapping, the inbox and the receive tokens."""

import hashlib
import hmac
from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.zgw import sealing

CONFIG_SQL = """
    SELECT municipality_code, zaken_url, notificaties_url, catalogi_url, client_id, secret,
           abonnement_url, subscribed_at FROM plan.zgw_config WHERE municipality_code = %s
"""
INBOX_SQL = """
    SELECT n.received_at, n.state, n.zaak_url, n.project_id, n.matched_by, n.reason, n.changes,
           n.attempts, n.error, n.processed_at, n.body ->> 'actie' AS actie,
           (SELECT v.name FROM plan.project_version v WHERE v.project_id = n.project_id
              AND v.superseded_at IS NULL ORDER BY v.recorded_at DESC LIMIT 1) AS project_name
    FROM plan.zgw_notification n WHERE n.municipality_code = %s
    ORDER BY n.received_at DESC LIMIT %s
"""
CONFIG_FIELDS = ("zaken_url", "notificaties_url", "catalogi_url", "client_id", "secret")
DEDUP_FIELDS = ("kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def municipality_for_token(token: str) -> str | None:
    """The municipality whose abonnement carries this bearer token (compared in constant time)."""
    digest = token_hash(token)
    with db.connection() as conn:
        row = conn.execute(
            "SELECT municipality_code, receive_token_sha256 FROM plan.zgw_config "
            "WHERE receive_token_sha256 = %s",
            (digest,),
        ).fetchone()
    if row is None or not hmac.compare_digest(row[1], digest):
        return None
    return row[0]


def dedup_key(body: dict) -> str:
    """The same notificatie (same fields) gives the same key."""
    text = "\x1f".join(str(body.get(name, "")) for name in DEDUP_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()


def store_notification(municipality: str, body: dict) -> str | None:
    """Store a notificatie once and queue its processing; None when it was already stored."""
    with db.connection() as conn, conn.transaction():
        return queue_notification(conn, municipality, body)


def queue_notification(conn: Any, municipality: str, body: dict) -> str | None:
    """In the caller's transaction: the notificatie into the inbox (once) and its job queued."""
    from webapp.zgw import jobs

    row = conn.execute(
        "INSERT INTO plan.zgw_notification (municipality_code, dedup_key, body, zaak_url) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (municipality_code, dedup_key) DO NOTHING "
        "RETURNING id::text",
        (municipality, dedup_key(body), Jsonb(body), body.get("hoofdObject")),
    ).fetchone()
    if row is None:
        return None
    jobs.defer_process(conn, row[0])
    return row[0]


def outcomes(municipality: str) -> list[dict]:
    with db.connection() as conn:
        return (
            conn.cursor(row_factory=dict_row)
            .execute(
                "SELECT o.id, o.omschrijving, s.label_nl AS status FROM plan.zgw_outcome o "
                "JOIN ref.milestone_status s ON s.code = o.status "
                "WHERE o.municipality_code = %s ORDER BY lower(o.omschrijving)",
                (municipality,),
            )
            .fetchall()
        )


def add_outcome(municipality: str, omschrijving: str, status: str) -> bool:
    """Add an outcome mapping; False when this omschrijving already has one."""
    with db.connection() as conn:
        row = conn.execute(
            "INSERT INTO plan.zgw_outcome (municipality_code, omschrijving, status) "
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            (municipality, omschrijving, status),
        ).fetchone()
    return row is not None


def delete_outcome(municipality: str, outcome_id: str) -> bool:
    with db.connection() as conn:
        cur = conn.execute(
            "DELETE FROM plan.zgw_outcome WHERE id = %s AND municipality_code = %s",
            (outcome_id, municipality),
        )
    return cur.rowcount > 0


def config(municipality: str) -> dict | None:
    """The settings (secret sealed; a plain one from before sealing is sealed now)."""
    with db.connection() as conn:
        found = conn.cursor(row_factory=dict_row).execute(CONFIG_SQL, (municipality,)).fetchone()
        if found is not None:
            sealing.reseal_plain(conn, municipality, found["secret"])
    return found


def save_config(municipality: str, data: dict) -> None:
    """Insert or update the settings; an empty secret keeps the stored one."""
    with db.connection() as conn:
        conn.execute(
            """INSERT INTO plan.zgw_config (municipality_code, zaken_url, notificaties_url,
                                            catalogi_url, client_id, secret)
               VALUES (%(m)s, %(zaken_url)s, %(notificaties_url)s, nullif(%(catalogi_url)s, ''),
                       %(client_id)s,
                       coalesce(nullif(%(secret)s, ''), (SELECT c.secret FROM plan.zgw_config c
                                                          WHERE c.municipality_code = %(m)s)))
               ON CONFLICT (municipality_code) DO UPDATE SET zaken_url = excluded.zaken_url,
                   notificaties_url = excluded.notificaties_url, client_id = excluded.client_id,
                   catalogi_url = excluded.catalogi_url,
                   secret = excluded.secret,
                   updated_at = now()""",
            {"m": municipality, **data, "secret": sealing.seal(data["secret"])},
        )


def record_subscription(municipality: str, token: str, abonnement_url: str | None) -> None:
    with db.connection() as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = %s, abonnement_url = %s, "
            "subscribed_at = now() WHERE municipality_code = %s",
            (token_hash(token), abonnement_url, municipality),
        )


def clear_subscription(municipality: str) -> None:
    """Forget the abonnement and its receive token (the token stops working at once)."""
    with db.connection() as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = NULL, abonnement_url = NULL, "
            "subscribed_at = NULL WHERE municipality_code = %s",
            (municipality,),
        )


def mappings(municipality: str) -> list[dict]:
    with db.connection() as conn:
        return (
            conn.cursor(row_factory=dict_row)
            .execute(
                "SELECT m.id, m.zaaktype, m.moment, m.description, s.label_nl AS status "
                "FROM plan.zgw_mapping m JOIN ref.milestone_status s ON s.code = m.status "
                "WHERE m.municipality_code = %s ORDER BY m.zaaktype, m.moment DESC",
                (municipality,),
            )
            .fetchall()
        )


def add_mapping(municipality: str, data: dict) -> bool:
    """Add a mapping; False when the zaaktype already has one for that moment."""
    with db.connection() as conn:
        row = conn.execute(
            "INSERT INTO plan.zgw_mapping (municipality_code, zaaktype, moment, description, "
            "status) VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            (municipality, data["zaaktype"], data["moment"], data["description"], data["status"]),
        ).fetchone()
    return row is not None


def delete_mapping(municipality: str, mapping_id: str) -> bool:
    with db.connection() as conn:
        cur = conn.execute(
            "DELETE FROM plan.zgw_mapping WHERE id = %s AND municipality_code = %s",
            (mapping_id, municipality),
        )
    return cur.rowcount > 0


def inbox(municipality: str, limit: int = 50) -> list[dict]:
    with db.connection() as conn:
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(INBOX_SQL, (municipality, limit)).fetchall()


def statuses() -> list[tuple[str, str]]:
    with db.connection() as conn:
        return conn.execute(
            "SELECT code, label_nl FROM ref.milestone_status ORDER BY code"
        ).fetchall()
