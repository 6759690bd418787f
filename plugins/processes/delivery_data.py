"""Database reads of a province delivery: template, the viewer's facts, mapping, messages."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

import psycopg
from psycopg.rows import dict_row
from shapely import wkb
from shapely.geometry.base import BaseGeometry

from plugins.providers.catalog import get_pool

SET_VIEWER = "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[], %s::uuid)"
VIEWER_KEYS = ("role", "municipality_code", "region_code", "province_code")

FACTS_SQL = """
SELECT project_id::text, year, confidentiality_rank, ST_AsBinary(plan_area) AS plan_area, facts
FROM publication.delivery_facts(%s, %s, %s::uuid[], %s::smallint)
ORDER BY project_id, year NULLS FIRST
"""
FIELD_MAPPING_SQL = """
SELECT d.municipality_code, d.field_name, p.id::text AS property_id, p.value_type, p.mandatory,
       coalesce(p.single_select, p.value_type = 'ordinal') AS single_select
FROM plan.delivery_field_mapping d JOIN plan.property p ON p.id = d.property_id
WHERE d.template_id = %s AND d.municipality_code = ANY (%s) AND p.disabled_at IS NULL
"""
OPTION_MAPPING_SQL = """
SELECT municipality_code, field_name, property_option_id::text, province_option
FROM plan.delivery_option_mapping WHERE template_id = %s AND municipality_code = ANY (%s)
"""
OPTION_LABELS_SQL = """
SELECT o.id::text, o.label_nl FROM plan.property_option o
JOIN plan.delivery_field_mapping d ON d.property_id = o.property_id
WHERE d.template_id = %s AND d.municipality_code = ANY (%s)
"""


@dataclass
class Project:
    """One selected project: its facts, plan area, confidentiality rank and delivery years."""

    id: str
    rank: int
    plan_area: BaseGeometry | None
    facts: dict[str, Any]
    years: list[dict[str, Any]] = field(default_factory=list)

    @property
    def municipality(self) -> str:
        return self.facts["project.municipality_code"]

    @property
    def name(self) -> str:
        return self.facts.get("project.name") or self.id


@dataclass
class Mapping:
    """A municipality's mapping of a template's fields, options and option labels."""

    fields: dict[tuple[str, str], dict] = field(default_factory=dict)  # (municipality, field)
    options: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # (.., option id)
    labels: dict[str, str] = field(default_factory=dict)  # option id -> label


def set_viewer(conn: psycopg.Connection, viewer: dict | None) -> None:
    """plan.set_viewer for the transaction (anonymous without a viewer)."""
    viewer = viewer or {}
    params = [viewer.get(key) for key in VIEWER_KEYS]
    params[0] = params[0] or "anonymous"
    params += [list(viewer.get("group_ids") or []), viewer.get("user_id")]
    conn.execute(SET_VIEWER, params)


def connection(dsn: str):
    """A pooled reader connection (the API reader role, row-level security applies)."""
    return get_pool(dsn).connection()


def template_row(conn: psycopg.Connection, template_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT definition FROM ref.delivery_template WHERE id = %s", (template_id,)
    ).fetchone()
    return None if row is None else row[0]


def levels(conn: psycopg.Connection) -> dict[str, int]:
    """Confidentiality codes and their ranks."""
    rows = conn.execute("SELECT code, rank FROM ref.confidentiality_level ORDER BY rank")
    return {code: rank for code, rank in rows}


def rule_messages(conn: psycopg.Connection, codes: list[str]) -> dict[str, str]:
    rows = conn.execute("SELECT code, message_nl FROM ref.rule WHERE code = ANY (%s)", (codes,))
    return dict(rows.fetchall())


def projects(
    conn: psycopg.Connection,
    template_id: str,
    reference_date: date,
    project_ids: list[str] | None,
    min_rank: int | None,
) -> list[Project]:
    """The viewer's selected projects with their facts, per delivery year too."""
    found: dict[str, Project] = {}
    cur = conn.cursor(row_factory=dict_row)
    for row in cur.execute(FACTS_SQL, (template_id, reference_date, project_ids, min_rank)):
        if row["year"] is None:
            area = wkb.loads(bytes(row["plan_area"])) if row["plan_area"] else None
            found[row["project_id"]] = Project(
                row["project_id"], row["confidentiality_rank"], area, row["facts"]
            )
        elif row["project_id"] in found:
            found[row["project_id"]].years.append(row["facts"])
    return list(found.values())


def mapping(conn: psycopg.Connection, template_id: str, municipalities: list[str]) -> Mapping:
    """The mapping rows of the given municipalities for one template."""
    result = Mapping()
    cur = conn.cursor(row_factory=dict_row)
    for row in cur.execute(FIELD_MAPPING_SQL, (template_id, municipalities)):
        result.fields[(row["municipality_code"], row["field_name"])] = row
    for code, name, option_id, province_option in conn.execute(
        OPTION_MAPPING_SQL, (template_id, municipalities)
    ):
        result.options.setdefault((code, name, option_id), []).append(province_option)
    result.labels = dict(conn.execute(OPTION_LABELS_SQL, (template_id, municipalities)).fetchall())
    return result
