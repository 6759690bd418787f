"""Milestone alerts: preferences and followed projects at /meldingen/voorkeuren, the worker job."""

from flask import Blueprint

bp = Blueprint("alerts", __name__, url_prefix="/meldingen", template_folder="templates")

from webapp.alerts import views  # noqa: E402, F401
