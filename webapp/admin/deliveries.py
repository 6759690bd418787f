"""Delivery mapping screens: which own plusveld, option and price category fills a field."""

from typing import Any

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user
from flask_wtf import FlaskForm

from webapp.admin import bp
from webapp.admin import delivery_queries as dq
from webapp.admin.views import allowed

MAPPERS = ("user_plus", "admin")
ACCEPTS = {"ordinal": "category"}  # an ordinal property fits where a category is accepted
TYPE_LABELS = {
    "category": "categorie",
    "ordinal": "gerangschikte categorie",
    "text": "tekst",
    "numeric": "getal",
    "boolean": "ja/nee",
}


class MappingForm(FlaskForm):
    """Only the CSRF token: the mapping fields depend on the template."""


def fits(field: dict, prop: dict) -> bool:
    accepts = field["mapped"]["accepts"]
    return prop["value_type"] in accepts or ACCEPTS.get(prop["value_type"]) in accepts


@bp.get("/leveringen")
@allowed(*MAPPERS)
def deliveries(municipality: str) -> str:
    return render_template(
        "admin/deliveries.html", templates=dq.templates(), municipality=municipality
    )


def page_context(municipality: str, template: dict, mapping: dict) -> dict[str, Any]:
    props = dq.properties(municipality)
    fields = []
    for field in dq.mapped_fields(template["definition"]):
        choices = [p for p in props if fits(field, p)]
        chosen = next((p for p in props if p["id"] == mapping["fields"].get(field["name"])), None)
        fields.append({"spec": field, "choices": choices, "chosen": chosen})
    return {
        "template": template,
        "fields": fields,
        "mapping": mapping,
        "categories": dq.price_categories(municipality),
        "bands": dq.BANDS,
        "type_labels": TYPE_LABELS,
        "form": MappingForm(),
    }


@bp.route("/leveringen/<template_id>", methods=["GET", "POST"])
@allowed(*MAPPERS)
def delivery_mapping(municipality: str, template_id: str):
    template = dq.template(template_id) or abort(404)
    form = MappingForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        mapping = submitted(municipality, template)
        try:
            problems = dq.save(municipality, template_id, mapping, current_user.id)
        except dq.MappingRefused as refused:
            context = page_context(municipality, template, mapping)
            return render_template(
                "admin/delivery_edit.html", refused=refused.problems, problems=[], **context
            ), 400
        flash(
            "De koppeling is opgeslagen."
            if not problems
            else "De koppeling is opgeslagen, maar is nog niet compleet.",
            "info",
        )
        return redirect(url_for("admin.delivery_mapping", template_id=template_id))
    context = page_context(municipality, template, dq.current(municipality, template_id))
    return render_template(
        "admin/delivery_edit.html",
        refused=[],
        problems=dq.problems(municipality, template_id),
        **context,
    )


def submitted(municipality: str, template: dict) -> dict[str, Any]:
    """The posted mapping, keeping only the municipality's own properties, options, categories."""
    props = {p["id"]: p for p in dq.properties(municipality)}
    mapping: dict[str, Any] = {"fields": {}, "options": {}, "prices": {}}
    for field in dq.mapped_fields(template["definition"]):
        name = field["name"]
        prop = props.get(request.form.get(f"field-{name}", ""))
        if prop is None:
            continue
        mapping["fields"][name] = prop["id"]
        own = {o["id"] for o in prop["options"]}
        for n, option in enumerate(field["mapped"].get("options") or []):
            ids = [i for i in request.form.getlist(f"option-{name}-{n}") if i in own]
            if ids:
                mapping["options"][(name, option)] = ids
    for category in dq.price_categories(municipality):
        band = request.form.get(f"price-{category['id']}", "")
        if band in dq.BANDS[category["price_kind"]]:
            mapping["prices"][category["id"]] = band
    return mapping
