"""Registries: ingest runs, parcels to resolve and the BAG address-count check under /registers."""

from flask import Blueprint

bp = Blueprint("registries", __name__, url_prefix="/registers", template_folder="templates")

from webapp.registries import bag_check  # noqa: E402, F401
from webapp.registries import parcels  # noqa: E402, F401
from webapp.registries import runs  # noqa: E402, F401
