"""SQL behind the goal pages: progress via publication.goal_progress, writes via plan.*goal*."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.viewer import set_viewer

BREAKDOWN_KINDS = ("house_type", "target_group", "physical_appearance", "ground_position")
BOOLEAN_CHOICES = [("true", "Ja"), ("false", "Nee")]


class RuleViolation(Exception):
    """A database rule refused a goal write: its rule code and Dutch message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@contextmanager
def writing(viewer: dict) -> Iterator[psycopg.Connection]:
    """One transaction as the viewer whose rule violations come out as RuleViolation."""
    try:
        with db.connection() as conn, conn.transaction():
            set_viewer(conn, viewer)
            yield conn
    except psycopg.errors.IntegrityError as exc:
        code = exc.diag.constraint_name or "unknown"
        with db.connection() as conn:
            row = conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()
        raise RuleViolation(code, row[0] if row and row[0] else code) from exc


def progress(
    viewer: dict | None,
    reference_date: date,
    goal_ids: list[str] | None = None,
    category_ids: list[str] | None = None,
) -> list[dict]:
    """The goals' progress at the reference date as the viewer may know it."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        row = conn.execute(
            "SELECT publication.goal_progress(%s, %s::uuid[], %s::uuid[])",
            (reference_date, goal_ids, category_ids),
        ).fetchone()
    return row[0] or []


def group_by_category(goals: list[dict], categories: list[dict]) -> list[dict]:
    """Categories in order, each with its goals (empty categories too)."""
    grouped = [
        {**c, "goals": [g for g in goals if g["category"]["id"] == c["id"]]} for c in categories
    ]
    return grouped


def categories(municipality: str) -> list[dict]:
    with db.connection() as conn:
        return (
            conn.cursor(row_factory=dict_row)
            .execute(
                "SELECT c.id::text, c.name, c.sort_order, "
                "(SELECT count(*) FROM plan.goal g JOIN plan.goal_version v ON v.goal_id = g.id "
                " AND v.superseded_at IS NULL WHERE v.category_id = c.id AND g.removed_at IS NULL) "
                "AS goals "
                "FROM plan.goal_category c WHERE c.municipality_code = %s AND c.removed_at IS NULL "
                "ORDER BY c.sort_order, c.name",
                (municipality,),
            )
            .fetchall()
        )


GOAL_SQL = """
    SELECT g.id::text, v.category_id::text, v.name, v.description, v.kind, v.direction, v.measure,
           v.target, v.period_start, v.period_end, v.conditions, v.district_codes,
           v.neighbourhood_codes, ST_AsGeoJSON(ST_Transform(v.area, 4326), 7)::jsonb AS area,
           v.recorded_at, concat_ws(' ', u.first_name, u.prefixes, u.last_name) AS recorded_by
    FROM plan.goal g
    JOIN plan.goal_version v ON v.goal_id = g.id AND v.superseded_at IS NULL
    LEFT JOIN auth.app_user u ON u.id = v.recorded_by
    WHERE g.id = %s AND g.municipality_code = %s AND g.removed_at IS NULL
"""


def get_goal(municipality: str, goal_id: UUID) -> dict | None:
    """A goal's current definition (area in CRS84 for the map)."""
    with db.connection() as conn:
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(GOAL_SQL, (goal_id, municipality)).fetchone()


def to_rd(area: dict | None) -> dict | None:
    """A GeoJSON area drawn on the map (CRS84) in EPSG:28992 for plan.save_goal."""
    if area is None:
        return None
    with db.connection() as conn:
        return conn.execute(
            "SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326), 28992), 3)"
            "::jsonb",
            (Jsonb(area),),
        ).fetchone()[0]


def save_goal(viewer: dict, goal_id: UUID | None, data: dict) -> str:
    data = {**data, "area": to_rd(data.get("area"))}
    with writing(viewer) as conn:
        return str(
            conn.execute(
                "SELECT plan.save_goal(%s, %s, %s, %s)",
                (goal_id, viewer["municipality_code"], Jsonb(data), viewer["user_id"]),
            ).fetchone()[0]
        )


def remove_goal(viewer: dict, goal_id: UUID) -> None:
    with writing(viewer) as conn:
        conn.execute(
            "SELECT plan.remove_goal(%s, %s, %s)",
            (goal_id, viewer["municipality_code"], viewer["user_id"]),
        )


def save_category(viewer: dict, category_id: UUID | None, name: str, sort_order: int) -> str:
    with writing(viewer) as conn:
        return str(
            conn.execute(
                "SELECT plan.save_goal_category(%s, %s, %s, %s, %s)",
                (category_id, viewer["municipality_code"], name, sort_order, viewer["user_id"]),
            ).fetchone()[0]
        )


def remove_category(viewer: dict, category_id: UUID) -> None:
    with writing(viewer) as conn:
        conn.execute("SELECT plan.remove_goal_category(%s, %s)", (category_id, viewer["user_id"]))


# --- choices for the editor -------------------------------------------------------------------

CHOICE_SQL = {
    "phase": "SELECT code, label_nl FROM ref.project_phase ORDER BY sort_order",
    "planning_status": "SELECT code, label_nl FROM ref.planning_status ORDER BY sort_order",
    "ownership_type": "SELECT 'type:' || code, label_nl FROM ref.ownership_type "
    "ORDER BY sort_order",
}
FIXED_SQL = """
    SELECT p.key, p.name, o.id::text, o.label_nl FROM plan.property p
    JOIN plan.property_option o ON o.property_id = p.id AND o.disabled_at IS NULL
    WHERE p.kind = 'fixed' AND p.key = ANY (%s) ORDER BY p.sort_order, o.sort_order
"""
CUSTOM_SQL = """
    SELECT p.id::text, p.name, p.value_type, p.object_type,
           coalesce((SELECT jsonb_agg(jsonb_build_array(o.id::text, o.label_nl)
                                      ORDER BY o.sort_order, o.ordinal_level, o.label_nl)
                     FROM plan.property_option o
                     WHERE o.property_id = p.id AND o.disabled_at IS NULL),
                    '[]') AS options
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.municipality_code = %s AND p.disabled_at IS NULL
      AND p.value_type IN ('boolean', 'category', 'ordinal')
    ORDER BY p.object_type, p.sort_order, p.name
"""
PRICE_SQL = """
    SELECT 'price:' || id::text,
           'Prijscategorie ' || CASE price_kind WHEN 'purchase' THEN 'koop' ELSE 'huur' END
           || ': ' || name
           || ' (vanaf ' || to_char(valid_from, 'DD-MM-YYYY') || ')'
    FROM plan.price_category WHERE municipality_code = %s ORDER BY price_kind, name, valid_from
"""


def condition_kinds(municipality: str) -> list[dict[str, Any]]:
    """Every kind of condition the editor offers: key, Dutch label, (value, label) choices."""
    with db.connection() as conn:
        simple = {k: [tuple(r) for r in conn.execute(sql)] for k, sql in CHOICE_SQL.items()}
        fixed: dict[str, dict] = {}
        for key, name, oid, label in conn.execute(FIXED_SQL, (list(BREAKDOWN_KINDS),)):
            fixed.setdefault(key, {"key": key, "label": name, "options": []})["options"].append(
                (oid, label)
            )
        prices = [tuple(r) for r in conn.execute(PRICE_SQL, (municipality,))]
        custom = conn.cursor(row_factory=dict_row).execute(CUSTOM_SQL, (municipality,)).fetchall()
    kinds = [
        {"key": "phase", "label": "Projectfase", "options": simple["phase"]},
        {"key": "planning_status", "label": "Planstatus", "options": simple["planning_status"]},
        {"key": "programming", "label": "Programmering", "options": BOOLEAN_CHOICES},
        *[fixed[k] for k in BREAKDOWN_KINDS if k in fixed],
        {
            "key": "ownership",
            "label": "Eigendom en prijscategorie",
            "options": simple["ownership_type"] + prices,
        },
    ]
    for prop in custom:
        where = "project" if prop["object_type"] == "project" else "woningblok"
        options = (
            BOOLEAN_CHOICES
            if prop["value_type"] == "boolean"
            else [tuple(o) for o in prop["options"]]
        )
        kinds.append(
            {
                "key": f"custom:{prop['id']}",
                "label": f"Plusveld {prop['name']} ({where})",
                "options": options,
                "boolean": prop["value_type"] == "boolean",
            }
        )
    return kinds


def area_choices(municipality: str) -> dict[str, list[tuple[str, str]]]:
    with db.connection() as conn:
        districts = conn.execute(
            "SELECT code, name FROM ref.district WHERE municipality_code = %s ORDER BY name",
            (municipality,),
        ).fetchall()
        neighbourhoods = conn.execute(
            "SELECT n.code, n.name || ' (' || d.name || ')' FROM ref.neighbourhood n "
            "JOIN ref.district d ON d.code = n.district_code WHERE d.municipality_code = %s "
            "ORDER BY d.name, n.name",
            (municipality,),
        ).fetchall()
        boundary = conn.execute(
            "SELECT ST_AsGeoJSON(ST_Transform(boundary, 4326), 6)::jsonb FROM ref.municipality "
            "WHERE code = %s",
            (municipality,),
        ).fetchone()
    return {
        "district": [tuple(r) for r in districts],
        "neighbourhood": [tuple(r) for r in neighbourhoods],
        "boundary": boundary[0] if boundary else None,
    }
