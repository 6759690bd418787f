"""Dashboards: the standard one per role, project dashboards and composed ones (blueprints)."""

from flask import Blueprint

bp = Blueprint("dashboards", __name__, template_folder="templates")

from webapp.dashboards import composer  # noqa: E402, F401
from webapp.dashboards import views  # noqa: E402, F401
