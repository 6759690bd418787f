"""Regional and acceleration table (regio- en versnellingstafel): key projects across a region."""

from flask import Blueprint

bp = Blueprint("regional", __name__, template_folder="templates")

from webapp.regional import views  # noqa: E402, F401
