"""pygeoapi mounted at /api, with our guard in front and its header bug patched behind."""

import os
from pathlib import Path

from flask import Flask
from flask import Response
from flask import jsonify
from flask import request
from flask_security import current_user
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import Headers
from wtforms.validators import ValidationError

from webapp.settings import WebSettings
from webapp.viewer import ENVIRON_KEY
from webapp.viewer import viewer_for

URL_PREFIX = "/api"
BLUEPRINT_NAME = "pygeoapi"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "pygeoapi"
WRITE_METHODS = {"PUT", "PATCH", "DELETE"}
CREDENTIAL_HEADERS = ("Authorization", "X-API-Key", "Authentication-Token")
SEARCH_TYPES = ("application/json", "application/query-cql-json", "application/cql2+json")


class OpenAPIMissingError(RuntimeError):
    """The generated OpenAPI document is missing (run python -m manage openapi)."""


def pygeoapi_env(settings: WebSettings) -> dict[str, str]:
    """The environment pygeoapi and pygeoapi-config.yml read (import time and ${VAR})."""
    return {
        "PYGEOAPI_CONFIG": str(settings.pygeoapi_config),
        "PYGEOAPI_OPENAPI": str(settings.openapi_path),
        "DIWI_PUBLIC_URL": settings.public_url.rstrip("/"),
        "DIWI_READER_DATABASE_URL": settings.reader_database_url,
        "DIWI_VAR_DIR": str(settings.var_dir),
        "DIWI_PYGEOAPI_TEMPLATES": str(TEMPLATES_DIR),
    }


def init_app(app: Flask, settings: WebSettings) -> None:
    """Import pygeoapi with our env, register its blueprint at /api, add guard and fix."""
    if not settings.openapi_path.exists():
        raise OpenAPIMissingError(
            f"{settings.openapi_path} is missing: run `python -m manage openapi` (needs the DB)"
        )
    os.environ.update(pygeoapi_env(settings))
    from pygeoapi.flask_app import BLUEPRINT

    app.register_blueprint(BLUEPRINT, url_prefix=URL_PREFIX)
    landing = f"{BLUEPRINT_NAME}.landing_page"
    app.add_url_rule(URL_PREFIX, endpoint=landing, view_func=app.view_functions[landing])
    app.before_request(guard_api)
    app.after_request(rewrap_headers)
    app.extensions["diwi.api"] = True


def api_error(status: int, code: str, description: str) -> Response:
    """An OGC-style JSON exception."""
    response = jsonify({"code": code, "description": description})
    response.status_code = status
    return response


def is_refused_write(path: str) -> bool:
    """True for a request that would change a collection (none is editable)."""
    if not path.startswith("/collections"):
        return False
    if request.method in WRITE_METHODS:
        return True
    if request.method != "POST":
        return False
    mimetype = request.mimetype or ""
    return not (path.endswith("/items") and mimetype in SEARCH_TYPES)


def needs_sign_in(path: str) -> bool:
    """Jobs (everyone's results) and process execution are for signed-in users only."""
    if path.startswith("/jobs"):
        return True
    return request.method == "POST" and path.endswith("/execution")


def guard_api() -> Response | None:
    """Authenticate /api requests (session or token), expose the viewer, refuse writes."""
    if request.blueprint != BLUEPRINT_NAME:
        return None
    path = request.path[len(URL_PREFIX) :] or "/"
    if is_refused_write(path):
        response = api_error(405, "MethodNotAllowed", "Deze collectie is alleen-lezen.")
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
        return response
    user = current_user if current_user and current_user.is_authenticated else None
    presented = presented_api_token()
    if presented is not None:
        user = api_token_user(presented)
        if user is None:
            return api_error(401, "Unauthorized", "Het API-token is onbekend of ingetrokken.")
    if needs_sign_in(path) and user is None:
        return api_error(401, "Unauthorized", "Log in of stuur een API-token mee.")
    if path.endswith("/execution") and user is not None and not csrf_safe():
        return api_error(403, "Forbidden", "CSRF-token ontbreekt of is ongeldig (X-CSRFToken).")
    viewer = viewer_for(user) if user is not None else None
    if viewer is not None:
        request.environ[ENVIRON_KEY] = viewer
    return None


def csrf_safe() -> bool:
    """A POST authenticated by a header is safe; one on the session cookie needs X-CSRFToken."""
    if any(request.headers.get(name) for name in CREDENTIAL_HEADERS):
        return True
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except ValidationError:
        return False
    return True


def presented_api_token() -> str | None:
    """A personal API token sent as `Authorization: Bearer <token>` or `X-API-Key: <token>`."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def api_token_user(token: str):
    """The active owner of a token (flask-security user), None for unknown or revoked."""
    from webapp.account.queries import user_id_for_token
    from webapp.security import datastore

    user_id = user_id_for_token(token)
    return datastore().find_user(id=user_id) if user_id is not None else None


def rewrap_headers(response: Response) -> Response:
    """pygeoapi assigns a plain dict to response.headers; make it Headers again."""
    if isinstance(response.headers, dict):
        response.headers = Headers(response.headers)
    return response
