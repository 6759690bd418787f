"""Composed dashboards (blueprints) in plan.dashboard_blueprint, always as the signed-in viewer."""

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.viewer import set_viewer

BLUEPRINTS_SQL = """
    SELECT b.id::text, b.name, b.components, b.goal_category_ids::text[] AS goal_category_ids,
           ARRAY(SELECT s.user_group_id::text FROM plan.dashboard_blueprint_share s
                 WHERE s.blueprint_id = b.id ORDER BY 1) AS group_ids,
           ARRAY(SELECT g.name FROM plan.dashboard_blueprint_share s
                 JOIN auth.user_group g ON g.id = s.user_group_id
                 WHERE s.blueprint_id = b.id ORDER BY g.name) AS group_names,
           b.updated_at
    FROM plan.dashboard_blueprint b
    WHERE b.id IN (SELECT plan.viewer_blueprint_ids())
"""
GROUPS_SQL = """
    SELECT id::text, name FROM auth.user_group
    WHERE municipality_code = %s AND NOT single_user ORDER BY name
"""


class BlueprintError(Exception):
    """A blueprint rule refused a save: the rule code and its Dutch message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def viewer_blueprints(viewer: dict | None) -> list[dict]:
    """The composed dashboards the viewer may open, by name."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(BLUEPRINTS_SQL + " ORDER BY b.name").fetchall()


def blueprint(viewer: dict | None, blueprint_id: str) -> dict | None:
    """One composed dashboard, None when the viewer may not open it (or it does not exist)."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(BLUEPRINTS_SQL + " AND b.id = %s", (blueprint_id,)).fetchone()


def save_blueprint(viewer: dict, blueprint_id: str | None, data: dict) -> str | None:
    """Create or change a blueprint through plan.save_blueprint; its id (None: not found)."""
    try:
        with db.connection() as conn, conn.transaction():
            set_viewer(conn, viewer)
            row = conn.execute(
                "SELECT plan.save_blueprint(%s, %s)::text", (blueprint_id, Jsonb(data))
            ).fetchone()
    except (psycopg.errors.CheckViolation, psycopg.errors.UniqueViolation) as err:
        raise rule_error(err) from err
    return row[0]


def rule_error(err: psycopg.Error) -> BlueprintError:
    code = err.diag.constraint_name or "blueprint_components_invalid"
    with db.connection() as conn:
        row = conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()
    return BlueprintError(code, row[0] or code)


def delete_blueprint(viewer: dict, blueprint_id: str) -> bool:
    """Remove a blueprint of the viewer's municipality; whether there was one."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        return conn.execute("SELECT plan.delete_blueprint(%s)", (blueprint_id,)).fetchone()[0]


def user_groups(municipality_code: str) -> list[tuple[str, str]]:
    """The municipality's shared user groups (id, name), to share a dashboard with."""
    with db.connection() as conn:
        return [tuple(r) for r in conn.execute(GROUPS_SQL, (municipality_code,))]
