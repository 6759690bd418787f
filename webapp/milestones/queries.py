"""SQL behind the milestone page: list, add and change milestones of a visible project."""

from psycopg.rows import dict_row

from webapp import db
from webapp.projects.queries import lock_for_edit
from webapp.projects.queries import run_rules
from webapp.viewer import set_viewer

MILESTONES_SQL = """
    SELECT m.id::text, mv.date, mv.status, s.label_nl AS status_label, mv.description,
           m.id IN (p.start_milestone_id, p.end_milestone_id) AS bounds_project,
           mv.recorded_at
    FROM plan.milestone m
    JOIN plan.project p ON p.id = m.project_id
    JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
    JOIN ref.milestone_status s ON s.code = mv.status
    WHERE m.project_id = %s ORDER BY mv.date, m.id
"""
VISIBLE_SQL = "SELECT 1 FROM publication.projects_at(current_date) WHERE id = %s"
BELONGS_SQL = "SELECT 1 FROM plan.milestone WHERE id = %s AND project_id = %s"


def milestones_of(viewer: dict | None, project_id: str) -> list[dict] | None:
    """The project's current milestones in date order; None when the viewer may not see it."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        if conn.execute(VISIBLE_SQL, (project_id,)).fetchone() is None:
            return None
        return conn.cursor(row_factory=dict_row).execute(MILESTONES_SQL, (project_id,)).fetchall()


def statuses() -> list[tuple[str, str]]:
    """Milestone statuses (code, Dutch label) in their life-cycle order."""
    order = "array_position(ARRAY['forecast', 'planned', 'realised', 'aborted'], code)"
    with db.connection() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                f"SELECT code, label_nl FROM ref.milestone_status ORDER BY {order}"
            )
        ]


def save_milestone(
    viewer: dict, project_id: str, milestone_id: str | None, data: dict, token: str
) -> bool | None:
    """Add (milestone_id None) or change a milestone in one transaction.

    None: project invisible or milestone not of this project; False: not editable; True: saved.
    """
    with db.connection() as conn, conn.transaction():
        allowed = lock_for_edit(conn, viewer, project_id, token)
        if not allowed:
            return allowed
        args = (data["date"], data["status"], data["description"], viewer["user_id"])
        if milestone_id is None:
            run_rules(conn, "SELECT plan.add_milestone(%s, %s, %s, %s, %s)", (project_id, *args))
            return True
        if conn.execute(BELONGS_SQL, (milestone_id, project_id)).fetchone() is None:
            return None
        run_rules(conn, "SELECT plan.set_milestone(%s, %s, %s, %s, %s)", (milestone_id, *args))
    return True
