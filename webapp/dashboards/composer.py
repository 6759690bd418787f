"""Composing dashboards (Hoofdgebruiker): blueprints, their sharing, the minimum bucket size k."""

from collections.abc import Callable
from functools import wraps

import psycopg
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from webapp.dashboards import blueprint_queries as bq
from webapp.dashboards import bp
from webapp.dashboards import composer_form as cf
from webapp.dashboards import queries
from webapp.projects.forms import csrf_ok
from webapp.viewer import viewer_for

INVALID = 422


def composer(view: Callable) -> Callable:
    """Only a user_plus with a municipality; the view gets the viewer dict."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        viewer = viewer_for(current_user)
        if viewer is None or viewer["role"] != "user_plus" or not viewer["municipality_code"]:
            abort(403)
        if request.method == "POST" and not csrf_ok(request.form):
            abort(400)
        return view(viewer, *args, **kwargs)

    return wrapped


@bp.get("/dashboard/beheer")
@composer
def compose_index(viewer: dict) -> str:
    return render_template(
        "dashboards/compose_index.html",
        blueprints=bq.viewer_blueprints(viewer),
        min_bucket=queries.min_bucket(viewer["municipality_code"]),
    )


@bp.post("/dashboard/beheer/minimum")
@composer
def save_min_bucket(viewer: dict):
    value = request.form.get("minimum", "").strip()
    if not value.isdigit() or not 1 <= int(value) <= 100:
        flash("De minimale groepsgrootte ligt tussen 1 en 100 projecten.", "error")
        return redirect(url_for("dashboards.compose_index"))
    try:
        queries.save_min_bucket(viewer["municipality_code"], int(value))
    except psycopg.errors.CheckViolation:
        abort(400)
    flash(f"De minimale groepsgrootte is nu {int(value)} projecten.", "success")
    return redirect(url_for("dashboards.compose_index"))


def form_page(viewer: dict, values: dict, blueprint_id: str | None, error: str = "", status=200):
    metas = queries.components(viewer)
    page = render_template(
        "dashboards/compose_edit.html",
        values=values,
        blueprint_id=blueprint_id,
        error=error,
        metas=metas,
        labels={m["key"]: m["label_nl"] for m in metas},
        breakdowns=cf.BREAKDOWNS,
        choices=queries.choices(viewer["municipality_code"]),
        groups=bq.user_groups(viewer["municipality_code"]),
        categories=queries.goal_categories(viewer["municipality_code"]),
        fixed_value=cf.fixed_value,
    )
    return page, status


EMPTY = {"name": "", "components": [], "goal_category_ids": [], "group_ids": []}


@bp.route("/dashboard/beheer/nieuw", methods=["GET", "POST"])
@composer
def compose_new(viewer: dict):
    if request.method == "GET":
        return form_page(viewer, EMPTY, None)
    return handle_post(viewer, None)


@bp.route("/dashboard/beheer/<uuid:blueprint_id>", methods=["GET", "POST"])
@composer
def compose_edit(viewer: dict, blueprint_id):
    found = bq.blueprint(viewer, str(blueprint_id))
    if found is None:
        abort(404)
    if request.method == "GET":
        return form_page(viewer, found, str(blueprint_id))
    return handle_post(viewer, str(blueprint_id))


def handle_post(viewer: dict, blueprint_id: str | None):
    """Save, or re-show the form after adding, moving or removing a component."""
    components = cf.components_of(request.form)
    action = request.form.get("actie", "opslaan")
    data = cf.blueprint_data(request.form, components)
    if action != "opslaan":
        data["components"] = cf.apply_action(action, components, request.form.get("nieuw", ""))
        return form_page(viewer, data, blueprint_id)
    try:
        saved = bq.save_blueprint(viewer, blueprint_id, data)
    except bq.BlueprintError as err:
        return form_page(viewer, data, blueprint_id, err.message, INVALID)
    if saved is None:
        abort(404)
    flash(f"Dashboard '{data['name']}' is bewaard.", "success")
    return redirect(url_for("dashboards.compose_edit", blueprint_id=saved))


@bp.post("/dashboard/beheer/<uuid:blueprint_id>/verwijderen")
@composer
def compose_delete(viewer: dict, blueprint_id):
    if not bq.delete_blueprint(viewer, str(blueprint_id)):
        abort(404)
    flash("Het dashboard is verwijderd.", "success")
    return redirect(url_for("dashboards.compose_index"))
