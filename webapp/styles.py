"""GET /styles/<name>: the map styles of the API collections (QGIS .qml, MapLibre style JSON)."""

from pathlib import Path

from flask import Blueprint
from flask import Response
from flask import abort
from werkzeug.security import safe_join

from webapp.settings import ROOT

bp = Blueprint("styles", __name__, url_prefix="/styles")
STYLES_DIR = ROOT / "styles"
MEDIA_TYPES = {
    ".qml": "application/vnd.qgis.qml",
    ".maplibre.json": "application/vnd.mapbox.style+json",
}


@bp.get("/<name>")
def style(name: str) -> Response:
    """A style file of styles/ with its media type (404 for anything else)."""
    media_type = next((t for suffix, t in MEDIA_TYPES.items() if name.endswith(suffix)), None)
    path = safe_join(str(STYLES_DIR), name)
    if media_type is None or path is None or not Path(path).is_file():
        abort(404)
    response = Response(Path(path).read_bytes(), mimetype=media_type)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
