"""The project's change list: who changed which field, when, from what to what."""

from datetime import datetime
from itertools import groupby

from psycopg.rows import dict_row

from webapp import db
from webapp.viewer import set_viewer

CHANGES_SQL = """
    SELECT c.*, coalesce(nullif(concat_ws(' ', u.first_name, u.prefixes, u.last_name), ''),
                         reg.who, 'onbekend') AS who
    FROM publication.project_changes(%(p)s) c
    LEFT JOIN auth.app_user u ON u.id = c.recorded_by
    LEFT JOIN LATERAL (  -- a version recorded by a registry follow-up, not by a person
        SELECT 'Registerwijziging (' || upper(r.source) || ')' AS who
        FROM plan.project_version v JOIN plan.registry_version r ON r.project_version_id = v.id
        WHERE c.recorded_by IS NULL AND v.project_id = %(p)s AND v.recorded_at = c.recorded_at
        LIMIT 1) reg ON true
    ORDER BY c.recorded_at DESC, c.entity <> 'project', c.entity_name, c.field
"""
LABELS_SQL = """
    SELECT 'phase', code, label_nl FROM ref.project_phase
    UNION ALL SELECT 'confidentiality_level', rank::text, label_nl FROM ref.confidentiality_level
    UNION ALL SELECT 'priority', code, label_nl FROM ref.priority
    UNION ALL SELECT 'mutation_kind', code, label_nl FROM ref.mutation_kind
    UNION ALL SELECT 'status', code, label_nl FROM ref.milestone_status
    UNION ALL SELECT 'plan_types', code, label_nl FROM ref.plan_type
    UNION ALL SELECT 'municipality_roles', code, label_nl FROM ref.municipality_role
    UNION ALL SELECT 'area_source', code, label_nl FROM ref.area_source
"""
FIELD_LABELS = {
    "name": "Naam",
    "phase": "Fase",
    "planning_status": "Planstatus",
    "plan_types": "Plantypen",
    "confidentiality_level": "Vertrouwelijkheid",
    "colour": "Kleur",
    "priority": "Prioriteit",
    "municipality_roles": "Rol gemeente",
    "district_codes": "Wijken",
    "neighbourhood_codes": "Buurten",
    "plan_area": "Plangebied (m²)",
    "area_source": "Herkomst plangebied",
    "custom_values": "Plusvelden",
    "mutation_kind": "Bouw of sloop",
    "amount": "Aantal woningen",
    "size_m2": "Grootte (m²)",
    "programming": "Programmering",
    "delivery_earliest": "Oplevering vanaf",
    "delivery_latest": "Oplevering uiterlijk",
    "ownership_lines": "Eigendom en waarde",
    "breakdown": "Verdelingen",
    "date": "Datum",
    "status": "Status",
    "description": "Omschrijving",
    "owner_group_ids": "Eigenaren",
}
EMPTY = "\u2013"  # an en dash, as the pages show a missing value
ENTITY_LABELS = {
    "project": "Project",
    "houseblock": "Woningblok",
    "milestone": "Mijlpaal",
    "owners": "Eigenaren",
}


def project_changes(viewer: dict | None, project_id: str) -> list[dict]:
    """The changes grouped per save: [{at, who, items: [{what, field, old, new}]}], newest first."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        rows = conn.cursor(row_factory=dict_row).execute(CHANGES_SQL, {"p": project_id}).fetchall()
        labels = {(kind, code): label for kind, code, label in conn.execute(LABELS_SQL)}
    saves = []
    for (at, who), items in groupby(rows, key=lambda r: (r["recorded_at"], r["who"])):
        saves.append({"at": at, "who": who, "items": [describe(r, labels) for r in items]})
    return saves


def describe(row: dict, labels: dict) -> dict:
    """One changed field in Dutch words."""
    entity = ENTITY_LABELS[row["entity"]]
    what = f"{entity} {row['entity_name']}" if row["entity_name"] else entity
    if row["field"] == "_created":
        return {"what": what, "field": "aangemaakt", "old": "", "new": ""}
    field = row["field"]
    return {
        "what": what,
        "field": FIELD_LABELS.get(field, field),
        "old": text(field, row["old_value"], labels),
        "new": text(field, row["new_value"], labels),
    }


def text(field: str, value: object, labels: dict) -> str:
    """A stored value as a short Dutch text (codes as their labels)."""
    if value is None or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(text(field, v, labels) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, str) and field in ("date", "delivery_earliest", "delivery_latest"):
        return datetime.fromisoformat(value).date().isoformat()
    return labels.get((field, str(value)), str(value))
