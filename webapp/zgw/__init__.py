"""ZGW link: the notificaties receiver (/zgw/notificaties) and the admin page (/beheer/zgw)."""

from flask import Blueprint

bp = Blueprint("zgw", __name__, template_folder="templates")

from webapp.zgw import views  # noqa: E402, F401
