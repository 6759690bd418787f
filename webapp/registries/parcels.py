"""Parcel-derived plan areas: vanished parcels to resolve, owner notices, the picker's data."""

import re
from datetime import date
from datetime import datetime

import psycopg
from flask import Response
from flask import abort
from flask import flash
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from psycopg.rows import dict_row

from webapp import db
from webapp.registries import bp
from webapp.viewer import required_viewer
from webapp.viewer import set_viewer

FEATURE_LIMIT = 1000
MAX_BBOX_DEGREES = 0.1  # about 7 x 11 km: larger views are too many parcels to pick from
DESIGNATION_RE = re.compile(r"^\s*([A-Za-z]{3}\d{2})[\s-]+([A-Za-z]{1,2})[\s-]+(\d{1,6})\s*$")

PARCEL_FEATURES_SQL = """
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'type', 'Feature', 'id', p.identificatie_lokaal_id,
        'geometry', ST_AsGeoJSON(ST_Transform(p.geometry, 4326), 7)::jsonb,
        'properties', jsonb_build_object(
            'designation', plan.parcel_designation(p.akr_kadastrale_gemeente_code_waarde, p.sectie,
                                                   p.perceelnummer),
            'cadastral_municipality_code', p.akr_kadastrale_gemeente_code_waarde,
            'section', p.sectie, 'parcel_number', p.perceelnummer,
            'area_m2', coalesce(round(p.kadastrale_grootte_waarde),
                                round(ST_Area(p.geometry)))))), '[]')
    FROM (SELECT * FROM brk.perceel x WHERE {where}
          ORDER BY x.identificatie_lokaal_id LIMIT %(limit)s) p
"""
BUILDING_FEATURES_SQL = """
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'type', 'Feature', 'id', b.identificatie,
        'geometry', ST_AsGeoJSON(ST_Transform(b.geometry, 4326), 7)::jsonb,
        'properties', jsonb_build_object(
            'identificatie', b.identificatie, 'status', b.status, 'bouwjaar', b.bouwjaar,
            'area_m2', round(ST_Area(b.geometry))))), '[]')
    FROM (SELECT * FROM bag.pand x WHERE {where} ORDER BY x.identificatie LIMIT %(limit)s) b
"""
IN_VIEW = "x.geometry && ST_Transform(ST_MakeEnvelope(%(x0)s, %(y0)s, %(x1)s, %(y1)s, 4326), 28992)"
BY_DESIGNATION = (
    "x.akr_kadastrale_gemeente_code_waarde = %(code)s AND x.sectie = %(section)s "
    "AND x.perceelnummer = %(number)s"
)

ISSUES_SQL = """
    SELECT i.id, i.project_id, p.name AS project_name, i.detected_at, i.since_run_id,
           plan.parcel_designation(i.cadastral_municipality_code, i.section, i.parcel_number)
               AS designation,
           plan.viewer_can_edit(p.municipality_code, p.owner_group_ids) AS can_edit
    FROM plan.parcel_issue i JOIN publication.projects_at(current_date) p ON p.id = i.project_id
    WHERE i.resolved_at IS NULL
    ORDER BY i.detected_at DESC, p.name, designation
"""
RESOLVE_SQL = """
    UPDATE plan.parcel_issue i SET resolved_at = now(), resolved_by = %(user)s
    FROM publication.projects_at(current_date) p
    WHERE i.id = %(id)s AND p.id = i.project_id AND i.resolved_at IS NULL
      AND plan.viewer_can_edit(p.municipality_code, p.owner_group_ids)
    RETURNING i.id
"""
NOTICES_SQL = """
    SELECT n.id, n.project_id, n.kind, n.message_nl, n.created_at, n.read_at, g.name AS group_name
    FROM plan.notice n JOIN auth.user_group g ON g.id = n.user_group_id
    WHERE n.user_group_id = ANY (%(groups)s::uuid[])
      AND (%(project)s::uuid IS NULL OR n.project_id = %(project)s::uuid)
      AND (NOT %(unread)s OR n.read_at IS NULL)
    ORDER BY n.read_at IS NOT NULL, n.created_at DESC, g.name
    LIMIT 200
"""
READ_SQL = """
    UPDATE plan.notice SET read_at = now(), read_by = %(user)s
    WHERE id = %(id)s AND user_group_id = ANY (%(groups)s::uuid[]) AND read_at IS NULL
"""


def bbox_params(text: str | None) -> dict:
    """bbox=minlon,minlat,maxlon,maxlat (CRS84) as parameters; 400 when malformed or too large."""
    try:
        x0, y0, x1, y1 = (float(v) for v in (text or "").split(","))
    except ValueError:
        abort(400, "bbox=minlon,minlat,maxlon,maxlat")
    if not (x0 < x1 and y0 < y1) or max(x1 - x0, y1 - y0) > MAX_BBOX_DEGREES:
        abort(400, "bbox te groot of ongeldig")
    return {"x0": x0, "y0": y0, "x1": x1, "y1": y1}


def feature_collection(sql: str, params: dict) -> Response:
    with db.connection() as conn:
        features = conn.execute(sql, params | {"limit": FEATURE_LIMIT}).fetchone()[0]
    body = {
        "type": "FeatureCollection",
        "features": features,
        "numberReturned": len(features),
        "limited": len(features) >= FEATURE_LIMIT,
    }
    return jsonify(body)


@bp.get("/percelen/in-beeld")
def parcels_in_view() -> Response:
    """BRK parcels in a CRS84 bbox as GeoJSON with their kadastrale aanduiding (parcel picker)."""
    required_viewer()
    params = bbox_params(request.args.get("bbox"))
    return feature_collection(PARCEL_FEATURES_SQL.format(where=IN_VIEW), params)


@bp.get("/panden/in-beeld")
def buildings_in_view() -> Response:
    """BAG buildings in a CRS84 bbox as GeoJSON (the parcel picker's building mode)."""
    required_viewer()
    params = bbox_params(request.args.get("bbox"))
    return feature_collection(BUILDING_FEATURES_SQL.format(where=IN_VIEW), params)


@bp.get("/percelen/aanduiding")
def parcel_by_designation() -> Response:
    """One parcel by its kadastrale aanduiding ('APD01 A 123'); 404 when the BRK copy lacks it."""
    required_viewer()
    match = DESIGNATION_RE.match(request.args.get("q", ""))
    if match is None:
        abort(400, "Schrijf de aanduiding als APD01 A 123.")
    params = {
        "code": match.group(1).upper(),
        "section": match.group(2).upper(),
        "number": int(match.group(3)),
    }
    response = feature_collection(PARCEL_FEATURES_SQL.format(where=BY_DESIGNATION), params)
    if not response.get_json()["features"]:
        abort(404)
    return response


@bp.get("/percelen")
def vanished_parcels() -> str:
    """Parcels of parcel-derived plan areas that vanished from the BRK, per project, to resolve."""
    viewer = required_viewer()
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        issues = conn.cursor(row_factory=dict_row).execute(ISSUES_SQL).fetchall()
    return render_template("registries/parcels.html", issues=issues)


@bp.post("/percelen/<uuid:issue_id>/opgelost")
def resolve_parcel(issue_id) -> Response:
    """Mark a vanished parcel resolved (owners and editors of its project)."""
    from webapp.projects.forms import csrf_ok

    viewer = required_viewer()
    if not csrf_ok(request.form):
        abort(400)
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        done = conn.execute(RESOLVE_SQL, {"id": issue_id, "user": viewer["user_id"]}).fetchone()
    if done is None:
        abort(403)
    flash("Het verdwenen perceel is als opgelost gemarkeerd.", "success")
    return redirect(url_for("registries.vanished_parcels"))


@bp.get("/meldingen")
def notices() -> str:
    """Notices to the viewer's groups (e.g. plan areas changed by the BRK), unread first."""
    viewer = required_viewer()
    with db.connection() as conn:
        rows = notices_of(conn, viewer, None, unread=False)
    return render_template("registries/parcels_notices.html", notices=rows)


@bp.post("/meldingen/<uuid:notice_id>/gelezen")
def mark_read(notice_id) -> Response:
    """Mark a notice of one of the viewer's groups read; back to where the button was."""
    from webapp.projects.forms import csrf_ok

    viewer = required_viewer()
    if not csrf_ok(request.form):
        abort(400)
    with db.connection() as conn:
        params = {"id": notice_id, "user": viewer["user_id"], "groups": viewer["group_ids"]}
        conn.execute(READ_SQL, params)
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("registries.notices")
    return redirect(target)


def notices_of(
    conn: psycopg.Connection, viewer: dict | None, project_id: str | None, unread: bool
) -> list[dict]:
    """Notices to the viewer's groups (of one project when given)."""
    if viewer is None or not viewer["group_ids"]:
        return []
    params = {"groups": viewer["group_ids"], "project": project_id, "unread": unread}
    return conn.cursor(row_factory=dict_row).execute(NOTICES_SQL, params).fetchall()


def area_parts(
    conn: psycopg.Connection,
    viewer: dict | None,
    project_id: str,
    reference_date: date,
    as_recorded: datetime | None,
) -> dict:
    """Parcels and buildings of the project version shown, and the viewer's unread notices of it."""
    rows = (
        conn.cursor(row_factory=dict_row)
        .execute(
            "SELECT * FROM plan.version_parts(plan.project_version_id_at(%s, %s, %s))",
            (project_id, reference_date, as_recorded),
        )
        .fetchall()
    )
    return {
        "parcels": [r for r in rows if r["kind"] == "parcel"],
        "buildings": [r for r in rows if r["kind"] == "building"],
        "notices": notices_of(conn, viewer, project_id, unread=True),
    }


def picker_selection(conn: psycopg.Connection, project_id: str) -> dict:
    """The parcels and buildings of the project as planned today, for the parcel picker."""
    parts = area_parts(conn, None, project_id, date.today(), None)
    keys = ("cadastral_municipality_code", "section", "parcel_number", "area_m2", "geometry")
    return {
        "parcels": [
            {"designation": p["label"], "subselection": p["subselection"]} | {k: p[k] for k in keys}
            for p in parts["parcels"]
        ],
        "buildings": [
            {"identificatie": b["label"], "area_m2": b["area_m2"], "geometry": b["geometry"]}
            for b in parts["buildings"]
        ],
    }
