"""Milestones: a project's milestones (forecast, planned, realised, aborted) and their edits."""

from flask import Blueprint

bp = Blueprint("milestones", __name__, template_folder="templates")

from webapp.milestones import views  # noqa: E402, F401
