"""Exports: DIWI Excel and GeoJSON at a reference date, bulk GeoParquet/CSV for data lakes."""

from flask import Blueprint

bp = Blueprint("exports", __name__, template_folder="templates")

from webapp.exports import views  # noqa: E402, F401
