"""The municipality admin's forecast settings: let the model fill in "voorspeld" end milestones."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_security import current_user
from psycopg.rows import dict_row

from webapp import db
from webapp.forecasts import bp

SETTING_SQL = """
    SELECT coalesce((SELECT forecast_end_milestone FROM auth.municipality_setting
                     WHERE municipality_code = %s), false)
"""
SAVE_SQL = """
    INSERT INTO auth.municipality_setting (municipality_code, forecast_end_milestone)
    VALUES (%s, %s)
    ON CONFLICT (municipality_code) DO UPDATE
        SET forecast_end_milestone = excluded.forecast_end_milestone, update_datetime = now()
"""
LAST_RUN_SQL = """
    SELECT max(f.computed_at) AS computed_at, count(DISTINCT f.project_id) AS projects,
           (array_agg(f.model_version ORDER BY f.computed_at DESC))[1] AS model_version,
           (array_agg(f.training_projects ORDER BY f.computed_at DESC))[1] AS training_projects
    FROM plan.forecast f JOIN plan.project p ON p.id = f.project_id
    WHERE p.municipality_code = %s
"""


def _admin_municipality() -> str:
    if not current_user.is_authenticated or not current_user.has_role("admin"):
        abort(403)
    if not current_user.municipality_code:
        abort(403)
    return current_user.municipality_code


@bp.get("/beheer/prognoses")
def settings() -> str:
    """Whether the nightly forecast records the model's date on "voorspeld" end milestones."""
    municipality = _admin_municipality()
    with db.connection() as conn:
        enabled = conn.execute(SETTING_SQL, (municipality,)).fetchone()[0]
        last_run = conn.cursor(row_factory=dict_row).execute(LAST_RUN_SQL, (municipality,))
        last_run = last_run.fetchone()
    return render_template("forecasts/settings.html", enabled=enabled, last_run=last_run)


@bp.post("/beheer/prognoses")
def save_settings() -> ResponseReturnValue:
    """Switch the model's "voorspeld" end dates on or off for the admin's municipality."""
    municipality = _admin_municipality()
    from webapp.projects.forms import csrf_ok

    if not csrf_ok(request.form):
        abort(400)
    enabled = request.form.get("forecast_end_milestone") == "1"
    with db.connection() as conn:
        conn.execute(SAVE_SQL, (municipality, enabled))
    flash(
        "De prognose vult voortaan voorspelde einddatums in."
        if enabled
        else "De prognose past geen einddatums meer aan.",
        "success",
    )
    return redirect(url_for("forecasts.settings"))
