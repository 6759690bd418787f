"""Lead-time forecasts: the project page's panel (the model: model.py, storing: store.py)."""

from typing import Any

from flask import Blueprint
from flask_security import current_user
from psycopg.rows import dict_row

from webapp import db
from webapp.viewer import set_viewer
from webapp.viewer import viewer_for

bp = Blueprint("forecasts", __name__, template_folder="templates")

VISIBLE_SQL = "SELECT * FROM plan.visible_forecast(%s)"


@bp.app_template_global()
def forecast_for(project_id: Any) -> dict | None:
    """The current forecast of a project when the signed-in viewer may see it, else None."""
    with db.connection() as conn:
        set_viewer(conn, viewer_for(current_user))
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(VISIBLE_SQL, (str(project_id),)).fetchone()


@bp.app_template_global()
def step_forecasts_for(project_id: Any) -> dict:
    """Forecast ends of the project's unfinished process steps, per step id (viewer's access)."""
    from webapp.forecasts.steps import step_forecasts

    with db.connection() as conn:
        set_viewer(conn, viewer_for(current_user))
        return step_forecasts(conn, str(project_id))


from webapp.forecasts import views as _views  # noqa: E402,F401  (registers the settings routes)
