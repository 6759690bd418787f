"""SQL behind the regional pages: the acceleration table and the key-project marks."""

from psycopg.rows import dict_row

from webapp import db
from webapp.projects.queries import run_rules
from webapp.viewer import set_viewer

TABLE_SQL = """
    SELECT id::text, instance, municipality_code, municipality_name, region_code, name, phase_label,
           planning_status_label, net_plan_capacity, owner_occupied, private_rental, social_rental,
           planned_delivery, forecast_p10, forecast_p50, forecast_p90, process_delivery,
           steps_done, steps_running, steps_late, steps, critical_steps, bottlenecks,
           acceleration, max_gain_days, key_reason
    FROM publication.acceleration_table
    ORDER BY municipality_name, name, id
"""
PROJECTS_SQL = """
    SELECT id::text, municipality_name, name, phase_label, net_plan_capacity, marked, is_key,
           key_reason, plan.region_key_min_dwellings(region_code) AS threshold
    FROM publication.regional_projects
    ORDER BY is_key DESC, municipality_name, name, id
"""


def acceleration_rows(viewer: dict) -> list[dict]:
    """The rows of the acceleration table the viewer may see."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        return conn.cursor(row_factory=dict_row).execute(TABLE_SQL).fetchall()


def regional_projects(viewer: dict) -> list[dict]:
    """Every project the viewer may see, with whether it is a key project and why."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        return conn.cursor(row_factory=dict_row).execute(PROJECTS_SQL).fetchall()


def set_key(viewer: dict, project_id: str, key: bool | None) -> None:
    """Mark, unmark or reset a key project (RuleError when the viewer may not)."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        sql = "SELECT plan.set_key_project(%s, %s, %s)"
        run_rules(conn, sql, (project_id, key, viewer["user_id"]))


SETTINGS_SQL = """
    SELECT region_code, region_name, province_code, set_min_dwellings, key_min_dwellings,
           changed_at
    FROM publication.region_settings ORDER BY region_name, region_code
"""


def region_settings(viewer: dict) -> list[dict]:
    """The regions whose key-project threshold the viewer may set, with the threshold in force."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        return conn.cursor(row_factory=dict_row).execute(SETTINGS_SQL).fetchall()


def set_threshold(viewer: dict, region_code: str, min_dwellings: int | None) -> None:
    """Set (None: reset to 100) a region's threshold; RuleError when the viewer may not."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        sql = "SELECT plan.set_region_key_min_dwellings(%s, %s, %s)"
        run_rules(conn, sql, (region_code, min_dwellings, viewer["user_id"]))
