"""SQL behind the home page."""

from webapp import db
from webapp.viewer import set_viewer


def visible_project_count(viewer: dict | None) -> int:
    """How many projects the viewer may see today (publication.projects, with set_viewer)."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        row = conn.execute("SELECT count(*) FROM publication.projects").fetchone()
    return int(row[0]) if row else 0
