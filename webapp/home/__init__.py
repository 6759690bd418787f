"""Home page: what DIWI is, the API address, and how many projects the viewer may see."""

from flask import Blueprint

bp = Blueprint("home", __name__, template_folder="templates")

from webapp.home import views  # noqa: E402, F401
