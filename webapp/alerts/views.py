"""The alert preferences page: how and about which projects a user gets milestone alerts."""

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
from webapp.alerts import bp
from webapp.viewer import required_viewer
from webapp.viewer import set_viewer

DELIVERIES = {
    "immediate": "Direct, één e-mail per melding",
    "daily_digest": "Eén samenvatting per dag",
}
SCOPES = {
    "mine": "Al mijn projecten en gevolgde projecten",
    "followed": "Alleen gevolgde projecten",
}

PREFERENCE_SQL = """
    SELECT coalesce(p.delivery, 'immediate') AS delivery, coalesce(p.scope, 'mine') AS scope
    FROM (SELECT 1) x LEFT JOIN auth.alert_preference p ON p.user_id = %s
"""
SAVE_SQL = """
    INSERT INTO auth.alert_preference (user_id, delivery, scope) VALUES (%s, %s, %s)
    ON CONFLICT (user_id) DO UPDATE SET delivery = excluded.delivery, scope = excluded.scope,
        updated_at = now()
"""
PROJECTS_SQL = """
    SELECT p.id, plan.alert_project_name(p.id) AS name,
           EXISTS (SELECT 1 FROM plan.project_follower f
                   WHERE f.project_id = p.id AND f.user_id = %(user)s) AS followed
    FROM plan.project p
    WHERE p.removed_at IS NULL AND p.id IN (SELECT plan.visible_project_ids())
    ORDER BY 2, 1
    LIMIT 500
"""
FOLLOW_SQL = """
    INSERT INTO plan.project_follower (project_id, user_id)
    SELECT %(project)s, %(user)s WHERE %(project)s IN (SELECT plan.visible_project_ids())
    ON CONFLICT (project_id, user_id) DO UPDATE SET followed_at = plan.project_follower.followed_at
"""
VISIBLE_SQL = "SELECT %(project)s IN (SELECT plan.visible_project_ids())"
UNFOLLOW_SQL = (
    "DELETE FROM plan.project_follower WHERE project_id = %(project)s AND user_id = %(user)s"
)


def require_csrf() -> None:
    from webapp.projects.forms import csrf_ok

    if not csrf_ok(request.form):
        abort(400)


@bp.get("/voorkeuren")
def preferences() -> str:
    """The viewer's alert preferences and the projects they may follow."""
    viewer = required_viewer()
    with db.connection() as conn:
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        pref = cur.execute(PREFERENCE_SQL, (viewer["user_id"],)).fetchone()
        projects = cur.execute(PROJECTS_SQL, {"user": viewer["user_id"]}).fetchall()
    return render_template(
        "alerts/preferences.html",
        pref=pref,
        projects=projects,
        deliveries=DELIVERIES,
        scopes=SCOPES,
        lead_days=lead_days_of(viewer["municipality_code"]),
    )


@bp.post("/voorkeuren")
def save_preferences() -> ResponseReturnValue:
    """Store how and about which projects the viewer gets alerts."""
    viewer = required_viewer()
    require_csrf()
    delivery, scope = request.form.get("delivery"), request.form.get("scope")
    if delivery not in DELIVERIES or scope not in SCOPES:
        abort(400)
    with db.connection() as conn:
        conn.execute(SAVE_SQL, (viewer["user_id"], delivery, scope))
    flash("Uw voorkeuren voor meldingen zijn opgeslagen.", "success")
    return redirect(url_for("alerts.preferences"))


@bp.post("/volgen/<uuid:project_id>")
def toggle_follow(project_id) -> ResponseReturnValue:
    """Follow (follow=1) or stop following a project the viewer may see."""
    viewer = required_viewer()
    require_csrf()
    follow = request.form.get("follow") == "1"
    params = {"project": project_id, "user": viewer["user_id"]}
    with db.connection() as conn:
        set_viewer(conn, viewer)
        if not conn.execute(VISIBLE_SQL, params).fetchone()[0]:
            abort(404)
        conn.execute(FOLLOW_SQL if follow else UNFOLLOW_SQL, params)
    flash("U volgt dit project." if follow else "U volgt dit project niet meer.", "success")
    if request.form.get("return") == "project":
        return redirect(url_for("projects.show", project_id=project_id))
    return redirect(url_for("alerts.preferences"))


FOLLOWING_SQL = (
    "SELECT EXISTS (SELECT 1 FROM plan.project_follower WHERE project_id = %s AND user_id = %s)"
)


@bp.app_context_processor
def follow_state() -> dict:
    """is_following(project id) for the follow button on the project page."""

    def is_following(project_id) -> bool:
        if not current_user.is_authenticated:
            return False
        with db.connection() as conn:
            return conn.execute(FOLLOWING_SQL, (project_id, current_user.id)).fetchone()[0]

    return {"is_following": is_following}


LEAD_DAYS_SQL = """
    SELECT coalesce((SELECT alert_lead_days FROM auth.municipality_setting
                     WHERE municipality_code = %s), 14)
"""
SAVE_LEAD_DAYS_SQL = """
    INSERT INTO auth.municipality_setting (municipality_code, alert_lead_days) VALUES (%s, %s)
    ON CONFLICT (municipality_code) DO UPDATE SET alert_lead_days = excluded.alert_lead_days,
        update_datetime = now()
"""


def lead_days_of(municipality_code: str | None) -> int:
    """The municipality's alert lead time in days (14 when not configured)."""
    with db.connection() as conn:
        return conn.execute(LEAD_DAYS_SQL, (municipality_code,)).fetchone()[0]


@bp.post("/aanlooptijd")
def save_lead_days() -> ResponseReturnValue:
    """The municipality admin sets how many days ahead milestones are announced."""
    if not current_user.is_authenticated or not current_user.has_role("admin"):
        abort(403)
    require_csrf()
    try:
        days = int(request.form.get("lead_days", ""))
    except ValueError:
        days = -1
    if not 0 <= days <= 365:
        with db.connection() as conn:
            message = conn.execute(
                "SELECT plan.rule_message('alert_lead_days_invalid', 'nl')"
            ).fetchone()[0]
        flash(message, "error")
        return redirect(url_for("alerts.preferences")), 303
    with db.connection() as conn:
        conn.execute(SAVE_LEAD_DAYS_SQL, (current_user.municipality_code, days))
    flash(f"De aanlooptijd voor mijlpaalmeldingen is nu {days} dagen.", "success")
    return redirect(url_for("alerts.preferences"))
