"""SQL behind the DIWI exports: visible projects and houseblocks at a reference date."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date

import psycopg
from psycopg.rows import dict_row

from webapp import db
from webapp.viewer import set_viewer


@dataclass(frozen=True)
class Selection:
    """What to export: a reference date, optional project ids, a minimum confidentiality."""

    reference_date: date
    project_ids: list[str] | None = None
    min_level: int = 1


@dataclass
class ExportData:
    """Everything a DIWI export writes, read in one transaction."""

    reference_date: date
    projects: list[dict]
    codes: dict[str, dict] = field(default_factory=dict)
    custom: dict[str, list[dict]] = field(default_factory=dict)
    breakdowns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    price_categories: list[dict] = field(default_factory=list)


# Visible projects (projects_at applies the access rule) with the labels the formats write.
PROJECTS_SQL = """
    SELECT p.*, cl.rank AS level, cl.label_nl AS confidentiality_label,
           cl.diwi_name AS confidentiality_name, pr.label_nl AS priority_label,
           me.status AS end_status,
           ARRAY(SELECT g.name FROM auth.user_group g WHERE g.id = ANY (p.owner_group_ids)
                 ORDER BY g.name) AS owner_names,
           ARRAY(SELECT d.name FROM ref.district d WHERE d.code = ANY (p.district_codes)
                 ORDER BY d.code) AS district_names,
           ARRAY(SELECT d.code FROM ref.district d WHERE d.code = ANY (p.district_codes)
                 ORDER BY d.code) AS district_codes_sorted,
           ARRAY(SELECT n.name FROM ref.neighbourhood n WHERE n.code = ANY (p.neighbourhood_codes)
                 ORDER BY n.code) AS neighbourhood_names,
           ARRAY(SELECT n.code FROM ref.neighbourhood n WHERE n.code = ANY (p.neighbourhood_codes)
                 ORDER BY n.code) AS neighbourhood_codes_sorted,
           ST_AsGeoJSON(p.geometry, 3, 0)::jsonb AS geometry_geojson
    FROM publication.projects_at(%(d)s) p
    JOIN plan.project pp ON pp.id = p.id
    JOIN ref.confidentiality_level cl ON cl.code = p.confidentiality_level
    LEFT JOIN ref.priority pr ON pr.code = p.priority
    LEFT JOIN plan.milestone_version me ON me.milestone_id = pp.end_milestone_id
        AND me.superseded_at IS NULL
    WHERE (%(ids)s::uuid[] IS NULL OR p.id = ANY (%(ids)s::uuid[])) AND cl.rank >= %(min)s
    ORDER BY p.municipality_code, p.municipal_id NULLS LAST, p.name, p.id
"""
# First day of each phase and planning status over the planned history (as recorded now).
PERIODS_SQL = """
    SELECT v.project_id, 'phase' AS kind, v.phase AS code, min(v.valid_from) AS first_day
    FROM plan.project_version v
    WHERE v.project_id = ANY (%(ids)s) AND v.superseded_at IS NULL AND v.valid_from < v.valid_to
    GROUP BY v.project_id, v.phase
    UNION ALL
    SELECT v.project_id, 'planning_status', v.planning_status, min(v.valid_from)
    FROM plan.project_version v
    WHERE v.project_id = ANY (%(ids)s) AND v.superseded_at IS NULL AND v.valid_from < v.valid_to
      AND v.planning_status IS NOT NULL
    GROUP BY v.project_id, v.planning_status
"""
# Visible houseblocks (houseblocks_at applies the access rule) with the version planned then.
HOUSEBLOCKS_SQL = """
    SELECT hb.*, hv.id AS version_id, lower(hv.size_m2) AS size_min, upper(hv.size_m2) AS size_max
    FROM publication.houseblocks_at(%(d)s) hb
    JOIN plan.houseblock_version_at(%(d)s) hv ON hv.houseblock_id = hb.id
    WHERE hb.project_id = ANY (%(ids)s)
    ORDER BY hb.project_id, hb.start_date, hb.name, hb.id
"""
LINES_SQL = """
    SELECT l.houseblock_version_id AS version_id, l.line_no, l.ownership_type, l.amount,
           l.price_cents, lower(l.price_range_cents) AS price_min_cents,
           upper(l.price_range_cents) - 1 AS price_max_cents, c.name AS category
    FROM plan.houseblock_ownership_line l
    LEFT JOIN plan.price_category c ON c.id = l.price_category_id
    WHERE l.houseblock_version_id = ANY (%s) ORDER BY l.houseblock_version_id, l.line_no
"""
BREAKDOWN_SQL = """
    SELECT b.houseblock_version_id AS version_id, p.key, o.code, o.label_nl, b.amount
    FROM plan.houseblock_breakdown b
    JOIN plan.property_option o ON o.id = b.option_id JOIN plan.property p ON p.id = o.property_id
    WHERE b.houseblock_version_id = ANY (%s) AND b.amount > 0
    ORDER BY p.sort_order, o.sort_order
"""
CODES_SQL = {
    kind: f"SELECT code, label_nl, {name} FROM ref.{table} ORDER BY {order}"
    for kind, table, name, order in (
        ("phase", "project_phase", "diwi_name", "sort_order"),
        ("planning_status", "planning_status", "diwi_name", "sort_order"),
        ("plan_type", "plan_type", "diwi_name", "sort_order"),
        ("municipality_role", "municipality_role", "NULL", "sort_order"),
        ("ownership_type", "ownership_type", "diwi_name", "sort_order"),
        ("mutation_kind", "mutation_kind", "diwi_name", "code"),
    )
}
CUSTOM_SQL = """
    SELECT p.id::text, p.name, p.object_type, p.value_type,
           coalesce((SELECT jsonb_object_agg(o.id::text, o.label_nl) FROM plan.property_option o
                     WHERE o.property_id = p.id), '{}') AS options
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.municipality_code = ANY (%s) AND p.disabled_at IS NULL
    ORDER BY p.object_type, p.sort_order, p.name, p.id
"""
BREAKDOWN_OPTIONS_SQL = """
    SELECT p.key, o.code, o.label_nl FROM plan.property p
    JOIN plan.property_option o ON o.property_id = p.id AND o.disabled_at IS NULL
    WHERE p.kind = 'fixed' ORDER BY p.sort_order, o.sort_order
"""
PRICE_CATEGORIES_SQL = """
    SELECT DISTINCT ON (price_kind, name) price_kind, name, min_cents, max_cents
    FROM plan.price_category
    WHERE (municipality_code = ANY (%s) OR municipality_code IS NULL)
      AND valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)
    ORDER BY price_kind, name, valid_from DESC
"""


def load_export(viewer: dict | None, selection: Selection) -> ExportData:
    """The visible projects of the selection with their houseblocks, labels and properties."""
    args = {
        "d": selection.reference_date,
        "ids": selection.project_ids,
        "min": selection.min_level,
    }
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        projects = cur.execute(PROJECTS_SQL, args).fetchall()
        ids = [p["id"] for p in projects]
        attach_periods(cur, projects, ids)
        attach_houseblocks(cur, projects, {"d": selection.reference_date, "ids": ids})
        data = ExportData(selection.reference_date, projects)
        load_definitions(conn, data)
    return data


def attach_periods(cur: psycopg.Cursor, projects: list[dict], ids: list) -> None:
    """Each project's first day per phase (phase_dates) and per planning status (status_dates)."""
    by_id = {p["id"]: p for p in projects}
    for project in projects:
        project["phase_dates"], project["status_dates"] = {}, {}
    for row in cur.execute(PERIODS_SQL, {"ids": ids}):
        target = "phase_dates" if row["kind"] == "phase" else "status_dates"
        by_id[row["project_id"]][target][row["code"]] = row["first_day"]


def attach_houseblocks(cur: psycopg.Cursor, projects: list[dict], args: dict) -> None:
    """Each project's visible houseblocks at the date, each with its lines and breakdown."""
    blocks = cur.execute(HOUSEBLOCKS_SQL, args).fetchall()
    versions = [b["version_id"] for b in blocks]
    lines: dict = {}
    for line in cur.execute(LINES_SQL, (versions,)):
        lines.setdefault(line["version_id"], []).append(line)
    parts: dict = {}
    for part in cur.execute(BREAKDOWN_SQL, (versions,)):
        key = parts.setdefault(part["version_id"], {}).setdefault(part["key"], {})
        key[part["code"]] = part["amount"]
    by_project: dict = {p["id"]: [] for p in projects}
    for block in blocks:
        block["lines"] = lines.get(block["version_id"], [])
        block["breakdown"] = parts.get(block["version_id"], {})
        by_project[block["project_id"]].append(block)
    for project in projects:
        project["houseblocks"] = by_project[project["id"]]


def load_definitions(conn: psycopg.Connection, data: ExportData) -> None:
    """Code lists, custom properties, breakdown options and price categories the formats need."""
    for key, sql in CODES_SQL.items():
        data.codes[key] = {r[0]: {"label": r[1], "diwi": r[2]} for r in conn.execute(sql)}
    municipalities = sorted({p["municipality_code"] for p in data.projects})
    cur = conn.cursor(row_factory=dict_row)
    data.custom = {"project": [], "houseblock": []}
    for prop in cur.execute(CUSTOM_SQL, (municipalities,)):
        data.custom[prop["object_type"]].append(prop)
    for key, code, label in conn.execute(BREAKDOWN_OPTIONS_SQL):
        data.breakdowns.setdefault(key, []).append((code, label))
    day = data.reference_date
    data.price_categories = cur.execute(PRICE_CATEGORIES_SQL, (municipalities, day, day)).fetchall()
