"""The import pages (/importeren: upload, preview, commit, result) and the JSON endpoint."""

import json
import logging
from uuid import UUID

from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import jsonify
from flask import render_template
from flask import request
from flask_security import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from webapp import db
from webapp.api import api_token_user
from webapp.api import presented_api_token
from webapp.imports import bp
from webapp.imports import local_example
from webapp.imports import storage
from webapp.imports.issues import LEVEL_TITLES
from webapp.imports.issues import Issue
from webapp.imports.service import FORMATS
from webapp.imports.service import Outcome
from webapp.imports.service import may_import
from webapp.imports.service import run_import
from webapp.projects.forms import csrf_ok
from webapp.viewer import viewer_for

LOGGER = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUE_TYPES = (
    ("text", "Tekst"),
    ("numeric", "Getal"),
    ("boolean", "Ja/nee"),
    ("category", "Categorie"),
    ("ordinal", "Gerangschikte categorie"),
)


def max_rows() -> int:
    return int(current_app.config.get("DIWI_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@bp.before_request
def limit_upload_size() -> None:
    """Uploads larger than DIWI_IMPORT_MAX_BYTES are refused (413) before they are parsed."""
    request.max_content_length = int(
        current_app.config.get("DIWI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    )


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error) -> tuple[Response | str, int]:
    limit = int(current_app.config.get("DIWI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))
    issue = Issue("file_too_large", detail=f"maximaal {limit // (1024 * 1024)} MB")
    if request.path.endswith("/api"):
        return jsonify(Outcome(False, True, [], [issue]).as_json()), 413
    return render_template(
        "imports/index.html", issues=[issue], formats=FORMATS, chosen="excel"
    ), 413


def importer() -> dict:
    """The signed-in viewer when they may import, else 401/403."""
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    viewer = viewer_for(current_user)
    if not may_import(viewer):
        abort(403)
    return viewer


def can_manage_properties() -> bool:
    return current_user.is_authenticated and current_user.has_role("user_plus")


@bp.get("/importeren")
def index():
    importer()
    return render_template("imports/index.html", issues=[], formats=FORMATS, chosen="excel")


@bp.get("/importeren/voorbeeld.xlsx")
def local_example_excel() -> Response:
    """The filled-in Excel example for the importer's municipality (its mandatory plusvelden)."""
    viewer = importer()
    with db.connection() as conn:
        body = local_example.local_example_excel(conn, viewer["municipality_code"])
    return example_download(body, XLSX, "voorbeeld-import.xlsx")


@bp.get("/importeren/voorbeeld.geojson")
def local_example_geojson() -> Response:
    """The filled-in GeoJSON example for the importer's municipality."""
    viewer = importer()
    with db.connection() as conn:
        doc = local_example.local_example_geojson(conn, viewer["municipality_code"])
    body = json.dumps(doc, ensure_ascii=False, indent=2).encode()
    return example_download(body, "application/geo+json", "voorbeeld-import.geojson")


def example_download(body: bytes, mimetype: str, name: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
    }
    return Response(body, mimetype=mimetype, headers=headers)


def uploaded() -> tuple[bytes, str, str] | None:
    upload = request.files.get("file")
    kind = request.form.get("format") or request.args.get("format") or "excel"
    if upload is None or kind not in FORMATS:
        return None
    try:
        return upload.read(), kind, upload.filename or "upload"
    finally:
        upload.close()


@bp.post("/importeren")
def preview():
    viewer = importer()
    if not csrf_ok(request.form):
        abort(400)
    found = uploaded()
    if found is None:
        issue = Issue("io_error", detail="kies een bestand")
        return render_template(
            "imports/index.html", issues=[issue], formats=FORMATS, chosen="excel"
        ), 400
    data, kind, filename = found
    token = storage.keep(data, viewer["user_id"], kind, filename)
    return show_preview(viewer, token, data, kind, filename)


def show_preview(viewer: dict, token: str, data: bytes, kind: str, filename: str):
    outcome = run_import(viewer, kind, data, True, max_rows())
    return render_template(
        "imports/preview.html",
        outcome=outcome,
        token=token,
        kind=kind,
        filename=filename,
        levels=grouped(outcome.issues),
        level_titles=LEVEL_TITLES,
        value_types=VALUE_TYPES,
        can_manage=can_manage_properties(),
    ), (200 if outcome.ok else 422)


def grouped(issues: list[Issue]) -> dict[int, list[Issue]]:
    levels: dict[int, list[Issue]] = {}
    for issue in sorted(issues, key=lambda i: (i.level, i.row or i.feature or 0)):
        levels.setdefault(issue.level, []).append(issue)
    return levels


def stored(viewer: dict) -> tuple[str, bytes, dict]:
    if not csrf_ok(request.form):
        abort(400)
    token = request.form.get("token", "")
    found = storage.load(token, viewer["user_id"])
    if found is None:
        abort(404)
    return token, *found


@bp.post("/importeren/bevestigen")
def commit():
    viewer = importer()
    token, data, meta = stored(viewer)
    outcome = run_import(viewer, meta["kind"], data, False, max_rows())
    if not outcome.ok:
        return show_preview(viewer, token, data, meta["kind"], meta["filename"])
    storage.forget(token)
    LOGGER.info("import by %s: %s", viewer["user_id"], outcome.counts())
    return render_template("imports/result.html", outcome=outcome, filename=meta["filename"])


@bp.post("/importeren/eigenschap")
def create_property():
    """Create a missing custom property or option from the error list, then preview again."""
    viewer = importer()
    token, data, meta = stored(viewer)
    if not can_manage_properties():
        abort(403)
    from webapp.admin import queries as admin_queries

    try:
        if request.form.get("property_id"):
            admin_queries.add_option(
                viewer["municipality_code"],
                UUID(request.form["property_id"]),
                request.form.get("option", "").strip(),
            )
        else:
            admin_queries.create_property(
                viewer["municipality_code"], property_values(request.form)
            )
    except (admin_queries.RuleViolation, ValueError) as err:
        LOGGER.info("import: property not created: %s", err)
        flash("Het plusveld of de optie kon niet worden aangemaakt.", "error")
    return show_preview(viewer, token, data, meta["kind"], meta["filename"])


def property_values(form) -> dict:
    value_type = form.get("value_type", "text")
    if value_type not in dict(VALUE_TYPES):
        value_type = "text"
    object_type = (
        form.get("object_type")
        if form.get("object_type") in ("project", "houseblock")
        else "project"
    )
    return {
        "object_type": object_type,
        "value_type": value_type,
        "name": form.get("name", "").strip(),
        "description": None,
        "mandatory": False,
        "single_select": True if value_type == "category" else None,
        "rules": {},
    }


@bp.post("/importeren/api")
def api():
    """POST a file (multipart `file`, `format`, `dry_run`): JSON {result, errors}; 400 on errors."""
    presented = presented_api_token()
    if presented is not None:
        user = api_token_user(presented)
        if user is None:
            return jsonify(
                {"code": "Unauthorized", "description": "Het API-token is onbekend."}
            ), 401
    elif current_user.is_authenticated:
        user = current_user
        if not csrf_ok(request.form) and not csrf_ok(
            {"csrf_token": request.headers.get("X-CSRFToken")}
        ):
            return jsonify({"code": "BadRequest", "description": "CSRF-token ontbreekt."}), 400
    else:
        return jsonify(
            {"code": "Unauthorized", "description": "Log in of stuur een API-token mee."}
        ), 401
    viewer = viewer_for(user)
    if not may_import(viewer):
        return jsonify(
            {"code": "Forbidden", "description": "U mag geen projecten importeren."}
        ), 403
    found = uploaded()
    if found is None:
        outcome = Outcome(
            False, True, [], [Issue("io_error", detail="multipart-veld file of format ontbreekt")]
        )
        return jsonify(outcome.as_json()), 400
    dry_run = (request.form.get("dry_run") or request.args.get("dry_run") or "false").lower() in (
        "1",
        "true",
        "ja",
    )
    outcome = run_import(viewer, found[1], found[0], dry_run, max_rows())
    return jsonify(outcome.as_json()), (200 if outcome.ok else 400)
