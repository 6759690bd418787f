"""Values every page of the base layout needs."""

from flask import current_app
from flask_wtf.csrf import generate_csrf


def layout_context() -> dict:
    """The public API address for links and the QGIS hint."""
    settings = current_app.config["DIWI_SETTINGS"]
    return {
        "api_url": settings.public_url.rstrip("/") + "/api",
        "site_name": "DIWI",
        "csrf_token": generate_csrf,
    }
