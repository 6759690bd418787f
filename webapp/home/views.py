"""Home page view."""

from flask import render_template
from flask_security import current_user

from webapp.home import bp
from webapp.home.queries import visible_project_count
from webapp.viewer import viewer_for


@bp.get("/")
def index() -> str:
    viewer = viewer_for(current_user)
    return render_template(
        "home/index.html",
        project_count=visible_project_count(viewer),
        viewer=viewer,
    )
