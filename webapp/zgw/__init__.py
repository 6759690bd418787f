"""ZGW link: the notificaties receiver, the admin page (/beheer/zgw) and the project Zaken panel."""

from flask import Blueprint

bp = Blueprint("zgw", __name__, template_folder="templates")

from webapp.zgw import project  # noqa: E402, F401
from webapp.zgw import views  # noqa: E402, F401
