"""Forms to create and edit a project's houseblocks."""

from datetime import date

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from webapp.houseblocks import bp
from webapp.houseblocks import forms
from webapp.houseblocks import queries
from webapp.projects import queries as project_queries
from webapp.projects.forms import csrf_ok
from webapp.projects.forms import rule_errors
from webapp.projects.views import STALE
from webapp.properties import custom_properties
from webapp.properties import field_name
from webapp.properties import form_value
from webapp.viewer import viewer_for


def editable(viewer: dict | None, project_id: str) -> dict:
    """The project (as planned today) when the viewer may edit it; 404 or 403 otherwise."""
    project = project_queries.project_form_values(viewer, project_id)
    if project is None:
        abort(404)
    if not project["can_edit"]:
        abort(403)
    return project


def form_values(block: dict) -> dict:
    """A houseblock as shown on the project page, in the shape of the form."""
    return {
        "name": block["name"],
        "mutation_kind": block["mutation_kind"],
        "amount": block["amount"],
        "start_date": block["start_date"].isoformat(),
        "end_date": block["end_date"].isoformat(),
        "delivery_earliest": block["delivery_earliest"],
        "delivery_latest": block["delivery_latest"],
        "size_min": block["size_min_m2"],
        "size_max": block["size_max_m2"],
        "programming": block["programming"],
        "lines": block["lines"],
        "breakdown": block["breakdown"],
        "custom_values": block["custom_values"],
    }


def render_form(project: dict, values: dict, errors: dict, hb_id: str | None, status: int = 200):
    viewer = viewer_for(current_user)
    page = render_template(
        "houseblocks/form.html",
        project=project,
        values=values,
        errors=errors,
        houseblock_id=hb_id,
        properties=queries.breakdown_properties(),
        choices=project_queries.choices(None),
        categories=queries.price_categories(viewer["municipality_code"]),
        line_count=forms.LINE_COUNT,
        custom=houseblock_properties(viewer),
        field_name=field_name,
        form_value=form_value,
    )
    return page, status


def houseblock_properties(viewer: dict | None) -> list[dict]:
    """The custom properties (plusvelden) of houseblocks in the viewer's municipality."""
    return custom_properties(viewer["municipality_code"] if viewer else None, "houseblock")


def submitted_values(data: dict) -> dict:
    """What was posted, in the shape of the form (to show it again with its errors)."""
    lines = [
        {
            "ownership_type": line["ownership_type"],
            "amount": line["amount"],
            "price_cents": line.get("price_cents"),
            "price_min_cents": (line.get("price_range_cents") or [None, None])[0],
            "price_max_cents": (line.get("price_range_cents") or [None, None])[1],
            "price_category_id": line.get("price_category_id"),
            "house_type": line.get("house_type"),
        }
        for line in data["ownership_lines"]
    ]
    size = data["size_m2"]
    low, high = size if isinstance(size, list) else (size, size)
    return dict(data, lines=lines, size_min=low, size_max=high)


@bp.route("/projecten/<uuid:project_id>/woningblokken/nieuw", methods=["GET", "POST"])
def create(project_id):
    return handle(str(project_id), None)


@bp.route(
    "/projecten/<uuid:project_id>/woningblokken/<uuid:houseblock_id>/bewerken",
    methods=["GET", "POST"],
)
def edit(project_id, houseblock_id):
    return handle(str(project_id), str(houseblock_id))


def current_block(viewer: dict, project_id: str, hb_id: str | None) -> dict | None:
    if hb_id is None:
        return None
    blocks = queries.houseblocks_of(viewer, project_id, date.today(), None)
    block = next((b for b in blocks if str(b["id"]) == hb_id), None)
    if block is None:
        abort(404)
    return block


def handle(project_id: str, hb_id: str | None):
    viewer = viewer_for(current_user)
    project = editable(viewer, project_id)
    block = current_block(viewer, project_id, hb_id)
    if request.method == "GET":
        values = form_values(block) if block else {"mutation_kind": "construction", "lines": []}
        return render_form(project, dict(values, token=project["token"]), {}, hb_id)
    if not csrf_ok(request.form):
        abort(400)
    custom = houseblock_properties(viewer)
    data, errors = forms.houseblock_form(request.form, queries.breakdown_properties(), custom)
    token = request.form.get("token", "")
    if errors:
        return render_form(project, dict(submitted_values(data), token=token), errors, hb_id, 422)
    if block is not None:
        for key in ("start_date", "end_date"):
            if data.get(key) == block[key].isoformat():
                data.pop(key)
    return save(viewer, project, hb_id, data, token)


def save(viewer: dict, project: dict, hb_id: str | None, data: dict, token: str):
    values = dict(submitted_values(data), token=token)
    try:
        saved = queries.save_houseblock(viewer, str(project["id"]), hb_id, data, token)
    except queries.StaleError:
        values["token"] = project["token"]
        return render_form(project, values, {"_form": STALE}, hb_id, 409)
    except queries.RuleError as err:
        errors = rule_errors(err.code, err.message, forms.RULE_FIELDS, "_form")
        return render_form(project, values, errors, hb_id, 422)
    if saved is None:
        abort(404)
    if saved is False:
        abort(403)
    flash("Het woningblok is opgeslagen.", "success")
    return redirect(url_for("projects.show", project_id=project["id"]))
