"""Process streams (PPM): public and private process steps, their schedule and Gantt view."""

from flask import Blueprint

bp = Blueprint("streams", __name__, template_folder="templates")

from webapp.streams import templates_admin  # noqa: E402, F401
from webapp.streams import views  # noqa: E402, F401
