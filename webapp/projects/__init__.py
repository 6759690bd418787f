"""Projects: the list at /projecten, the project page with history, the forms and bulk changes."""

from flask import Blueprint

bp = Blueprint("projects", __name__, template_folder="templates")

from webapp.projects import bulk  # noqa: E402, F401
from webapp.projects import views  # noqa: E402, F401
