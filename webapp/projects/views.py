"""Project list, CSV download, project page and project forms."""

import csv
import io
from datetime import date

from flask import Response
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from webapp.projects import bp
from webapp.projects import forms
from webapp.projects import queries
from webapp.projects.history import project_changes
from webapp.properties import custom_properties
from webapp.properties import describe
from webapp.properties import field_name
from webapp.properties import form_value
from webapp.viewer import viewer_for

STALE = (
    "Dit project is intussen door iemand anders gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
    "bekijk de nieuwe gegevens en probeer het opnieuw."
)
CREATOR_ROLES = ("user", "user_plus")
NEW_PROJECT = {"colour": "#1F77B4", "custom_values": {}, "owner_group_ids": []} | {
    key: [] for key in forms.LIST_FIELDS
}


def user_id() -> str | None:
    return str(current_user.id) if current_user.is_authenticated else None


def current_query() -> dict:
    return forms.list_query(request.args, queries.saved_columns(user_id()))


@bp.get("/projecten")
def index() -> str:
    viewer = viewer_for(current_user)
    query = current_query()
    rows, total = queries.list_projects(viewer, query, query["page"])
    return render_template(
        "projects/index.html",
        rows=rows,
        total=total,
        pages=max(1, -(-total // queries.PAGE_SIZE)),
        query=query,
        columns=queries.COLUMNS,
        choices=queries.choices(viewer["municipality_code"] if viewer else None),
        can_create=bool(viewer and viewer["role"] in CREATOR_ROLES),
    )


@bp.get("/projecten.csv")
def download() -> Response:
    viewer = viewer_for(current_user)
    query = current_query()
    rows, _ = queries.list_projects(viewer, query, None)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["id", *(queries.COLUMNS[c] for c in query["columns"])])
    for row in rows:
        writer.writerow([row["id"], *(csv_value(row[c]) for c in query["columns"])])
    headers = {"Content-Disposition": "attachment; filename=projecten.csv"}
    return Response(out.getvalue(), mimetype="text/csv", headers=headers)


def csv_value(value: object) -> object:
    return ", ".join(value) if isinstance(value, list) else value


@bp.post("/projecten/kolommen")
def save_columns() -> Response:
    if not current_user.is_authenticated or not forms.csrf_ok(request.form):
        abort(403)
    queries.save_columns(user_id(), forms.chosen_columns(request.form))
    return redirect(url_for("projects.index", **request.args))


@bp.get("/projecten/<uuid:project_id>")
def show(project_id) -> str:
    viewer = viewer_for(current_user)
    reference_date = forms.parse_date(request.args.get("peildatum")) or date.today()
    as_recorded = forms.parse_moment(request.args.get("vastgelegd"))
    page = queries.project_page(viewer, str(project_id), reference_date, as_recorded)
    if page is None:
        abort(404)
    from webapp.houseblocks.queries import breakdown_properties
    from webapp.houseblocks.queries import houseblocks_of

    blocks = houseblocks_of(viewer, str(project_id), reference_date, as_recorded)
    return render_template(
        "projects/show.html",
        **page,
        houseblocks=blocks,
        breakdown_properties=breakdown_properties(),
        custom_values=describe(
            page["project"]["custom_values"],
            custom_properties(page["project"]["municipality_code"], "project"),
        ),
        houseblock_properties=custom_properties(page["project"]["municipality_code"], "houseblock"),
        changes=project_changes(viewer, str(project_id)),
        describe=describe,
        reference_date=reference_date,
        as_recorded=request.args.get("vastgelegd", ""),
        can_edit=page["project"]["can_edit"] and as_recorded is None,
    )


def form_page(values: dict, errors: dict, project_id: str | None = None, status: int = 200):
    viewer = viewer_for(current_user)
    page = render_template(
        "projects/form.html",
        values=values,
        errors=errors,
        project_id=project_id,
        choices=queries.choices(viewer["municipality_code"]),
        properties=project_properties(viewer),
        boundary=queries.municipality_boundary(viewer["municipality_code"]),
        field_name=field_name,
        form_value=form_value,
    )
    return page, status


def project_properties(viewer: dict | None) -> list[dict]:
    """The custom properties (plusvelden) of projects in the viewer's municipality."""
    return custom_properties(viewer["municipality_code"] if viewer else None, "project")


@bp.route("/projecten/nieuw", methods=["GET", "POST"])
def create():
    viewer = viewer_for(current_user)
    if viewer is None or viewer["role"] not in CREATOR_ROLES:
        abort(403)
    if request.method == "GET":
        return form_page(NEW_PROJECT, {})
    if not forms.csrf_ok(request.form):
        abort(400)
    data, errors = forms.project_form(request.form, True, project_properties(viewer))
    if errors:
        return form_page(data, errors, status=422)
    data["municipality_code"] = viewer["municipality_code"]
    try:
        new_id = queries.create_project(viewer, data)
    except queries.RuleError as err:
        errors = forms.rule_errors(err.code, err.message, forms.RULE_FIELDS, "name")
        return form_page(data, errors, status=422)
    flash("Het project is aangemaakt.", "success")
    return redirect(url_for("projects.show", project_id=new_id))


@bp.route("/projecten/<uuid:project_id>/bewerken", methods=["GET", "POST"])
def edit(project_id):
    viewer = viewer_for(current_user)
    current = queries.project_form_values(viewer, str(project_id))
    if current is None:
        abort(404)
    if not current["can_edit"]:
        abort(403)
    if request.method == "GET":
        return form_page(current, {}, str(project_id))
    if not forms.csrf_ok(request.form):
        abort(400)
    data, errors = forms.project_form(request.form, False, project_properties(viewer))
    data["token"] = request.form.get("token", "")
    data.setdefault("area_geojson", current["area_geojson"])
    if errors:
        return form_page(data, errors, str(project_id), 422)
    return save_edit(viewer, str(project_id), data, current)


def save_edit(viewer: dict, project_id: str, data: dict, current: dict):
    token = data.pop("token")
    changes = forms.changed_fields(data, current)
    data["token"] = token
    try:
        if changes and not queries.update_project(viewer, project_id, changes, token):
            abort(403)
    except queries.StaleError:
        return form_page(dict(data, token=current["token"]), {"_form": STALE}, project_id, 409)
    except queries.RuleError as err:
        errors = forms.rule_errors(err.code, err.message, forms.RULE_FIELDS, "name")
        return form_page(data, errors, project_id, 422)
    flash("De wijzigingen zijn opgeslagen.", "success")
    return redirect(url_for("projects.show", project_id=project_id))
