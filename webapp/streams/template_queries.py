"""SQL behind the process-template admin: the municipality's templates, their steps and writes."""

from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.projects.queries import run_rules

LIST_SQL = """
    SELECT t.id::text, t.name, t.municipality_code IS NULL AS nationwide,
           (SELECT count(*) FROM plan.process_template_step s WHERE s.template_id = t.id) AS steps
    FROM plan.process_template t
    WHERE t.municipality_code IS NULL OR t.municipality_code = %s
    ORDER BY t.municipality_code IS NOT NULL, t.name
"""
TEMPLATE_SQL = """
    SELECT id::text, name, municipality_code IS NULL AS nationwide FROM plan.process_template
    WHERE id = %s AND (municipality_code IS NULL OR municipality_code = %s)
"""
STEPS_SQL = """
    SELECT id::text, position, stream, name, duration_days FROM plan.process_template_step
    WHERE template_id = %s ORDER BY position
"""
DEPENDENCIES_SQL = """
    SELECT f.id::text AS source, t.id::text AS target, d.kind, d.lag_days AS lag
    FROM plan.process_template_dependency d
    JOIN plan.process_template_step f
      ON f.template_id = d.template_id AND f.position = d.from_position
    JOIN plan.process_template_step t
      ON t.template_id = d.template_id AND t.position = d.to_position
    WHERE d.template_id = %s ORDER BY d.from_position, d.to_position
"""


def templates_of(municipality: str) -> list[dict]:
    """The nationwide templates and the municipality's own, nationwide first."""
    with db.connection() as conn:
        return conn.cursor(row_factory=dict_row).execute(LIST_SQL, (municipality,)).fetchall()


def template_of(municipality: str, template_id: str) -> dict | None:
    """A nationwide or own template with its steps and dependencies; None for another's."""
    with db.connection() as conn:
        cur = conn.cursor(row_factory=dict_row)
        template = cur.execute(TEMPLATE_SQL, (template_id, municipality)).fetchone()
        if template is None:
            return None
        template["steps"] = cur.execute(STEPS_SQL, (template_id,)).fetchall()
        template["dependencies"] = cur.execute(DEPENDENCIES_SQL, (template_id,)).fetchall()
        return template


def write(sql: str, params: Any) -> Any:
    """Run one plan.*process_template* write (RuleError when a rule refuses)."""
    with db.connection() as conn, conn.transaction():
        return run_rules(conn, sql, params)


def save_template(municipality: str, template_id: str | None, name: str) -> Any:
    return write("SELECT plan.save_process_template(%s, %s, %s)", (template_id, municipality, name))


def copy_template(municipality: str, template_id: str, name: str) -> Any:
    return write("SELECT plan.copy_process_template(%s, %s, %s)", (template_id, municipality, name))


def delete_template(municipality: str, template_id: str) -> Any:
    return write("SELECT plan.delete_process_template(%s, %s)", (template_id, municipality))


def save_step(municipality: str, template_id: str, step_id: str | None, data: dict) -> Any:
    sql = "SELECT plan.save_process_template_step(%s, %s, %s, %s)"
    return write(sql, (template_id, municipality, step_id, Jsonb(data)))


def delete_step(municipality: str, template_id: str, step_id: str) -> Any:
    sql = "SELECT plan.delete_process_template_step(%s, %s, %s)"
    return write(sql, (template_id, municipality, step_id))


def move_step(municipality: str, template_id: str, step_id: str, up: bool) -> Any:
    sql = "SELECT plan.move_process_template_step(%s, %s, %s, %s)"
    return write(sql, (template_id, municipality, step_id, up))


def add_dependency(municipality: str, template_id: str, data: dict) -> Any:
    sql = "SELECT plan.add_process_template_dependency(%s, %s, %s, %s, %s, %s)"
    args = (template_id, municipality, data["source"], data["target"], data["kind"], data["lag"])
    return write(sql, args)


def delete_dependency(municipality: str, template_id: str, source: str, target: str) -> Any:
    sql = "SELECT plan.delete_process_template_dependency(%s, %s, %s, %s)"
    return write(sql, (template_id, municipality, source, target))
