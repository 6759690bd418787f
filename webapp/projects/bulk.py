"""Changing the confidentiality of many projects at once, all or nothing."""

import uuid
from datetime import date

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user
from werkzeug.datastructures import MultiDict

from webapp.projects import bp
from webapp.projects import bulk_queries
from webapp.projects import forms
from webapp.projects import queries
from webapp.viewer import viewer_for

# the roles plan.viewer_can_edit lets edit (external only its own projects)
EDITOR_ROLES = ("user", "user_plus", "external")


@bp.app_template_global()
def can_change_confidentiality() -> bool:
    """Whether the signed-in user may edit projects (and so sees the bulk page's link)."""
    viewer = viewer_for(current_user)
    return bool(viewer and viewer["role"] in EDITOR_ROLES)


@bp.route("/projecten/vertrouwelijkheid", methods=["GET", "POST"])
def bulk_confidentiality():
    viewer = viewer_for(current_user)
    if viewer is None:
        abort(403)
    if request.method == "GET":
        return bulk_page(viewer)
    if viewer["role"] not in EDITOR_ROLES:
        abort(403)
    if not forms.csrf_ok(request.form):
        abort(400)
    return save(viewer)


def save(viewer: dict):
    """Change the selected projects in one transaction; the page again (422) when refused."""
    project_ids = selected_ids(request.form)
    level = request.form.get("confidentiality_level", "")
    labels = dict(bulk_queries.levels())
    if not project_ids or level not in labels:
        error = "Kies minstens één project." if not project_ids else "Kies een niveau."
        return bulk_page(viewer, form_error=error, status=422)
    try:
        changed = bulk_queries.change_confidentiality(viewer, project_ids, level)
    except bulk_queries.Refused as err:
        return bulk_page(viewer, refusals=err.refusals, status=422)
    flash(done_message(changed, len(project_ids) - changed), "success")
    return redirect(url_for("projects.bulk_confidentiality", **request.args))


def selected_ids(form: MultiDict) -> list[str]:
    """The ticked project ids, without duplicates (UUIDs in canonical form)."""
    found: list[str] = []
    for value in form.getlist("project_id"):
        value = canonical(value.strip())
        if value and value not in found:
            found.append(value)
    return found


def canonical(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


def done_message(changed: int, unchanged: int) -> str:
    """The Dutch confirmation: how many projects changed (and how many already had the level)."""
    noun = "project" if changed == 1 else "projecten"
    message = f"Vertrouwelijkheid van {changed} {noun} gewijzigd."
    if unchanged:
        had = "project had" if unchanged == 1 else "projecten hadden"
        message += f" {unchanged} {had} dit niveau al."
    return message


def bulk_page(viewer: dict, form_error: str = "", refusals: list | None = None, status=200):
    """The page: filters, the editable projects with checkboxes and the level to set."""
    query = forms.list_query(request.args, queries.DEFAULT_COLUMNS)
    page = render_template(
        "projects/bulk_confidentiality.html",
        rows=bulk_queries.editable_projects(viewer, query),
        query=query,
        choices=queries.choices(viewer["municipality_code"]),
        selected=set(selected_ids(request.form)),
        level=request.form.get("confidentiality_level", ""),
        form_error=form_error,
        refusals=refusals or [],
        today=date.today(),
    )
    return page, status
