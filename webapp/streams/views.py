"""The process page of a project: both streams, the Gantt chart, the what-if and the edit forms."""

from datetime import date

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from webapp.projects.forms import csrf_ok
from webapp.projects.forms import parse_date
from webapp.projects.queries import RuleError
from webapp.regional import summary as process_summary
from webapp.streams import analysis
from webapp.streams import bp
from webapp.streams import queries
from webapp.streams.gantt import gantt
from webapp.streams.schedule import FINISH_TO_START
from webapp.streams.schedule import START_TO_START
from webapp.streams.schedule import CycleError
from webapp.viewer import viewer_for

STREAMS = {"public": "Publieke stroom (gemeente)", "private": "Private stroom (ontwikkelaar)"}
KINDS = {FINISH_TO_START: "einde-begin", START_TO_START: "begin-begin"}


@bp.get("/projecten/<uuid:project_id>/processen")
def index(project_id):
    return page(str(project_id), {})


def page(project_id: str, errors: dict, status: int = 200):
    """Both streams with their schedule; only signed-in viewers who may see the project."""
    viewer = viewer_for(current_user)
    data = queries.streams_of(viewer, project_id) if viewer else None
    if data is None:
        abort(404)
    context = schedule_context(data, request.args.get("parallel"))
    context["names"] = {row["id"]: row["name"] for row in data["steps"]}
    html = render_template(
        "streams/index.html", streams=STREAMS, kinds=KINDS, errors=errors, **data, **context
    )
    return html, status


def schedule_context(data: dict, parallel: str | None) -> dict:
    """CPM slots, bottlenecks, Gantt geometry and the what-if for the page."""
    steps, deps = data["steps"], data["dependencies"]
    try:
        plan = analysis.schedule_of(steps, deps)
    except CycleError as err:
        return {"plan": None, "cycle": str(err), "chart": None, "bottlenecks": {}, "whatif": None}
    return {
        "plan": plan,
        "cycle": None,
        "chart": gantt(steps, deps, plan),
        "bottlenecks": analysis.bottlenecks(steps, deps, plan, date.today()),
        "whatif": analysis.parallel_gain(steps, deps, parallel) if parallel else None,
    }


def step_form(form) -> tuple[dict, dict]:
    """The fields of a step form, with Dutch field errors."""
    kind, _, ref = (form.get("responsible") or "").partition(":")
    data = {
        "stream": form.get("stream"),
        "name": (form.get("name") or "").strip(),
        "planned_start": parse_date(form.get("planned_start")),
        "planned_end": parse_date(form.get("planned_end")),
        "actual_start": parse_date(form.get("actual_start")),
        "actual_end": parse_date(form.get("actual_end")),
        "responsible_user_id": ref if kind == "user" else None,
        "responsible_group_id": ref if kind == "group" else None,
        "responsible_organisation": (form.get("responsible_organisation") or "").strip() or None,
    }
    errors = {}
    if data["stream"] not in STREAMS:
        errors["stream"] = "Kies de publieke of de private stroom."
    if not data["name"]:
        errors["name"] = "Geef de stap een naam."
    if data["planned_start"] is None or data["planned_end"] is None:
        errors["planned"] = "Vul een geplande begin- en einddatum in (jjjj-mm-dd)."
    return data, errors


def guarded(project_id: str, action) -> object:
    """Check sign-in and CSRF, run a write, turn refusals into the page with a message."""
    viewer = viewer_for(current_user)
    if viewer is None:
        abort(404)
    if not csrf_ok(request.form):
        abort(400)
    access = queries.editor_access(viewer, project_id)
    if access is None:
        abort(404)
    if not access:  # refused before the form is read: no stream of this project is the viewer's
        return page(project_id, {"_form": queries.rule_text("process_stream_not_editable")}, 403)
    try:
        result = action(viewer)
    except RuleError as err:
        status = 403 if err.code == "process_stream_not_editable" else 422
        return page(project_id, {"_form": err.message}, status)
    if isinstance(result, dict):
        return page(project_id, result, 422)
    if result is None or result is False:
        abort(404)
    process_summary.refresh_after_edit(project_id)  # the regional table (webapp/regional)
    flash("De processtroom is bijgewerkt.", "success")
    return redirect(url_for("streams.index", project_id=project_id))


@bp.post("/projecten/<uuid:project_id>/processen/stappen")
@bp.post("/projecten/<uuid:project_id>/processen/stappen/<uuid:step_id>")
def save_step(project_id, step_id=None):
    def action(viewer):
        data, errors = step_form(request.form)
        if errors:
            return errors | {"_form": "De stap is niet opgeslagen."}
        step = str(step_id) if step_id else None
        return queries.save_step(viewer, str(project_id), step, data)

    return guarded(str(project_id), action)


@bp.post("/projecten/<uuid:project_id>/processen/stappen/<uuid:step_id>/verwijderen")
def delete_step(project_id, step_id):
    return guarded(str(project_id), lambda v: queries.delete_step(v, str(project_id), str(step_id)))


def dependency_from_form(form) -> tuple[dict, dict | None]:
    """A dependency from a posted form (source, target, kind, lag) or the form's error."""
    kind = form.get("kind") if form.get("kind") in KINDS else FINISH_TO_START
    try:
        lag = int(form.get("lag") or 0)
    except ValueError:
        return {}, {"_form": "De wachttijd is een geheel aantal dagen."}
    return {
        "source": form.get("source"),
        "target": form.get("target"),
        "kind": kind,
        "lag": lag,
    }, None


@bp.post("/projecten/<uuid:project_id>/processen/afhankelijkheden")
def add_dependency(project_id):
    def action(viewer):
        data, error = dependency_from_form(request.form)
        return error or queries.add_dependency(viewer, str(project_id), data)

    return guarded(str(project_id), action)


@bp.post("/projecten/<uuid:project_id>/processen/afhankelijkheden/<uuid:dependency_id>/verwijderen")
def delete_dependency(project_id, dependency_id):
    return guarded(
        str(project_id),
        lambda v: queries.delete_dependency(v, str(project_id), str(dependency_id)),
    )


@bp.post("/projecten/<uuid:project_id>/processen/sjabloon")
def apply_template(project_id):
    def action(viewer):
        start = parse_date(request.form.get("start"))
        if start is None:
            return {"_form": "Vul een begindatum in (jjjj-mm-dd)."}
        return queries.apply_template(
            viewer, str(project_id), request.form.get("template_id"), start
        )

    return guarded(str(project_id), action)
