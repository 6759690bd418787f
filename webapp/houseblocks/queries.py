"""SQL behind the houseblocks of a project page and the houseblock forms (after set_viewer)."""

from datetime import date
from datetime import datetime

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.projects.queries import RuleError
from webapp.projects.queries import StaleError
from webapp.projects.queries import lock_for_edit
from webapp.projects.queries import run_rules
from webapp.viewer import set_viewer

# Visible houseblocks (houseblocks_at applies the viewer filter) with the version planned then.
HOUSEBLOCKS_SQL = """
    SELECT hb.*, hv.id AS version_id
    FROM publication.houseblocks_at(%(d)s, %(t)s) hb
    JOIN plan.houseblock_version_at(%(d)s, %(t)s) hv ON hv.houseblock_id = hb.id
    WHERE hb.project_id = %(p)s ORDER BY hb.name, hb.id
"""
LINES_SQL = """
    SELECT l.houseblock_version_id AS version_id, l.line_no, l.ownership_type, t.label_nl,
           l.amount, l.price_cents, lower(l.price_range_cents) AS price_min_cents,
           upper(l.price_range_cents) - 1 AS price_max_cents, l.price_category_id,
           c.name AS category, l.house_type
    FROM plan.houseblock_ownership_line l
    JOIN ref.ownership_type t ON t.code = l.ownership_type
    LEFT JOIN plan.price_category c ON c.id = l.price_category_id
    WHERE l.houseblock_version_id = ANY (%s) ORDER BY l.line_no
"""
BREAKDOWN_SQL = """
    SELECT b.houseblock_version_id AS version_id, p.key, o.code, b.amount
    FROM plan.houseblock_breakdown b
    JOIN plan.property_option o ON o.id = b.option_id JOIN plan.property p ON p.id = o.property_id
    WHERE b.houseblock_version_id = ANY (%s)
"""
PROPERTIES_SQL = """
    SELECT p.key, p.name, array_agg(o.code ORDER BY o.sort_order) AS codes,
           array_agg(o.label_nl ORDER BY o.sort_order) AS labels
    FROM plan.property p
    JOIN plan.property_option o ON o.property_id = p.id AND o.disabled_at IS NULL
    WHERE p.kind = 'fixed' AND p.object_type = 'houseblock' AND p.value_type = 'category'
    GROUP BY p.key, p.name, p.sort_order ORDER BY p.sort_order
"""


def breakdown_properties() -> list[dict]:
    """The national breakdowns with their options: [{key, name, options: [(code, label)]}]."""
    with db.connection() as conn:
        rows = conn.cursor(row_factory=dict_row).execute(PROPERTIES_SQL).fetchall()
    return [dict(r, options=list(zip(r["codes"], r["labels"], strict=True))) for r in rows]


def price_categories(municipality_code: str | None) -> list[tuple[str, str]]:
    """Price categories (id, name with kind) valid today for a municipality or nationally."""
    sql = (
        "SELECT id::text, name || CASE price_kind WHEN 'rent' THEN ' (huur)' ELSE ' (koop)' END "
        "FROM plan.price_category WHERE (municipality_code = %s OR municipality_code IS NULL) "
        "AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date) "
        "ORDER BY price_kind, min_cents"
    )
    with db.connection() as conn:
        return [tuple(r) for r in conn.execute(sql, (municipality_code,))]


def houseblocks_of(
    viewer: dict | None, project_id: str, reference_date: date, as_recorded: datetime | None
) -> list[dict]:
    """The project's visible houseblocks at the reference date with lines and breakdowns."""
    args = {"d": reference_date, "t": as_recorded, "p": project_id}
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        blocks = cur.execute(HOUSEBLOCKS_SQL, args).fetchall()
        ids = [b["version_id"] for b in blocks]
        lines = cur.execute(LINES_SQL, (ids,)).fetchall()
        parts = cur.execute(BREAKDOWN_SQL, (ids,)).fetchall()
    for block in blocks:
        block["lines"] = [line for line in lines if line["version_id"] == block["version_id"]]
        block["breakdown"] = {}
        for part in parts:
            if part["version_id"] == block["version_id"]:
                block["breakdown"].setdefault(part["key"], {})[part["code"]] = part["amount"]
    return blocks


def save_houseblock(
    viewer: dict, project_id: str, houseblock_id: str | None, data: dict, token: str
) -> str | bool | None:
    """Create (houseblock_id None) or edit a houseblock as of today in one transaction.

    Returns the houseblock id, None when the project is invisible, False when not editable.
    """
    with db.connection() as conn, conn.transaction():
        allowed = lock_for_edit(conn, viewer, project_id, token)
        if not allowed:
            return allowed
        if houseblock_id is None:
            sql = "SELECT plan.create_houseblock(%s, %s, %s)::text"
            return run_rules(conn, sql, (project_id, Jsonb(data), viewer["user_id"]))
        owner = conn.execute(
            "SELECT project_id::text FROM plan.houseblock WHERE id = %s", (houseblock_id,)
        ).fetchone()
        if owner is None or owner[0] != project_id:
            return None
        sql = "SELECT plan.update_houseblock(%s, %s, %s, current_date)"
        run_rules(conn, sql, (houseblock_id, Jsonb(data), viewer["user_id"]))
        return houseblock_id


__all__ = ["RuleError", "StaleError", "houseblocks_of", "save_houseblock"]
