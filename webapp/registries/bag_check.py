"""The BAG address-count check: a list for all visible projects and the project page's panel."""

import csv
import io
from datetime import date
from typing import Any

from flask import Response
from flask import render_template
from flask import request
from flask_security import current_user
from psycopg.rows import dict_row

from webapp import db
from webapp.projects.forms import parse_date
from webapp.registries import bp
from webapp.viewer import set_viewer
from webapp.viewer import viewer_for

CHECK_SQL = "SELECT * FROM publication.bag_address_check(%s, %s::uuid[], NULL)"
SORTS = {
    "verschil": lambda row: (abs(row["in_use_difference"] or 0), row["flagged"]),
    "naam": lambda row: (row["name"].lower(),),
    "bag": lambda row: (row["bag_residential"] or 0,),
}
CSV_COLUMNS = {
    "project_id": "project_id",
    "name": "naam",
    "municipality_code": "gemeente",
    "bag_formed": "bag_gevormd_niet_gestart",
    "bag_construction_started": "bag_bouw_gestart",
    "bag_in_use_unmeasured": "bag_in_gebruik_niet_ingemeten",
    "bag_in_use": "bag_in_gebruik",
    "bag_other": "bag_overig",
    "planned_construction": "diwi_bouw",
    "planned_demolition": "diwi_sloop",
    "planned_net": "diwi_netto",
    "realised_construction": "diwi_bouw_gerealiseerd",
    "realised_demolition": "diwi_sloop_gerealiseerd",
    "realised_net": "diwi_netto_gerealiseerd",
    "in_use_expected": "verwacht_in_gebruik",
    "in_use_difference": "verschil_in_gebruik",
    "proposed_realisation_earliest": "voorstel_oplevering_vroegst",
    "proposed_realisation_latest": "voorstel_oplevering_laatst",
}


def check_rows(viewer: dict | None, reference_date: date, project_ids: list[str] | None = None):
    """publication.bag_address_check for the viewer (the access rule applies in the SQL)."""
    with db.connection() as conn:
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(CHECK_SQL, (reference_date, project_ids)).fetchall()


@bp.app_template_global()
def bag_check_for(project_id: Any, reference_date: date) -> dict | None:
    """The check of one project for the project page's panel (None: not visible)."""
    rows = check_rows(viewer_for(current_user), reference_date, [str(project_id)])
    return rows[0] if rows else None


def list_query() -> dict[str, Any]:
    """Reference date, filter and sort of the list from the query string."""
    sort = request.args.get("sorteer", "verschil")
    return {
        "reference_date": parse_date(request.args.get("peildatum")) or date.today(),
        "only_flagged": request.args.get("alleen_afwijkingen") == "1",
        "sort": sort if sort in SORTS else "verschil",
        "descending": request.args.get("richting", "af" if sort != "naam" else "op") == "af",
    }


def listed_rows(query: dict[str, Any]) -> list[dict]:
    rows = check_rows(viewer_for(current_user), query["reference_date"])
    if query["only_flagged"]:
        rows = [row for row in rows if row["flagged"]]
    rows.sort(key=lambda row: row["name"].lower())
    rows.sort(key=SORTS[query["sort"]], reverse=query["descending"])
    return rows


@bp.get("/bag-controle")
def bag_check_list() -> str:
    query = list_query()
    rows = listed_rows(query)
    return render_template(
        "registries/bag_check.html",
        rows=rows,
        query=query,
        flagged=sum(1 for row in rows if row["flagged"]),
    )


@bp.get("/bag-controle.csv")
def bag_check_csv() -> Response:
    query = list_query()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([*CSV_COLUMNS.values(), "bevindingen"])
    for row in listed_rows(query):
        findings = " ".join(f["message"] for f in row["findings"])
        writer.writerow([*(row[key] for key in CSV_COLUMNS), findings])
    name = f"bag-controle-{query['reference_date'].isoformat()}.csv"
    headers = {"Content-Disposition": f"attachment; filename={name}"}
    return Response(out.getvalue(), mimetype="text/csv", headers=headers)
