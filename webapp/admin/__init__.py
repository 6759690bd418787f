"""Admin screens (/beheer): users, groups, custom properties, price categories, districts."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer", template_folder="templates")

from webapp.admin import views  # noqa: E402, F401
