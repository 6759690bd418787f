"""Admin screens (/beheer): users, groups, plusvelden, price categories, districts, deliveries."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer", template_folder="templates")

from webapp.admin import deliveries  # noqa: E402, F401
from webapp.admin import views  # noqa: E402, F401
