"""SQL of the bulk confidentiality change: the editable projects and one all-or-nothing save."""

import uuid

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.projects import queries
from webapp.viewer import set_viewer

# Invisible, unknown and not editable projects all get this message: it reveals nothing.
NOT_EDITABLE = "U mag dit project niet bewerken."
LEVELS_SQL = "SELECT code, label_nl FROM ref.confidentiality_level ORDER BY rank"
LIST_SQL = """
    SELECT id, name, planning_status, confidentiality_level
    FROM publication.projects_at(current_date)
    WHERE plan.viewer_can_edit(municipality_code, owner_group_ids) AND {where}
    ORDER BY {order}
"""
CURRENT_SQL = """
    SELECT name, confidentiality_level FROM publication.projects_at(current_date) WHERE id = %s
"""
UPDATE_SQL = "SELECT plan.update_project(%s, %s, %s, current_date)"


class Refused(Exception):
    """Some selected projects were refused, so nothing was written: [{label, message}]."""

    def __init__(self, refusals: list[dict]) -> None:
        super().__init__(len(refusals))
        self.refusals = refusals


def levels() -> list[tuple[str, str]]:
    """The confidentiality levels (code, Dutch label), lowest rank first."""
    with db.connection() as conn:
        return [tuple(row) for row in conn.execute(LEVELS_SQL)]


def editable_projects(viewer: dict, query: dict) -> list[dict]:
    """The projects (as planned today) the viewer may edit that match the list's filters."""
    where, params = queries.where_clause(query["filters"])
    direction = "DESC" if query["descending"] else "ASC"
    order = f"{queries.SORT_SQL[query['sort']]} {direction} NULLS LAST, id"
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(LIST_SQL.format(where=where, order=order), params).fetchall()


def change_confidentiality(viewer: dict, project_ids: list[str], level: str) -> int:
    """Set level as of today on every project in one transaction; returns how many changed.

    Raises Refused (and writes nothing) when any project is not editable or a rule refuses it.
    """
    refusals, changed = [], 0
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        for project_id in sorted(set(project_ids)):  # one lock order for concurrent bulk saves
            outcome = change_one(conn, viewer, project_id, level)
            if "refused" in outcome:
                refusals.append(outcome["refused"])
            changed += outcome.get("changed", 0)
        if refusals:
            raise Refused(sorted(refusals, key=lambda r: r["label"].lower()))
    return changed


def change_one(conn: psycopg.Connection, viewer: dict, project_id: str, level: str) -> dict:
    """Lock one project and set its level: {"changed": 0 or 1} or {"refused": {label, message}}."""
    found = queries.editable_project(conn, project_id) if is_uuid(project_id) else None
    if found is None:
        return {"refused": {"label": project_id[:40], "message": NOT_EDITABLE}}
    name, current = conn.execute(CURRENT_SQL, (project_id,)).fetchone()
    if not found["can_edit"]:
        return {"refused": {"label": name, "message": NOT_EDITABLE}}
    if current == level:
        return {"changed": 0}
    changes = Jsonb({"confidentiality_level": level})
    try:
        queries.run_rules(conn, UPDATE_SQL, (project_id, changes, viewer["user_id"]))
    except queries.RuleError as err:
        return {"refused": {"label": name, "message": err.message}}
    return {"changed": 1}


def is_uuid(value: str) -> bool:
    """Whether value is a UUID (anything else cannot be a project id)."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
