"""The public side at /openbaar: a municipality's dashboard and map for residents, signed out."""

from flask import Blueprint

bp = Blueprint(
    "public",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/openbaar/static",
)

from webapp.public import views  # noqa: E402, F401
