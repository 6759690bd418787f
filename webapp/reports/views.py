"""GET /rapport/dashboard.pdf: a dashboard as a PDF, with the access of the page it reports.

Query parameters: scope = standard (default; signed in, the viewer's standard dashboard) | public
(anyone; the anonymous public dashboard of municipality_code) | project (signed in; project_id);
blueprint=<uuid> (a composed dashboard, plan.dashboard_blueprint);
reference_date (or peildatum, default today) and the filters of the contract (municipality_code,
district_codes, neighbourhood_codes, phases, planning_status, plan_types, owner_group_ids).
"""

import logging
import re
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from flask import Response
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask_security import current_user
from flask_security import url_for_security

from webapp import db
from webapp.dashboards.queries import PROJECT_COMPONENTS
from webapp.reports import bp
from webapp.reports import data
from webapp.reports import pdf
from webapp.viewer import set_viewer
from webapp.viewer import viewer_for

LOGGER = logging.getLogger(__name__)
SCOPES = ("standard", "public", "project")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
AUDIENCE = {
    "anonymous": "openbaar (alleen openbare projecten afzonderlijk)",
    "user_plus": "hoofdgebruiker",
    "user": "gebruiker",
    "management": "college en management",
    "council": "gemeenteraad",
    "external": "externe gebruiker",
    "region_reader": "regio",
    "province_reader": "provincie",
    "admin": "beheerder",
}


@dataclass
class Report:
    """What a PDF shows: title, area, reference date, filters, components and goals."""

    title: str
    area_name: str
    reference_date: date
    filters: dict
    viewer: dict | None
    components: list[data.Component] | tuple[str, ...] | None = None
    goals: bool = True
    goal_category_ids: list[str] | None = None
    file_stem: str = "dashboard"


def report_context(report: Report) -> dict[str, Any]:
    """The template context of reports/report.html (all numbers from publication.dashboard)."""
    components = data.load(report.viewer, report.components, report.reference_date, report.filters)
    goals = (
        data.goals(report.viewer, report.reference_date, report.goal_category_ids)
        if report.goals
        else None
    )
    capacity = next((c for c in components if c.key == "capacity"), None)
    return {
        "title": report.title,
        "area_name": report.area_name,
        "reference_date": report.reference_date,
        "filter_words": data.filter_words(report.filters),
        "audience": AUDIENCE.get((report.viewer or {}).get("role") or "anonymous", ""),
        "components": components,
        "capacity": capacity,
        "goals": goals,
        "generated_at": datetime.now().astimezone().strftime("%d-%m-%Y %H:%M"),
    }


def public_report(filters: dict, reference_date: date) -> Report:
    """The public dashboard of a municipality as anyone sees it (signed in or not)."""
    code = filters.get("municipality_code")
    if not code:
        abort(400)
    municipality = data.municipality(code)
    if municipality is None:
        abort(404)
    return Report(
        title=f"Woningbouw in {municipality['name']}",
        area_name=f"{municipality['name']} ({code})",
        reference_date=reference_date,
        filters={"municipality_code": code},
        viewer=None,
        components=data.PUBLIC_COMPONENTS,
        goals=False,
        file_stem=f"woningbouw-{code}",
    )


def area_name(viewer: dict, filters: dict) -> str:
    """The municipality of the filter, else the viewer's own area, as words."""
    code = filters.get("municipality_code") or viewer.get("municipality_code")
    if code:
        municipality = data.municipality(code)
        return f"{municipality['name']} ({code})" if municipality else code
    with db.connection() as conn:
        for kind, table in (("region_code", "ref.region"), ("province_code", "ref.province")):
            if viewer.get(kind):
                row = conn.execute(
                    f"SELECT name FROM {table} WHERE code = %s", (viewer[kind],)
                ).fetchone()
                return f"{row[0] if row else ''} ({viewer[kind]})"
    return "alle gemeenten"


def standard_report(viewer: dict, filters: dict, reference_date: date) -> Report:
    """The viewer's standard dashboard: every component the role may use, and the goals."""
    if not filters.get("municipality_code") and viewer.get("municipality_code"):
        filters = filters | {"municipality_code": viewer["municipality_code"]}
    return Report(
        title="Dashboard woningbouwplannen",
        area_name=area_name(viewer, filters),
        reference_date=reference_date,
        filters=filters,
        viewer=viewer,
    )


def project_report(viewer: dict, project_id: str | None, reference_date: date) -> Report:
    """One project's dashboard; 404 unless the viewer may see the project."""
    if not project_id or not UUID_RE.match(project_id):
        abort(400)
    with db.connection() as conn:
        set_viewer(conn, viewer)
        row = conn.execute(
            "SELECT name, municipality_code, municipality_name "
            "FROM publication.projects_at(%s) WHERE id = %s",
            (reference_date, project_id),
        ).fetchone()
    if row is None:
        abort(404)
    return Report(
        title=f"Project {row[0]}",
        area_name=f"{row[2]} ({row[1]})",
        reference_date=reference_date,
        filters={"project_ids": [project_id]},
        viewer=viewer,
        components=PROJECT_COMPONENTS,
        goals=False,
        file_stem="project-dashboard",
    )


def blueprint_report(viewer: dict, blueprint_id: str, filters: dict, day: date) -> Report:
    """A composed dashboard (plan.dashboard_blueprint); 404 if not shared with the viewer."""
    if not UUID_RE.match(blueprint_id):
        abort(400)
    blueprint = data.blueprint(viewer, blueprint_id)
    if blueprint is None:
        abort(404)
    report = standard_report(viewer, filters, day)
    report.title = blueprint["name"]
    report.components = blueprint["components"]
    report.goals = bool(blueprint["goal_category_ids"])
    report.goal_category_ids = blueprint["goal_category_ids"]
    report.file_stem = "dashboard-" + blueprint_id[:8]
    return report


def chosen_report() -> Report:
    """The report the query string asks for, with the access of the page it reports."""
    args = request.args
    scope = args.get("scope", "standard")
    if scope not in SCOPES:
        abort(400)
    reference_date = (
        data.parse_date(args.get("reference_date") or args.get("peildatum")) or date.today()
    )
    filters = data.parse_filters(args)
    if scope == "public":
        return public_report(filters, reference_date)
    viewer = viewer_for(current_user)
    if viewer is None:
        abort(401)
    if scope == "project":
        return project_report(viewer, args.get("project_id"), reference_date)
    if args.get("blueprint"):
        return blueprint_report(viewer, args["blueprint"], filters, reference_date)
    return standard_report(viewer, filters, reference_date)


@bp.get("/rapport/dashboard.pdf")
def dashboard_pdf() -> Response:
    """The PDF download (signed-out users asking for a non-public report go to the login)."""
    if request.args.get("scope", "standard") != "public" and not current_user.is_authenticated:
        return redirect(url_for_security("login", next=request.full_path))
    report = chosen_report()
    html = render_template("reports/report.html", **report_context(report))
    name = f"{report.file_stem}-{report.reference_date.isoformat()}.pdf"
    return Response(
        pdf.render(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
