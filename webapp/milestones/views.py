"""The milestone page of a project: every milestone with its status, and forms to change them."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from webapp.milestones import bp
from webapp.milestones import queries
from webapp.projects import queries as project_queries
from webapp.projects.forms import csrf_ok
from webapp.projects.forms import parse_date
from webapp.projects.views import STALE
from webapp.viewer import viewer_for

RULE_FIELDS = {"milestone_overlaps_neighbours": "date", "project_dates_out_of_order": "date"}


@bp.get("/projecten/<uuid:project_id>/mijlpalen")
def index(project_id):
    return page(str(project_id), {}, {})


def page(project_id: str, values: dict, errors: dict, status: int = 200):
    """The milestone list with the forms (only for those who may edit the project)."""
    viewer = viewer_for(current_user)
    project = project_queries.project_form_values(viewer, project_id)
    milestones = queries.milestones_of(viewer, project_id) if project else None
    if project is None or milestones is None:
        abort(404)
    html = render_template(
        "milestones/index.html",
        project=project,
        milestones=milestones,
        statuses=queries.statuses(),
        values=values,
        errors=errors,
        can_edit=project["can_edit"],
    )
    return html, status


@bp.post("/projecten/<uuid:project_id>/mijlpalen")
def create(project_id):
    return save(str(project_id), None)


@bp.post("/projecten/<uuid:project_id>/mijlpalen/<uuid:milestone_id>")
def update(project_id, milestone_id):
    return save(str(project_id), str(milestone_id))


def submitted(form) -> tuple[dict, dict]:
    """Date, status and description of a milestone form, with Dutch field errors."""
    data = {
        "date": parse_date(form.get("date")),
        "status": form.get("status") or None,
        "description": form.get("description", "").strip() or None,
    }
    errors = {}
    if data["date"] is None:
        errors["date"] = "Vul een geldige datum in (jjjj-mm-dd)."
    if data["status"] not in {code for code, _ in queries.statuses()}:
        errors["status"] = "Kies een status."
    return data, errors


def save(project_id: str, milestone_id: str | None):
    viewer = viewer_for(current_user)
    if viewer is None:
        abort(404)
    if not csrf_ok(request.form):
        abort(400)
    data, errors = submitted(request.form)
    target = {"milestone_id": milestone_id or "new"}
    if errors:
        return page(project_id, target | data, errors, 422)
    try:
        saved = queries.save_milestone(
            viewer, project_id, milestone_id, data, request.form.get("token", "")
        )
    except project_queries.StaleError:
        return page(project_id, target | data, {"_form": STALE}, 409)
    except project_queries.RuleError as err:
        return page(
            project_id, target | data, {RULE_FIELDS.get(err.code, "_form"): err.message}, 422
        )
    if not saved:
        abort(404 if saved is None else 403)
    flash("De mijlpaal is opgeslagen.", "success")
    return redirect(url_for("milestones.index", project_id=project_id))
