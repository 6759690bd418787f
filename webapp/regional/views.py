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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/regio/versnellingstafel")
@with_viewer
def table(viewer: dict):
    rows = queries.acceleration_rows(viewer)
    return render_template(
        "regional/table.html", rows=rows, labels=STATUS_LABELS, option_text=export.option_text
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
