"""SQL behind the dashboards: components per role, their results, goals and filter choices."""

import logging
from datetime import date

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.viewer import set_viewer

# the project dashboard's components (each only when the role may use it)
PROJECT_COMPONENTS = (
    "capacity",
    "target_group",
    "physical_appearance",
    "house_type",
    "ownership",
    "price_purchase",
    "price_rent",
    "deliveries",
)

LOGGER = logging.getLogger(__name__)

COMPONENTS_SQL = """
    SELECT key::text, label_nl, kind, roles FROM publication.dashboard_components()
    WHERE %s = ANY (roles)
"""
DASHBOARD_SQL = "SELECT publication.dashboard(%s, %s, %s, %s)"
GOALS_SQL = "SELECT publication.goal_progress(%s, NULL, %s::uuid[])"
CATEGORIES_SQL = """
    SELECT id::text, name FROM plan.goal_category
    WHERE municipality_code = %s AND removed_at IS NULL ORDER BY sort_order, name
"""
FILTER_PROPERTIES_SQL = """
    SELECT p.id::text, p.name, p.value_type,
           coalesce((SELECT jsonb_agg(jsonb_build_array(o.id::text, o.label_nl)
                                       ORDER BY o.sort_order, o.ordinal_level)
                     FROM plan.property_option o
                     WHERE o.property_id = p.id AND o.disabled_at IS NULL), '[]') AS options
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.municipality_code = %s AND p.object_type = 'project'
      AND p.disabled_at IS NULL AND p.value_type IN ('category', 'ordinal', 'boolean')
    ORDER BY p.sort_order, p.name
"""


def role_of(viewer: dict | None) -> str:
    return viewer["role"] if viewer else "anonymous"


def components(viewer: dict | None) -> list[dict]:
    """The components the viewer's role may use, in the function's order."""
    with db.connection() as conn:
        rows = conn.cursor(row_factory=dict_row).execute(COMPONENTS_SQL, (role_of(viewer),))
        return rows.fetchall()


def results(viewer: dict | None, reference_date: date, requests: list[tuple]) -> list[dict]:
    """publication.dashboard for each (component, filters, options), in one transaction."""
    found = []
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        for key, filters, options in requests:
            row = conn.execute(
                DASHBOARD_SQL, (key, reference_date, Jsonb(filters), Jsonb(options))
            ).fetchone()
            found.append(row[0])
    return found


def result(viewer: dict | None, key: str, reference_date: date, filters: dict, options: dict):
    """One component's result."""
    return results(viewer, reference_date, [(key, filters, options)])[0]


# a project's milestones as recorded at a past reference date (as the dashboards count them)
MILESTONES_AT_SQL = """
    SELECT m.id, mv.date, mv.status, s.label_nl AS status_label, mv.description
    FROM plan.milestone m
    CROSS JOIN LATERAL plan.milestone_as_known(m.id, plan.as_recorded_on(%(day)s)) mv
    JOIN ref.milestone_status s ON s.code = mv.status
    WHERE m.project_id = %(id)s ORDER BY mv.date, m.id
"""


def milestones_at(viewer: dict | None, project_id: str, reference_date: date) -> list[dict]:
    """The project's milestones with date and status as recorded at reference_date (when in
    the past; else as recorded now)."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(MILESTONES_AT_SQL, {"day": reference_date, "id": project_id}).fetchall()


def goal_cards(viewer: dict | None, reference_date: date, category_ids: list[str] | None) -> list:
    """The goals (with progress) of the given categories (None: all)."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        return conn.execute(GOALS_SQL, (reference_date, category_ids)).fetchone()[0] or []


def goal_categories(municipality_code: str) -> list[tuple[str, str]]:
    """The municipality's goal categories (id, name)."""
    with db.connection() as conn:
        return [tuple(r) for r in conn.execute(CATEGORIES_SQL, (municipality_code,))]


def choices(municipality_code: str | None) -> dict:
    """The filter form's code lists (as on /projecten) plus buurten and plusvelden."""
    from webapp.projects.queries import choices as project_choices

    found = project_choices(municipality_code)
    found["custom"] = custom_filter_choices(municipality_code)
    return found


def custom_filter_choices(municipality_code: str | None) -> list[tuple[str, str]]:
    """('<property id>:<value>', 'Plusveld: waarde') for each filterable plusveld value."""
    with db.connection() as conn:
        props = conn.cursor(row_factory=dict_row).execute(
            FILTER_PROPERTIES_SQL, (municipality_code,)
        )
        props = props.fetchall()
    options = []
    for prop in props:
        values = (
            [("ja", "ja"), ("nee", "nee")] if prop["value_type"] == "boolean" else prop["options"]
        )
        options += [(f"{prop['id']}:{v}", f"{prop['name']}: {label}") for v, label in values]
    return options


MIN_BUCKET_SQL = """
    SELECT coalesce((SELECT dashboard_min_bucket FROM auth.municipality_setting
                     WHERE municipality_code = %s), 3)
"""
SAVE_MIN_BUCKET_SQL = """
    INSERT INTO auth.municipality_setting (municipality_code, dashboard_min_bucket) VALUES (%s, %s)
    ON CONFLICT (municipality_code) DO UPDATE
    SET dashboard_min_bucket = excluded.dashboard_min_bucket, update_datetime = now()
"""


def min_bucket(municipality_code: str) -> int:
    """k: the municipality's minimum bucket size (3 when not set)."""
    with db.connection() as conn:
        return conn.execute(MIN_BUCKET_SQL, (municipality_code,)).fetchone()[0]


def save_min_bucket(municipality_code: str, value: int) -> None:
    """Set k for the municipality (the CHECK refuses values outside 1..100)."""
    with db.connection() as conn:
        conn.execute(SAVE_MIN_BUCKET_SQL, (municipality_code, value))
