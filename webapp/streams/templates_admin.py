"""Process-template admin (/beheer/processjablonen): the municipality's standard schemes."""

import logging
from collections.abc import Callable

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from webapp.admin.views import allowed
from webapp.projects.forms import csrf_ok
from webapp.projects.queries import RuleError
from webapp.streams import bp
from webapp.streams import template_queries as q
from webapp.streams.views import KINDS
from webapp.streams.views import STREAMS
from webapp.streams.views import dependency_from_form

LOGGER = logging.getLogger(__name__)
EDITORS = ("user_plus", "admin")
INVALID = 422


def list_page(municipality: str, errors: dict, status: int = 200):
    templates = q.templates_of(municipality)
    html = render_template("streams/templates_list.html", templates=templates, errors=errors)
    return html, status


def edit_page(municipality: str, template_id: str, errors: dict, status: int = 200):
    template = q.template_of(municipality, template_id)
    if template is None:
        abort(404)
    names = {s["id"]: s["name"] for s in template["steps"]}
    html = render_template(
        "streams/template_edit.html",
        template=template,
        names=names,
        streams=STREAMS,
        kinds=KINDS,
        errors=errors,
    )
    return html, status


def guarded(municipality: str, template_id: str, action: Callable, done: str) -> object:
    """Check CSRF and the template, run a write, show refusals on the template's page."""
    if not csrf_ok(request.form):
        abort(400)
    template = q.template_of(municipality, template_id)
    if template is None:
        abort(404)
    try:
        result = action()
    except RuleError as err:
        status = 403 if err.code == "process_template_read_only" else INVALID
        return edit_page(municipality, template_id, {"_form": err.message}, status)
    if isinstance(result, dict):
        return edit_page(municipality, template_id, result, INVALID)
    if result is None or result is False:
        abort(404)
    flash(done, "success")
    return redirect(url_for("streams.template_edit", template_id=template_id))


def name_of(form) -> str:
    return (form.get("name") or "").strip()


@bp.get("/beheer/processjablonen")
@allowed(*EDITORS)
def templates(municipality: str):
    return list_page(municipality, {})


@bp.post("/beheer/processjablonen")
@allowed(*EDITORS)
def template_new(municipality: str):
    if not csrf_ok(request.form):
        abort(400)
    name = name_of(request.form)
    if not name:
        return list_page(municipality, {"name": "Geef het sjabloon een naam."}, INVALID)
    try:
        made = q.save_template(municipality, None, name)
    except RuleError as err:
        return list_page(municipality, {"name": err.message}, INVALID)
    flash(f"Processjabloon „{name}” is aangemaakt.", "success")
    return redirect(url_for("streams.template_edit", template_id=made))


@bp.post("/beheer/processjablonen/<uuid:template_id>/kopie")
@allowed(*EDITORS)
def template_copy(municipality: str, template_id):
    if not csrf_ok(request.form):
        abort(400)
    source = q.template_of(municipality, str(template_id))
    if source is None:
        abort(404)
    name = name_of(request.form) or f"{source['name']} (kopie)"
    try:
        made = q.copy_template(municipality, str(template_id), name)
    except RuleError as err:
        return list_page(municipality, {"copy": err.message}, INVALID)
    flash(f"„{source['name']}” is gekopieerd als „{name}”.", "success")
    return redirect(url_for("streams.template_edit", template_id=made))


@bp.get("/beheer/processjablonen/<uuid:template_id>")
@allowed(*EDITORS)
def template_edit(municipality: str, template_id):
    return edit_page(municipality, str(template_id), {})


@bp.post("/beheer/processjablonen/<uuid:template_id>/naam")
@allowed(*EDITORS)
def template_rename(municipality: str, template_id):
    def action():
        name = name_of(request.form)
        if not name:
            return {"name": "Geef het sjabloon een naam."}
        return q.save_template(municipality, str(template_id), name)

    return guarded(municipality, str(template_id), action, "De naam is gewijzigd.")


@bp.post("/beheer/processjablonen/<uuid:template_id>/verwijderen")
@allowed(*EDITORS)
def template_delete(municipality: str, template_id):
    answer = guarded(
        municipality,
        str(template_id),
        lambda: q.delete_template(municipality, str(template_id)),
        "Het processjabloon is verwijderd.",
    )
    if getattr(answer, "status_code", None) == 302:
        return redirect(url_for("streams.templates"))
    return answer


def step_form(form) -> dict:
    """The fields of a template step, or a dict with Dutch errors under "errors"."""
    data = {"stream": form.get("stream"), "name": name_of(form)}
    errors = {}
    if data["stream"] not in STREAMS:
        errors["stream"] = "Kies de publieke of de private stroom."
    if not data["name"]:
        errors["name"] = "Geef de stap een naam."
    try:
        data["duration_days"] = int(form.get("duration_days") or "")
    except ValueError:
        data["duration_days"] = -1
    if data["duration_days"] < 0:
        errors["duration_days"] = "De duur is een geheel aantal dagen, 0 of meer."
    if errors:
        return {"errors": errors | {"_form": "De stap is niet opgeslagen."}}
    return data


@bp.post("/beheer/processjablonen/<uuid:template_id>/stappen")
@bp.post("/beheer/processjablonen/<uuid:template_id>/stappen/<uuid:step_id>")
@allowed(*EDITORS)
def template_step_save(municipality: str, template_id, step_id=None):
    def action():
        data = step_form(request.form)
        if "errors" in data:
            return data["errors"]
        step = str(step_id) if step_id else None
        return q.save_step(municipality, str(template_id), step, data)

    return guarded(municipality, str(template_id), action, "De stap is opgeslagen.")


@bp.post("/beheer/processjablonen/<uuid:template_id>/stappen/<uuid:step_id>/verwijderen")
@allowed(*EDITORS)
def template_step_delete(municipality: str, template_id, step_id):
    def action():
        return q.delete_step(municipality, str(template_id), str(step_id))

    return guarded(municipality, str(template_id), action, "De stap is verwijderd.")


@bp.post("/beheer/processjablonen/<uuid:template_id>/stappen/<uuid:step_id>/verplaatsen")
@allowed(*EDITORS)
def template_step_move(municipality: str, template_id, step_id):
    def action():
        up = request.form.get("direction") == "up"
        return q.move_step(municipality, str(template_id), str(step_id), up)

    return guarded(municipality, str(template_id), action, "De volgorde is gewijzigd.")


@bp.post("/beheer/processjablonen/<uuid:template_id>/afhankelijkheden")
@allowed(*EDITORS)
def template_dependency_add(municipality: str, template_id):
    def action():
        data, error = dependency_from_form(request.form)
        return error or q.add_dependency(municipality, str(template_id), data)

    return guarded(municipality, str(template_id), action, "De afhankelijkheid is toegevoegd.")


@bp.post("/beheer/processjablonen/<uuid:template_id>/afhankelijkheden/verwijderen")
@allowed(*EDITORS)
def template_dependency_delete(municipality: str, template_id):
    def action():
        source, target = request.form.get("source"), request.form.get("target")
        return q.delete_dependency(municipality, str(template_id), source, target)

    return guarded(municipality, str(template_id), action, "De afhankelijkheid is weggehaald.")
