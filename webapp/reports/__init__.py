"""PDF reports of dashboards at /rapport, rendered on the server with WeasyPrint."""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")

from webapp.reports import charts  # noqa: E402, F401
from webapp.reports import views  # noqa: E402, F401
