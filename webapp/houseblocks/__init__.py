"""Houseblocks: the forms to create and edit the houseblocks of a project."""

from flask import Blueprint

bp = Blueprint("houseblocks", __name__, template_folder="templates")

from webapp.houseblocks import views  # noqa: E402, F401
