"""Dashboards: the standard one per role, project dashboards and composed ones (blueprints)."""

from datetime import date

from flask import Blueprint

bp = Blueprint("dashboards", __name__, template_folder="templates")


@bp.context_processor
def today_context() -> dict:
    """Today, so pages can say a past reference date reads milestones as recorded then."""
    return {"today": date.today()}


from webapp.dashboards import composer  # noqa: E402, F401
from webapp.dashboards import views  # noqa: E402, F401
