"""Outgoing webhooks' admin pages (/beheer/webhooks): subscribers, secrets and the delivery log."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/beheer/webhooks", template_folder="templates")

from webapp.webhooks import views  # noqa: E402, F401
