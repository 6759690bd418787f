"""Pages of the regional table: the table, its exports and marking key projects."""

import uuid

from flask import Response
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from webapp.projects.forms import csrf_ok
from webapp.projects.queries import RuleError
from webapp.regional import bp
from webapp.regional import export
from webapp.regional import queries
from webapp.viewer import with_viewer

STATUS_LABELS = {"done": "klaar", "running": "loopt", "late": "te laat", "planned": "gepland"}
KEY_ACTIONS = {"mark": True, "unmark": False, "reset": None}
SETTING_ROLES = ("region_reader", "province_reader")  # may set their regions' threshold
NOT_A_NUMBER = "Vul de drempel in als een heel aantal woningen (0 of meer)."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/regio/versnellingstafel")
@with_viewer
def table(viewer: dict):
    rows = queries.acceleration_rows(viewer)
    return render_template(
        "regional/table.html",
        rows=rows,
        labels=STATUS_LABELS,
        option_text=export.option_text,
        can_set_threshold=viewer["role"] in SETTING_ROLES,
    )


@bp.get("/regio/versnellingstafel.csv")
@with_viewer
def table_csv(viewer: dict):
    body = export.to_csv(queries.acceleration_rows(viewer))
    return download(body.encode("utf-8-sig"), "text/csv; charset=utf-8", "csv")


@bp.get("/regio/versnellingstafel.xlsx")
@with_viewer
def table_xlsx(viewer: dict):
    return download(export.to_xlsx(queries.acceleration_rows(viewer)), XLSX, "xlsx")


def download(body: bytes, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="versnellingstafel.{extension}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/regio/sleutelprojecten")
@with_viewer
def key_projects(viewer: dict):
    projects = queries.regional_projects(viewer)
    return render_template("regional/key_projects.html", projects=projects)


@bp.post("/regio/sleutelprojecten")
@with_viewer
def set_key(viewer: dict):
    """Mark, unmark or reset one project (form fields project_id and action)."""
    if not csrf_ok(request.form):
        abort(400)
    action = request.form.get("action")
    try:
        project_id = str(uuid.UUID(request.form.get("project_id") or ""))
    except ValueError:
        abort(400)
    if action not in KEY_ACTIONS:
        abort(400)
    try:
        queries.set_key(viewer, project_id, KEY_ACTIONS[action])
    except RuleError as err:
        flash(err.message, "error")
        projects = queries.regional_projects(viewer)
        return render_template("regional/key_projects.html", projects=projects), 403
    flash("Het sleutelproject is bijgewerkt.", "success")
    return redirect(url_for("regional.key_projects"))


@bp.get("/regio/instellingen")
@with_viewer
def settings(viewer: dict):
    """The key-project threshold of the viewer's region (or of the regions of its province)."""
    if viewer["role"] not in SETTING_ROLES:
        abort(403)
    return render_settings(viewer)


def render_settings(viewer: dict, error: str | None = None, status: int = 200):
    regions = queries.region_settings(viewer)
    page = render_template("regional/settings.html", regions=regions, error=error)
    return page, status


@bp.post("/regio/instellingen")
@with_viewer
def save_settings(viewer: dict):
    """Set or reset one region's threshold (form fields region_code, key_min_dwellings, action)."""
    if not csrf_ok(request.form):
        abort(400)
    if viewer["role"] not in SETTING_ROLES:
        abort(403)
    region = (request.form.get("region_code") or "").strip()
    min_dwellings = None
    if request.form.get("action") != "reset":
        try:
            min_dwellings = int((request.form.get("key_min_dwellings") or "").strip())
        except ValueError:
            return render_settings(viewer, NOT_A_NUMBER, 400)
    try:
        queries.set_threshold(viewer, region, min_dwellings)
    except RuleError as err:
        status = 403 if err.code == "region_setting_not_allowed" else 400
        return render_settings(viewer, err.message, status)
    flash("De drempel voor sleutelprojecten is opgeslagen.", "success")
    return redirect(url_for("regional.settings"))
