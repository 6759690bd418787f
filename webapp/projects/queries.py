"""SQL behind the project list, the project page and the project forms (always after set_viewer)."""

from datetime import date
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db
from webapp.viewer import set_viewer

PAGE_SIZE = 50

# Column key -> Dutch heading; keys are columns of publication.projects_at.
COLUMNS = {
    "name": "Naam",
    "municipal_id": "Projectnummer",
    "phase_label": "Fase",
    "planning_status": "Planstatus",
    "confidentiality_level": "Vertrouwelijkheid",
    "start_date": "Startdatum",
    "end_date": "Einddatum",
    "status": "Status",
    "construction_amount": "Bouw",
    "demolition_amount": "Sloop",
    "net_plan_capacity": "Netto plancapaciteit",
    "houseblock_count": "Woningblokken",
    "district_codes": "Wijken",
    "plan_types": "Plantypen",
}
DEFAULT_COLUMNS = [
    "name",
    "phase_label",
    "planning_status",
    "confidentiality_level",
    "start_date",
    "end_date",
    "net_plan_capacity",
]
SORT_SQL = {key: key for key in COLUMNS} | {"phase_label": "phase"}
# filter parameter -> SQL condition over publication.projects_at (value bound as %s)
FILTER_SQL = {
    "fase": "phase = %s",
    "planstatus": "planning_status = %s",
    "vertrouwelijkheid": "confidentiality_level = %s",
    "wijk": "%s = ANY (district_codes)",
    "eigenaar": "%s::uuid = ANY (owner_group_ids)",
    "plantype": "%s = ANY (plan_types)",
}
PREFERENCE_KEY = "project_list_columns"


def where_clause(filters: dict) -> tuple[str, list]:
    """The WHERE text and parameters of the list's search and filters."""
    conditions, params = ["true"], []
    if filters.get("q"):
        conditions.append("name ILIKE %s")
        params.append("%" + filters["q"].replace("%", r"\%").replace("_", r"\_") + "%")
    for key, sql in FILTER_SQL.items():
        if filters.get(key):
            conditions.append(sql)
            params.append(filters[key])
    return " AND ".join(conditions), params


def list_projects(viewer: dict | None, query: dict, page: int | None) -> tuple[list[dict], int]:
    """One page (None: all) of the visible projects matching query, and the total count."""
    where, params = where_clause(query["filters"])
    order = f"{SORT_SQL[query['sort']]} {'DESC' if query['descending'] else 'ASC'} NULLS LAST, id"
    limit = "" if page is None else f" LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    sql = (
        "SELECT *, count(*) OVER () AS total_count FROM publication.projects_at(%s) "
        f"WHERE {where} ORDER BY {order}{limit}"
    )
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        rows = conn.cursor(row_factory=dict_row).execute(sql, [query["reference_date"], *params])
        rows = rows.fetchall()
        if rows or page in (None, 1):
            return rows, rows[0]["total_count"] if rows else 0
        total = conn.execute(
            f"SELECT count(*) FROM publication.projects_at(%s) WHERE {where}",
            [query["reference_date"], *params],
        ).fetchone()[0]
    return rows, total


def choices(municipality_code: str | None) -> dict[str, list[tuple[str, str]]]:
    """Code lists (code, Dutch label) for filters and forms."""
    sql = {
        "phase": "SELECT code, label_nl FROM ref.project_phase ORDER BY sort_order",
        "planning_status": "SELECT code, label_nl FROM ref.planning_status ORDER BY sort_order",
        "confidentiality": "SELECT code, label_nl FROM ref.confidentiality_level ORDER BY rank",
        "plan_type": "SELECT code, label_nl FROM ref.plan_type ORDER BY sort_order",
        "mutation_kind": "SELECT code, label_nl FROM ref.mutation_kind ORDER BY code",
        "ownership_type": "SELECT code, label_nl FROM ref.ownership_type ORDER BY sort_order",
        "priority": "SELECT code, label_nl FROM ref.priority ORDER BY rank",
        "municipality_role": "SELECT code, label_nl FROM ref.municipality_role ORDER BY sort_order",
    }
    with db.connection() as conn:
        found = {key: [tuple(r) for r in conn.execute(q)] for key, q in sql.items()}
        found["district"] = [
            tuple(r)
            for r in conn.execute(
                "SELECT code, name FROM ref.district WHERE municipality_code = %s ORDER BY name",
                (municipality_code,),
            )
        ]
        found["neighbourhood"] = [
            tuple(r)
            for r in conn.execute(
                "SELECT n.code, n.name || ' (' || d.name || ')' FROM ref.neighbourhood n "
                "JOIN ref.district d ON d.code = n.district_code "
                "WHERE d.municipality_code = %s ORDER BY d.name, n.name",
                (municipality_code,),
            )
        ]
        found["owner_group"] = [
            (str(r[0]), r[1])
            for r in conn.execute(
                "SELECT id, name FROM auth.user_group WHERE municipality_code = %s "
                "AND NOT single_user ORDER BY name",
                (municipality_code,),
            )
        ]
    return found


def municipality_boundary(municipality_code: str) -> dict | None:
    """The municipality's boundary as GeoJSON in CRS84 (None when not on record)."""
    with db.connection() as conn:
        row = conn.execute(
            "SELECT ST_AsGeoJSON(ST_Transform(boundary, 4326), 6)::jsonb "
            "FROM ref.municipality WHERE code = %s",
            (municipality_code,),
        ).fetchone()
    return row[0] if row else None


def saved_columns(user_id: str | None) -> list[str]:
    """The list columns a user chose (the defaults for anonymous users or without a choice)."""
    if user_id is None:
        return DEFAULT_COLUMNS
    with db.connection() as conn:
        row = conn.execute(
            "SELECT value FROM auth.user_preference WHERE user_id = %s AND key = %s",
            (user_id, PREFERENCE_KEY),
        ).fetchone()
    chosen = [c for c in (row[0] if row else []) if c in COLUMNS]
    return chosen or DEFAULT_COLUMNS


def save_columns(user_id: str, columns: list[str]) -> None:
    """Remember a user's list columns."""
    with db.connection() as conn:
        conn.execute(
            "INSERT INTO auth.user_preference (user_id, key, value) VALUES (%s, %s, %s) "
            "ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = now()",
            (user_id, PREFERENCE_KEY, Jsonb(columns)),
        )


PROJECT_SQL = """
    SELECT p.*, plan.viewer_can_edit(p.municipality_code, p.owner_group_ids) AS can_edit,
           ST_AsGeoJSON(ST_Transform(p.geometry, 4326), 7)::jsonb AS area_geojson,
           round(ST_Area(p.geometry))::bigint AS area_m2,
           ST_AsGeoJSON(ST_Transform(m.boundary, 4326), 6)::jsonb AS boundary_geojson,
           cl.label_nl AS confidentiality_label, pr.label_nl AS priority_label,
           ARRAY(SELECT t.label_nl FROM ref.plan_type t WHERE t.code = ANY (p.plan_types)
                 ORDER BY t.sort_order) AS plan_type_labels,
           ARRAY(SELECT r.label_nl FROM ref.municipality_role r
                 WHERE r.code = ANY (p.municipality_roles) ORDER BY r.sort_order) AS role_labels
    FROM publication.projects_at(%s, %s) p
    JOIN ref.municipality m ON m.code = p.municipality_code
    JOIN ref.confidentiality_level cl ON cl.code = p.confidentiality_level
    LEFT JOIN ref.priority pr ON pr.code = p.priority
    WHERE p.id = %s
"""
MILESTONES_SQL = """
    SELECT m.id, mv.date, mv.status, s.label_nl AS status_label, mv.description
    FROM plan.milestone m
    JOIN plan.milestone_version mv ON mv.milestone_id = m.id
        AND plan.recorded_at(mv.recorded_at, mv.superseded_at, %s)
    JOIN ref.milestone_status s ON s.code = mv.status
    WHERE m.project_id = %s ORDER BY mv.date, m.id
"""
PERIODS_SQL = """
    SELECT f.date AS valid_from, t.date AS valid_to, v.phase, ph.label_nl AS phase_label,
           v.planning_status
    FROM plan.project_version v
    JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id
        AND plan.recorded_at(f.recorded_at, f.superseded_at, %(t)s)
    JOIN plan.milestone_version t ON t.milestone_id = v.valid_to_milestone_id
        AND plan.recorded_at(t.recorded_at, t.superseded_at, %(t)s)
    JOIN ref.project_phase ph ON ph.code = v.phase
    WHERE v.project_id = %(id)s AND plan.recorded_at(v.recorded_at, v.superseded_at, %(t)s)
      AND f.date < t.date
    ORDER BY f.date
"""
HISTORY_SQL = """
    SELECT v.recorded_at, v.superseded_at, v.name, ph.label_nl AS phase, v.planning_status,
           cl.label_nl AS confidentiality_level, f.date AS valid_from, t.date AS valid_to,
           coalesce(nullif(concat_ws(' ', u.first_name, u.prefixes, u.last_name), ''),
                    'Registerwijziging (' || upper(rv.source) || ')', 'onbekend') AS recorded_by
    FROM plan.project_version v
    LEFT JOIN auth.app_user u ON u.id = v.recorded_by
    LEFT JOIN plan.registry_version rv ON rv.project_version_id = v.id
    JOIN ref.project_phase ph ON ph.code = v.phase
    JOIN ref.confidentiality_level cl ON cl.rank = v.confidentiality_level
    LEFT JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id
        AND f.superseded_at IS NULL
    LEFT JOIN plan.milestone_version t ON t.milestone_id = v.valid_to_milestone_id
        AND t.superseded_at IS NULL
    WHERE v.project_id = %s ORDER BY v.recorded_at DESC, f.date
"""


def project_page(
    viewer: dict | None, project_id: str, reference_date: date, as_recorded: datetime | None
) -> dict | None:
    """Everything the project page shows, or None when the viewer may not see the project."""
    from webapp.registries.parcels import area_parts  # the registries blueprint imports this module

    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        project = cur.execute(PROJECT_SQL, (reference_date, as_recorded, project_id)).fetchone()
        if project is None:
            return None
        args = {"t": as_recorded, "id": project_id}
        return {
            "project": project,
            "owner_groups": group_names(conn, project["owner_group_ids"]),
            "milestones": cur.execute(MILESTONES_SQL, (as_recorded, project_id)).fetchall(),
            "periods": cur.execute(PERIODS_SQL, args).fetchall(),
            "history": cur.execute(HISTORY_SQL, (project_id,)).fetchall(),
            "token": version_token(conn, project_id),
            "registry_parts": area_parts(conn, viewer, project_id, reference_date, as_recorded),
        }


def group_names(conn: psycopg.Connection, group_ids: list) -> list[str]:
    """Names of user groups, in name order."""
    rows = conn.execute(
        "SELECT name FROM auth.user_group WHERE id = ANY (%s) ORDER BY name", (group_ids,)
    )
    return [r[0] for r in rows]


TOKEN_SQL = """
    SELECT coalesce(max(x), '-infinity')::text FROM (
        SELECT greatest(recorded_at, superseded_at) FROM plan.project_version
            WHERE project_id = %(p)s
        UNION ALL SELECT greatest(recorded_at, superseded_at) FROM plan.project_owner
            WHERE project_id = %(p)s
        UNION ALL SELECT greatest(mv.recorded_at, mv.superseded_at) FROM plan.milestone_version mv
            JOIN plan.milestone m ON m.id = mv.milestone_id WHERE m.project_id = %(p)s
        UNION ALL SELECT greatest(hv.recorded_at, hv.superseded_at, h.removed_at)
            FROM plan.houseblock_version hv JOIN plan.houseblock h ON h.id = hv.houseblock_id
            WHERE h.project_id = %(p)s
    ) t (x)
"""


def version_token(conn: psycopg.Connection, project_id: str) -> str:
    """The project's version token: the last moment anything of it was recorded."""
    return conn.execute(TOKEN_SQL, {"p": project_id}).fetchone()[0]


# rules whose message names the offending value (detail), e.g. the parcel not in the BRK copy
DETAILED_RULES = ("parcel_unknown", "building_unknown", "parcel_subselection_outside")


class RuleError(Exception):
    """A database rule refused a save: the rule code and its Dutch message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


class StaleError(Exception):
    """The form's version token is no longer the project's."""


def editable_project(conn: psycopg.Connection, project_id: str) -> dict | None:
    """Lock a visible project for a save; None when the viewer may not see it."""
    row = conn.execute(
        "SELECT p.id, plan.viewer_can_edit(p.municipality_code, p.owner_group_ids) "
        "FROM publication.projects_at(current_date) p WHERE p.id = %s",
        (project_id,),
    ).fetchone()
    if row is None:
        return None
    conn.execute("SELECT 1 FROM plan.project WHERE id = %s FOR UPDATE", (project_id,))
    return {"id": row[0], "can_edit": row[1]}


def run_rules(conn: psycopg.Connection, sql: str, params: Any) -> Any:
    """Run a plan.* write and its deferred checks; a refused rule becomes a RuleError."""
    try:
        with conn.transaction():
            result = conn.execute(sql, params).fetchone()
            conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except psycopg.errors.IntegrityError as exc:
        code = exc.diag.constraint_name or "unknown_field"
        message = conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()[0]
        message = message or "De gegevens zijn ongeldig."
        if (code.startswith("custom_") or code in DETAILED_RULES) and exc.diag.message_detail:
            message = f"{message} ({exc.diag.message_detail})"
        raise RuleError(code, message) from exc
    except psycopg.errors.DataError as exc:
        raise RuleError("invalid_value", "Een waarde heeft een ongeldige vorm.") from exc
    return result[0] if result else None


AREA_TO_RD_SQL = """
    SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326), 28992), 3)::jsonb
"""


def area_to_rd(conn: psycopg.Connection, data: dict) -> dict:
    """The form's plan area (GeoJSON in CRS84, from the map) in EPSG:28992 for plan.*."""
    area = data.get("plan_area")
    if not isinstance(area, dict):
        return data
    try:
        with conn.transaction():
            converted = conn.execute(AREA_TO_RD_SQL, (Jsonb(area),)).fetchone()[0]
    except psycopg.errors.DatabaseError as exc:
        message = "Het getekende plangebied is geen geldige geometrie."
        raise RuleError("plan_area_invalid", message) from exc
    return dict(data, plan_area=converted)


def parcels_to_rd(conn: psycopg.Connection, data: dict) -> dict:
    """The sub-selections of chosen parcels (GeoJSON in CRS84, from the map) in EPSG:28992."""
    if not data.get("parcels"):
        return data
    parcels = [
        dict(p, subselection=area_to_rd(conn, {"plan_area": p["subselection"]})["plan_area"])
        if isinstance(p.get("subselection"), dict)
        else p
        for p in data["parcels"]
    ]
    return dict(data, parcels=parcels)


def create_project(viewer: dict, data: dict) -> str:
    """Create a project (owners must let the viewer edit it); returns its id."""
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        data = parcels_to_rd(conn, area_to_rd(conn, data))
        allowed = conn.execute(
            "SELECT plan.viewer_can_edit(%s, %s::uuid[])",
            (data["municipality_code"], data["owner_group_ids"]),
        ).fetchone()[0]
        if not allowed:
            raise RuleError("owner_group_not_yours", "")
        sql = "SELECT plan.create_project(%s, %s)::text"
        return run_rules(conn, sql, (Jsonb(data), viewer["user_id"]))


def lock_for_edit(
    conn: psycopg.Connection, viewer: dict, project_id: str, token: str
) -> bool | None:
    """Set the viewer, lock the project and check the form's token (StaleError when stale).

    None: the viewer may not see the project; False: may see but not edit; True: go ahead.
    """
    set_viewer(conn, viewer)
    found = editable_project(conn, project_id)
    if found is None or not found["can_edit"]:
        return None if found is None else False
    if version_token(conn, project_id) != token:
        raise StaleError(project_id)
    return True


def update_project(viewer: dict, project_id: str, changes: dict, token: str) -> bool | None:
    """Save project changes as of today; None: not visible, False: not editable."""
    with db.connection() as conn, conn.transaction():
        allowed = lock_for_edit(conn, viewer, project_id, token)
        if not allowed:
            return allowed
        sql = "SELECT plan.update_project(%s, %s, %s, current_date)"
        changes = parcels_to_rd(conn, area_to_rd(conn, changes))
        run_rules(conn, sql, (project_id, Jsonb(changes), viewer["user_id"]))
    return True


def project_form_values(viewer: dict | None, project_id: str) -> dict | None:
    """The project as planned today plus its edit right and token, for the edit form."""
    from webapp.registries.parcels import picker_selection

    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        cur = conn.cursor(row_factory=dict_row)
        project = cur.execute(PROJECT_SQL, (date.today(), None, project_id)).fetchone()
        if project is None:
            return None
        project["token"] = version_token(conn, project_id)
        project["owner_group_ids"] = [str(g) for g in project["owner_group_ids"]]
        project["parcel_selection"] = picker_selection(conn, project_id)
    return project
