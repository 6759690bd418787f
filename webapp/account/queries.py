"""SQL of the account domain: lock-out, two-factor settings and API tokens."""

import hashlib
import secrets
import uuid

from webapp import db

TOKEN_PREFIX = "diwi_"

RECORD_FAILURE_SQL = """
    INSERT INTO auth.failed_login (user_id, auth_type)
    SELECT id, %(auth_type)s FROM auth.app_user
    WHERE id = %(user_id)s AND (locked_until IS NULL OR locked_until <= now())
"""
LOCK_SQL = """
    UPDATE auth.app_user SET locked_until = now() + make_interval(mins => %(minutes)s)
    WHERE id = %(user_id)s AND (
        SELECT count(*) FROM auth.failed_login
        WHERE user_id = %(user_id)s AND failed_at > now() - make_interval(mins => %(minutes)s)
    ) >= %(attempts)s
    RETURNING id
"""
FORGET_FAILURES_SQL = "DELETE FROM auth.failed_login WHERE user_id = %s"
UNLOCK_SQL = (
    "UPDATE auth.app_user SET locked_until = NULL WHERE id = %s AND locked_until IS NOT NULL"
)
IS_LOCKED_SQL = "SELECT coalesce(locked_until > now(), false) FROM auth.app_user WHERE id = %s"
MUNICIPALITY_TWO_FACTOR_SQL = """
    SELECT two_factor_required FROM auth.municipality_setting WHERE municipality_code = %s
"""
CREATE_TOKEN_SQL = """
    INSERT INTO auth.api_token (user_id, name, token_hash) VALUES (%s, %s, %s) RETURNING id
"""
LIST_TOKENS_SQL = """
    SELECT id, name, created_at, last_used_at, revoked_at FROM auth.api_token
    WHERE user_id = %s ORDER BY revoked_at IS NOT NULL, created_at DESC
"""
REVOKE_TOKEN_SQL = """
    UPDATE auth.api_token SET revoked_at = now()
    WHERE id = %s AND user_id = %s AND revoked_at IS NULL RETURNING id
"""
TOKEN_USER_SQL = """
    WITH hit AS (
        SELECT t.id, t.user_id FROM auth.api_token t JOIN auth.app_user u ON u.id = t.user_id
        WHERE t.token_hash = %(hash)s AND t.revoked_at IS NULL AND u.active
          AND (u.locked_until IS NULL OR u.locked_until <= now())
    ), touch AS (
        UPDATE auth.api_token t SET last_used_at = now() FROM hit
        WHERE t.id = hit.id
          AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
    )
    SELECT user_id FROM hit
"""


def record_failed_login(user_id: uuid.UUID, auth_type: str, attempts: int, minutes: int) -> bool:
    """Count a failed attempt; lock the account when too many fell in the window (True)."""
    params = {"user_id": user_id, "auth_type": auth_type, "attempts": attempts, "minutes": minutes}
    with db.connection() as conn:
        conn.execute(RECORD_FAILURE_SQL, params)
        locked = conn.execute(LOCK_SQL, params).fetchone() is not None
        if locked:
            conn.execute(FORGET_FAILURES_SQL, (user_id,))
    return locked


def forget_failed_logins(user_id: uuid.UUID) -> None:
    """A successful sign-in clears earlier failures."""
    with db.connection() as conn:
        conn.execute(FORGET_FAILURES_SQL, (user_id,))
        conn.execute(UNLOCK_SQL, (user_id,))


def is_locked(user_id: uuid.UUID) -> bool:
    """True while the account is locked after too many failed attempts."""
    with db.connection() as conn:
        row = conn.execute(IS_LOCKED_SQL, (user_id,)).fetchone()
    return bool(row and row[0])


def municipality_requires_two_factor(municipality_code: str | None) -> bool:
    """Whether the municipality requires two-factor sign-in for everyone."""
    if not municipality_code:
        return False
    with db.connection() as conn:
        row = conn.execute(MUNICIPALITY_TWO_FACTOR_SQL, (municipality_code,)).fetchone()
    return bool(row and row[0])


def token_hash(token: str) -> str:
    """The SHA-256 hex digest stored instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user_id: uuid.UUID, name: str) -> str:
    """Create a token for the user; returns the token itself (shown once, never stored)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.connection() as conn:
        conn.execute(CREATE_TOKEN_SQL, (user_id, name.strip(), token_hash(token)))
    return token


def api_tokens(user_id: uuid.UUID) -> list[dict]:
    """The user's tokens (active first, newest first), without their secret."""
    with db.connection() as conn:
        cursor = conn.execute(LIST_TOKENS_SQL, (user_id,))
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]


def revoke_api_token(user_id: uuid.UUID, token_id: uuid.UUID) -> bool:
    """Revoke one of the user's active tokens; False when there is no such token."""
    with db.connection() as conn:
        return conn.execute(REVOKE_TOKEN_SQL, (token_id, user_id)).fetchone() is not None


def user_id_for_token(token: str) -> uuid.UUID | None:
    """The owner of an active token (and note its use), None for unknown or revoked."""
    with db.connection() as conn:
        row = conn.execute(TOKEN_USER_SQL, {"hash": token_hash(token)}).fetchone()
    return row[0] if row else None
