"""Projects: the list at /projecten, the project page with history, and the project forms."""

from flask import Blueprint

bp = Blueprint("projects", __name__, template_folder="templates")

from webapp.projects import views  # noqa: E402, F401
