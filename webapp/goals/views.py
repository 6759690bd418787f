"""Goal pages: progress at a reference date for every role, the editor for user_plus and admin."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from uuid import UUID

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from webapp.goals import bp
from webapp.goals import forms
from webapp.goals import queries
from webapp.goals.queries import RuleViolation
from webapp.projects.forms import csrf_ok
from webapp.viewer import with_viewer

EDITOR_ROLES = ("user_plus", "admin")
INVALID = 422
EMPTY_GOAL = {
    "kind": "number",
    "direction": "minimum",
    "measure": "construction",
    "district_codes": [],
    "neighbourhood_codes": [],
    "rows": [],
}


def can_edit(viewer: dict) -> bool:
    held = {r.name for r in current_user.roles}
    return bool(held.intersection(EDITOR_ROLES)) and bool(viewer["municipality_code"])


def editor(view: Callable) -> Callable:
    """Only the municipality's user_plus and admin; POSTs need a valid CSRF token."""

    @with_viewer
    @wraps(view)
    def wrapped(viewer: dict, *args, **kwargs):
        if not can_edit(viewer):
            abort(403)
        if request.method == "POST" and not csrf_ok(request.form):
            abort(400)
        return view(viewer, *args, **kwargs)

    return wrapped


def reference_date() -> date:
    return forms.parse_date(request.args.get("peildatum")) or date.today()


def by_category(goals: list[dict]) -> list[dict]:
    """The goals grouped by category, in the order goal_progress returns them."""
    groups: dict[str, dict] = {}
    for goal in goals:
        category = goal["category"]
        groups.setdefault(category["id"], {**category, "goals": []})["goals"].append(goal)
    return list(groups.values())


@bp.get("/")
@with_viewer
def index(viewer: dict) -> str:
    day = reference_date()
    goals = queries.progress(viewer, day)
    return render_template(
        "goals/index.html",
        groups=by_category(goals),
        reference_date=day,
        can_edit=can_edit(viewer),
    )


@bp.get("/<uuid:goal_id>")
@with_viewer
def show(viewer: dict, goal_id: UUID) -> str:
    day = reference_date()
    found = queries.progress(viewer, day, [str(goal_id)])
    if not found:
        abort(404)
    return render_template(
        "goals/show.html", goal=found[0], reference_date=day, can_edit=can_edit(viewer)
    )


def form_page(viewer: dict, values: dict, errors: dict, goal_id: UUID | None = None, status=200):
    municipality = viewer["municipality_code"]
    rows = values.get("rows") or []
    return render_template(
        "goals/form.html",
        values=values,
        rows=rows,
        errors=errors,
        goal_id=goal_id,
        kinds=queries.condition_kinds(municipality),
        categories=queries.categories(municipality),
        areas=queries.area_choices(municipality),
        choices={"kind": forms.KINDS, "direction": forms.DIRECTIONS, "measure": forms.MEASURES},
    ), status


def row_action(values: dict) -> bool:
    """Handle 'add a condition' and 'remove condition n'; True when the form only changed rows."""
    action = request.form.get("action", "save")
    if action == "add":
        values["rows"].append({"kind": "", "values": []})
        return True
    if action.startswith("remove-") and action[7:].isdigit():
        index = int(action[7:])
        numbers = sorted(int(m.group(1)) for key in request.form if (m := forms.ROW_RE.match(key)))
        kept = [n for n in numbers if n != index]
        values["rows"] = [
            {
                "kind": request.form.get(f"cond-{n}-kind", ""),
                "values": request.form.getlist(f"cond-{n}-values"),
            }
            for n in kept
        ]
        return True
    return False


def save(viewer: dict, goal_id: UUID | None):
    values = forms.form_values(request.form)
    if row_action(values):
        return form_page(viewer, values, {}, goal_id)
    kinds = {k["key"]: k for k in queries.condition_kinds(viewer["municipality_code"])}
    data, errors = forms.goal_data(values, kinds)
    if errors:
        return form_page(viewer, values, errors, goal_id, INVALID)
    try:
        saved = queries.save_goal(viewer, goal_id, data)
    except RuleViolation as error:
        field = forms.RULE_FIELDS.get(error.code, "_form")
        return form_page(viewer, values, {field: error.message}, goal_id, INVALID)
    flash(f"Doel {data['name']} is opgeslagen.", "success")
    return redirect(url_for("goals.show", goal_id=saved))


@bp.route("/nieuw", methods=["GET", "POST"])
@editor
def create(viewer: dict):
    if request.method == "GET":
        values = dict(EMPTY_GOAL, category_id=request.args.get("categorie", ""))
        return form_page(viewer, values, {})
    return save(viewer, None)


@bp.route("/<uuid:goal_id>/bewerken", methods=["GET", "POST"])
@editor
def edit(viewer: dict, goal_id: UUID):
    goal = queries.get_goal(viewer["municipality_code"], goal_id)
    if goal is None:
        abort(404)
    if request.method == "GET":
        return form_page(viewer, forms.goal_values(goal), {}, goal_id)
    return save(viewer, goal_id)


@bp.post("/<uuid:goal_id>/verwijderen")
@editor
def remove(viewer: dict, goal_id: UUID):
    try:
        queries.remove_goal(viewer, goal_id)
    except RuleViolation as error:
        flash(error.message, "error")
        return redirect(url_for("goals.show", goal_id=goal_id))
    flash("Het doel is verwijderd.", "success")
    return redirect(url_for("goals.index"))


# --- categories ------------------------------------------------------------------------------


def categories_page(viewer: dict, errors: dict | None = None, status: int = 200):
    return render_template(
        "goals/categories.html",
        categories=queries.categories(viewer["municipality_code"]),
        errors=errors or {},
        entered=request.form.get("name", "") if request.method == "POST" else "",
    ), status


def sort_order() -> int:
    text = request.form.get("sort_order", "").strip()
    return int(text) if text.lstrip("-").isdigit() else 0


@bp.route("/categorieen", methods=["GET", "POST"])
@editor
def categories(viewer: dict):
    if request.method == "GET":
        return categories_page(viewer)
    name = request.form.get("name", "").strip()
    if not name:
        return categories_page(viewer, {"new": "Vul de naam van de categorie in."}, INVALID)
    try:
        queries.save_category(viewer, None, name, sort_order())
    except RuleViolation as error:
        return categories_page(viewer, {"new": error.message}, INVALID)
    flash(f"Categorie {name} is aangemaakt.", "success")
    return redirect(url_for("goals.categories"))


@bp.post("/categorieen/<uuid:category_id>")
@editor
def category_rename(viewer: dict, category_id: UUID):
    name = request.form.get("name", "").strip()
    try:
        queries.save_category(viewer, category_id, name, sort_order())
    except RuleViolation as error:
        return categories_page(viewer, {str(category_id): error.message}, INVALID)
    flash("De categorie is opgeslagen.", "success")
    return redirect(url_for("goals.categories"))


@bp.post("/categorieen/<uuid:category_id>/verwijderen")
@editor
def category_remove(viewer: dict, category_id: UUID):
    try:
        queries.remove_category(viewer, category_id)
    except RuleViolation as error:
        return categories_page(viewer, {str(category_id): error.message}, INVALID)
    flash("De categorie is verwijderd.", "success")
    return redirect(url_for("goals.categories"))
