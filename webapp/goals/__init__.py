"""Programmable housing goals (doelen) at /doelen: progress at a reference date and their editor."""

from flask import Blueprint

bp = Blueprint(
    "goals", __name__, url_prefix="/doelen", template_folder="templates", static_folder="static"
)

from webapp.goals import views  # noqa: E402, F401
