"""SQL behind single sign-on: find the DIWI user of an identity-provider account and link it."""

import uuid
from dataclasses import dataclass

from webapp import db

USER_COLUMNS = "id, active, is_system, municipality_code, oidc_subject"
BY_SUBJECT_SQL = f"SELECT {USER_COLUMNS} FROM auth.app_user WHERE oidc_subject = %s FOR UPDATE"
BY_EMAIL_SQL = (
    f"SELECT {USER_COLUMNS} FROM auth.app_user WHERE lower(email) = lower(%s) "
    "AND municipality_code = %s FOR UPDATE"
)
LINK_SQL = (
    "UPDATE auth.app_user SET oidc_subject = %s, update_datetime = now() "
    "WHERE id = %s AND oidc_subject IS NULL"
)


@dataclass(frozen=True)
class Match:
    """The user to sign in, or why nobody is signed in (a refusal code of views.REFUSALS)."""

    user_id: uuid.UUID | None = None
    refusal: str | None = None


def match_user(subject: str, email: str | None, municipality: str) -> Match:
    """Match by recorded subject, else by e-mail in the municipality (recording the subject)."""
    with db.connection() as conn, conn.transaction():
        row = conn.execute(BY_SUBJECT_SQL, (subject,)).fetchone()
        if row is None and email:
            row = conn.execute(BY_EMAIL_SQL, (email, municipality)).fetchone()
        match = judge(row, subject, municipality)
        if match.user_id is not None and row[4] is None:
            conn.execute(LINK_SQL, (subject, match.user_id))
    return match


def judge(row: tuple | None, subject: str, municipality: str) -> Match:
    """Whether the found user row may sign in with this subject."""
    if row is None:
        return Match(refusal="unknown")
    user_id, active, is_system, user_municipality, linked_subject = row
    if is_system or user_municipality != municipality:
        return Match(refusal="unknown")
    if linked_subject is not None and linked_subject != subject:
        return Match(refusal="linked_elsewhere")
    if not active:
        return Match(refusal="inactive")
    return Match(user_id=user_id)
