"""Invitation e-mails: a link to flask-security's reset page where a new user picks a password."""

from uuid import UUID

from flask import current_app
from flask_babel import format_timedelta
from flask_security import current_user
from flask_security.recoverable import generate_reset_link
from flask_security.utils import send_mail

from webapp.admin import queries as q
from webapp.security import datastore

SUBJECT = "DIWI: uw account"
TEMPLATE = "security/email/invitation"


def send_invitation(municipality: str, user_id: UUID) -> bool:
    """Mail the user a link to choose a password and record when; False when it was not sent.

    The link is a password-reset token: it works until it is used (the password then changes)
    or until SECURITY_RESET_PASSWORD_WITHIN has passed; sending again leaves earlier links valid.
    """
    user = datastore().find_user(id=user_id)
    if user is None or user.municipality_code != municipality:
        return False
    link, _token = generate_reset_link(user)
    try:
        send_mail(
            SUBJECT,
            user.email,
            TEMPLATE,
            user=user,
            invitation_link=link,
            within=validity(),
            inviter=current_user.display_name,
        )
    except OSError:  # refused, unreachable, timed out; smtplib's errors are OSErrors too
        current_app.logger.warning("invitation for user %s not sent", user_id, exc_info=True)
        return False
    q.mark_invited(municipality, user_id)
    return True


def validity() -> str:
    """How long an invitation link works, in Dutch ("1 dag")."""
    within = current_app.config["SECURITY_RESET_PASSWORD_WITHIN"]
    return format_timedelta(within, add_direction=False)
