"""The export page and downloads; every download takes a session or a personal API token."""

import json
import logging
import uuid
from datetime import date

from flask import Response
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import stream_with_context
from flask_security import current_user
from psycopg.rows import dict_row
from werkzeug.datastructures import MultiDict

from webapp import db
from webapp.api import api_token_user
from webapp.api import presented_api_token
from webapp.exports import bp
from webapp.exports import bulk
from webapp.exports.excel import workbook_bytes
from webapp.exports.geojson import feature_collection
from webapp.exports.queries import Selection
from webapp.exports.queries import load_export
from webapp.viewer import set_viewer
from webapp.viewer import viewer_for

LOGGER = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GEOJSON = "application/geo+json"
PARQUET = "application/vnd.apache.parquet"
LEVELS_SQL = "SELECT rank, code, label_nl FROM ref.confidentiality_level ORDER BY rank"
PROJECT_CHOICES_SQL = """
    SELECT id::text, name, municipal_id FROM publication.projects_at(current_date)
    ORDER BY name, id
"""

DELIVERIES_SQL = """
    SELECT t.id, t.title_nl AS title, l.rank AS min_rank
    FROM ref.delivery_template t
    JOIN ref.confidentiality_level l ON l.code = t.definition->>'min_confidentiality'
    ORDER BY t.title_nl
"""


class Unauthorised(Exception):
    """No session and no valid API token."""


def request_viewer() -> dict:
    """The viewer of a download: a personal API token wins over the session; 401/403 otherwise."""
    presented = presented_api_token()
    if presented is not None:
        user = api_token_user(presented)
    elif current_user.is_authenticated:
        user = current_user
    else:
        user = None
    if user is None:
        abort(unauthorised())
    viewer = viewer_for(user)
    if viewer is None:
        abort(403)
    return viewer


def unauthorised() -> Response:
    message = "Log in of stuur een API-token mee (Authorization: Bearer ... of X-API-Key).\n"
    response = Response(message, status=401, mimetype="text/plain")
    response.headers["WWW-Authenticate"] = 'Bearer realm="DIWI"'
    return response


def reference_date(args: MultiDict) -> date:
    """The peildatum parameter (YYYY-MM-DD), today when absent; 400 when malformed."""
    raw = (args.get("peildatum") or "").strip()
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400)


def project_ids(args: MultiDict) -> list[str] | None:
    """Selected project GUIDs (repeated or comma-separated `project`), None for all."""
    raw = [part.strip() for item in args.getlist("project") for part in item.split(",")]
    raw = [part for part in raw if part]
    if not raw:
        return None
    try:
        return [str(uuid.UUID(part)) for part in raw]
    except ValueError:
        abort(400)


def min_level(args: MultiDict) -> int:
    """The minimum confidentiality (`vertrouwelijkheid`: code or rank 1-7), 1 when absent."""
    raw = (args.get("vertrouwelijkheid") or "").strip()
    if not raw:
        return 1
    with db.connection() as conn:
        levels = {str(rank): rank for rank, _, _ in conn.execute(LEVELS_SQL)}
        levels |= {code: rank for rank, code, _ in conn.execute(LEVELS_SQL)}
    if raw not in levels:
        abort(400)
    return levels[raw]


def selection(args: MultiDict) -> Selection:
    return Selection(reference_date(args), project_ids(args), min_level(args))


def attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@bp.get("/exporteren")
def index():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    viewer = viewer_for(current_user)
    if viewer is None:
        abort(403)
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        levels = conn.execute(LEVELS_SQL).fetchall()
        projects = conn.cursor(row_factory=dict_row).execute(PROJECT_CHOICES_SQL).fetchall()
        deliveries = conn.cursor(row_factory=dict_row).execute(DELIVERIES_SQL).fetchall()
    return render_template(
        "exports/index.html",
        levels=levels,
        projects=projects,
        deliveries=deliveries,
        today=date.today().isoformat(),
    )


@bp.get("/exporteren/diwi.xlsx")
def diwi_excel() -> Response:
    viewer = request_viewer()
    chosen = selection(request.args)
    body = workbook_bytes(load_export(viewer, chosen))
    name = f"diwi-export-{chosen.reference_date.isoformat()}.xlsx"
    return Response(body, mimetype=XLSX, headers=attachment(name))


@bp.get("/exporteren/diwi.geojson")
def diwi_geojson() -> Response:
    viewer = request_viewer()
    chosen = selection(request.args)
    body = json.dumps(feature_collection(load_export(viewer, chosen)), ensure_ascii=False)
    name = f"diwi-export-{chosen.reference_date.isoformat()}.diwi.geojson"
    return Response(body, mimetype=GEOJSON, headers=attachment(name))


def bulk_file(dataset: str, kind: str) -> Response:
    """The visible projects or houseblocks at `peildatum`, or every version (`history=true`)."""
    viewer = request_viewer()
    history = request.args.get("history", "").lower() in ("true", "1", "ja")
    day = reference_date(request.args)
    suffix = "history" if history else day.isoformat()
    name = f"diwi-{dataset}-{suffix}.{kind}"
    LOGGER.info("bulk export %s (%s) for %s", name, viewer["role"], viewer["user_id"])
    if kind == "csv":
        chunks = bulk.csv_chunks(viewer, dataset, history, day)
        mimetype = "text/csv"  # Flask adds charset=utf-8
    else:
        chunks = bulk.file_chunks(bulk.parquet_file(viewer, dataset, history, day))
        mimetype = PARQUET
    return Response(stream_with_context(chunks), mimetype=mimetype, headers=attachment(name))


def bulk_view(dataset: str, kind: str):
    """A view without URL parameters per file (endpoint exports.bulk_<dataset>_<kind>)."""

    def view() -> Response:
        return bulk_file(dataset, kind)

    view.__name__ = f"bulk_{dataset}_{kind}"
    return view


for _dataset in ("projects", "houseblocks"):
    for _kind in ("parquet", "csv"):
        bp.add_url_rule(
            f"/exporteren/bulk/{_dataset}.{_kind}", view_func=bulk_view(_dataset, _kind)
        )
