"""The signed-in user's own account: two-factor set-up and personal API tokens."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")

from webapp.account import views  # noqa: E402, F401
