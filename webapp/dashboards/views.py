"""Dashboard pages: standard per role, per project, composed (blueprints), and their data."""

import csv
import io
from datetime import date
from urllib.parse import urlencode

from flask import Response
from flask import abort
from flask import jsonify
from flask import render_template
from flask import request
from flask import url_for

from webapp.dashboards import blueprint_queries
from webapp.dashboards import bp
from webapp.dashboards import charts
from webapp.dashboards import filters as flt
from webapp.dashboards import panels
from webapp.dashboards import queries
from webapp.viewer import with_viewer


def page_context(viewer: dict, reference_date: date, page_filters: dict) -> dict:
    """What every dashboard page's filter form needs."""
    return {
        "reference_date": reference_date,
        "page_filters": page_filters,
        "choices": queries.choices(viewer["municipality_code"]),
        "form_args": request.args,
        "goals_css": goals_css(),
    }


def pdf_url(**extra: str) -> str:
    """The PDF of this page (/rapport/dashboard.pdf with the page's own query)."""
    args = [(k, v) for k, v in extra.items()] + list(request.args.items(multi=True))
    return url_for("reports.dashboard_pdf") + "?" + urlencode(args)


def goals_css() -> str:
    """The goal cards' stylesheet."""
    return url_for("goals.static", filename="goals.css")


@bp.get("/dashboard")
@with_viewer
def index(viewer: dict) -> str:
    reference_date = flt.reference_date_of(request.args)
    page_filters = flt.filters_of(request.args)
    metas = queries.components(viewer)
    built = panels.build(viewer, reference_date, panels.standard_items(metas, page_filters))
    return render_template(
        "dashboards/index.html",
        panels=built,
        blueprints=blueprint_queries.viewer_blueprints(viewer),
        goals=queries.goal_cards(viewer, reference_date, None),
        can_compose=viewer["role"] == "user_plus",
        pdf=pdf_url(),
        **page_context(viewer, reference_date, page_filters),
    )


@bp.get("/dashboard/<uuid:blueprint_id>")
@with_viewer
def blueprint(viewer: dict, blueprint_id) -> str:
    found = blueprint_queries.blueprint(viewer, str(blueprint_id))
    if found is None:
        abort(404)
    reference_date = flt.reference_date_of(request.args)
    page_filters = flt.filters_of(request.args)
    allowed = {m["key"]: m for m in queries.components(viewer)}
    items = [
        blueprint_item(allowed[c["component"]], c.get("options") or {}, page_filters)
        for c in found["components"]
        if c.get("component") in allowed
    ]
    categories = found["goal_category_ids"]
    return render_template(
        "dashboards/blueprint.html",
        blueprint=found,
        panels=panels.build(viewer, reference_date, items),
        goals=queries.goal_cards(viewer, reference_date, categories) if categories else [],
        pdf=pdf_url(blueprint=found["id"]),
        **page_context(viewer, reference_date, page_filters),
    )


def blueprint_item(meta: dict, config: dict, page_filters: dict) -> dict:
    """A composed component: fixed filters over the page's, its breakdown and period."""
    options: dict = {}
    breakdown = config.get("breakdown")
    if breakdown == "hard_soft":
        options["group"] = "hard_soft"
    period = config.get("period") or {}
    options.update({k: int(period[k]) for k in ("from", "to") if str(period.get(k, "")).isdigit()})
    merged = flt.merged(page_filters, config.get("filters") or {})
    return panels.item(meta, merged, options, breakdown)


@bp.get("/dashboard/project/<uuid:project_id>")
@with_viewer
def project(viewer: dict, project_id) -> str:
    from webapp.houseblocks.queries import houseblocks_of
    from webapp.projects.queries import project_page

    reference_date = flt.reference_date_of(request.args)
    page = project_page(viewer, str(project_id), reference_date, None)
    if page is None:
        abort(404)
    milestones = queries.milestones_at(viewer, str(project_id), reference_date)
    allowed = {m["key"]: m for m in queries.components(viewer)}
    scope = {"project_ids": [str(project_id)]}
    items = [panels.item(allowed[k], scope) for k in queries.PROJECT_COMPONENTS if k in allowed]
    return render_template(
        "dashboards/project.html",
        project=page["project"],
        periods=page["periods"],
        milestones=milestones,
        ahead=[m for m in milestones if m["date"] >= reference_date],
        houseblocks=houseblocks_of(viewer, str(project_id), reference_date, None),
        panels=panels.build(viewer, reference_date, items),
        reference_date=reference_date,
        pdf=pdf_url(scope="project", project_id=str(project_id)),
    )


@bp.get("/dashboard/data/<component>.<fmt>")
@with_viewer
def data(viewer: dict, component: str, fmt: str) -> Response:
    allowed = {m["key"] for m in queries.components(viewer)}
    if component not in allowed or fmt not in ("json", "csv"):
        abort(404)
    reference_date = flt.reference_date_of(request.args)
    found = queries.result(
        viewer,
        component,
        reference_date,
        flt.filters_of(request.args),
        flt.options_of(request.args),
    )
    if fmt == "json":
        return jsonify(found)
    return csv_response(found, f"dashboard-{component}-{reference_date.isoformat()}.csv")


def csv_response(found: dict, filename: str) -> Response:
    """A component's rows (or, with ?details=1, its visible details) as a semicolon CSV."""
    lines = charts.details_csv(found) if request.args.get("details") else charts.csv_rows(found)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(["" if v is None else v for v in line] for line in lines)
    headers = {"Content-Disposition": f"attachment; filename={filename}"}
    return Response(out.getvalue(), mimetype="text/csv", headers=headers)
