"""Imports of DIWI's Excel and GeoJSON templates: /importeren (web) and /importeren/api (JSON)."""

from flask import Blueprint

from webapp.diwi_format.excel import TEMPLATES_DIR

# The empty templates and the examples are served as static files of this blueprint.
bp = Blueprint(
    "imports",
    __name__,
    template_folder="templates",
    static_folder=str(TEMPLATES_DIR),
    static_url_path="/static/diwi-sjablonen",
)

from webapp.imports import views  # noqa: E402, F401
