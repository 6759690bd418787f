"""SQL behind the process page: steps, dependencies and templates, and their writes."""

from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.projects.queries import run_rules
from webapp.viewer import set_viewer

PROJECT_SQL = """
    SELECT p.id::text, p.name, p.municipality_code,
           plan.viewer_can_edit_stream(p.id, 'public') AS can_edit_public,
           plan.viewer_can_edit_stream(p.id, 'private') AS can_edit_private
    FROM publication.projects_at(current_date) p WHERE p.id = %s
"""
STEPS_SQL = """
    SELECT s.id::text, s.stream, s.name, s.planned_start, s.planned_end, s.actual_start,
           s.actual_end, s.responsible_user_id::text, s.responsible_group_id::text,
           s.responsible_organisation,
           coalesce(u.first_name || ' ' || u.last_name, g.name, s.responsible_organisation)
               AS responsible
    FROM plan.process_step s
    LEFT JOIN auth.app_user u ON u.id = s.responsible_user_id
    LEFT JOIN auth.user_group g ON g.id = s.responsible_group_id
    WHERE s.project_id = %s ORDER BY s.planned_start, s.name, s.id
"""
DEPENDENCIES_SQL = """
    SELECT d.id::text, d.from_step_id::text AS source, d.to_step_id::text AS target, d.kind,
           d.lag_days AS lag
    FROM plan.process_dependency d JOIN plan.process_step s ON s.id = d.to_step_id
    WHERE s.project_id = %s ORDER BY d.id
"""
TEMPLATES_SQL = """
    SELECT id::text, name FROM plan.process_template
    WHERE municipality_code IS NULL OR municipality_code = %s ORDER BY name
"""
PEOPLE_SQL = """
    SELECT 'user:' || id, first_name || ' ' || last_name FROM auth.app_user
    WHERE municipality_code = %(m)s AND active
    UNION ALL
    SELECT 'group:' || id, 'Groep ' || name FROM auth.user_group
    WHERE municipality_code = %(m)s AND NOT single_user
    ORDER BY 2
"""


def streams_of(viewer: dict | None, project_id: str) -> dict | None:
    """Project, steps, dependencies, templates and choices of responsible; None when not visible."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        project = cur.execute(PROJECT_SQL, (project_id,)).fetchone()
        if project is None:
            return None
        municipality = project["municipality_code"]
        return {
            "project": project,
            "steps": cur.execute(STEPS_SQL, (project_id,)).fetchall(),
            "dependencies": cur.execute(DEPENDENCIES_SQL, (project_id,)).fetchall(),
            "templates": cur.execute(TEMPLATES_SQL, (municipality,)).fetchall(),
            "people": [tuple(r) for r in conn.execute(PEOPLE_SQL, {"m": municipality})],
        }


def rule_text(code: str) -> str:
    """The Dutch message of a rule."""
    with db.connection() as conn:
        return conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()[0]


def editor_access(viewer: dict, project_id: str) -> bool | None:
    """None when the viewer may not see the project; else whether it may edit either stream."""
    with db.connection() as conn:
        set_viewer(conn, viewer)
        row = conn.execute(PROJECT_SQL, (project_id,)).fetchone()
    return None if row is None else bool(row[3] or row[4])


def write(viewer: dict, project_id: str, sql: str, params: Any) -> Any:
    """Run one plan.*process* write for a visible project (RuleError when a rule refuses).

    Returns the function's result, or None when the viewer may not see the project.
    """
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        if conn.execute(PROJECT_SQL, (project_id,)).fetchone() is None:
            return None
        return run_rules(conn, sql, params)


def save_step(viewer: dict, project_id: str, step_id: str | None, data: dict) -> Any:
    sql = "SELECT plan.save_process_step(%s, %s, %s, %s)"
    payload = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    return write(viewer, project_id, sql, (step_id, project_id, Jsonb(payload), viewer["user_id"]))


def delete_step(viewer: dict, project_id: str, step_id: str) -> Any:
    return write(
        viewer, project_id, "SELECT plan.delete_process_step(%s, %s)", (step_id, project_id)
    )


def add_dependency(viewer: dict, project_id: str, data: dict) -> Any:
    sql = "SELECT plan.add_process_dependency(%s, %s, %s, %s, %s)"
    args = (project_id, data["source"], data["target"], data["kind"], data["lag"])
    return write(viewer, project_id, sql, args)


def delete_dependency(viewer: dict, project_id: str, dependency_id: str) -> Any:
    sql = "SELECT plan.delete_process_dependency(%s, %s)"
    return write(viewer, project_id, sql, (project_id, dependency_id))


def apply_template(viewer: dict, project_id: str, template_id: str, start: Any) -> Any:
    sql = "SELECT plan.apply_process_template(%s, %s, %s, %s)"
    return write(viewer, project_id, sql, (project_id, template_id, start, viewer["user_id"]))
