"""Raw PostGIS: one SQL statement per request that returns the GeoJSON FeatureCollection text."""

import psycopg

VIEW = "publication.projects"

FEATURES = """
SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', t.id,
        'geometry', ST_AsGeoJSON(ST_Transform(t.geometry, 4326))::json,
        'properties', to_jsonb(t) - 'geometry' - 'id') ORDER BY t.id), '[]'::json))::text
FROM (SELECT * FROM {view} WHERE {where} ORDER BY id LIMIT %(limit)s) t
"""

ITEM = """
SELECT json_build_object(
    'type', 'Feature', 'id', t.id,
    'geometry', ST_AsGeoJSON(ST_Transform(t.geometry, 4326))::json,
    'properties', to_jsonb(t) - 'geometry' - 'id')::text
FROM {view} t WHERE t.id = %(id)s
"""

BBOX_WHERE = (
    "ST_Intersects(geometry, ST_Transform("
    "ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326), 28992))"
)


def page_query(view: str = VIEW) -> str:
    return FEATURES.format(view=view, where="true")


def bbox_query(view: str = VIEW) -> str:
    return FEATURES.format(view=view, where=BBOX_WHERE)


def item_query(view: str = VIEW) -> str:
    return ITEM.format(view=view)


def fetch(conn: psycopg.Connection, query: str, params: dict) -> str:
    """Run one statement and return its text (empty when no row matched)."""
    row = conn.execute(query, params).fetchone()
    return row[0] if row and row[0] else ""


def bbox_params(bbox: tuple[float, float, float, float], limit: int) -> dict:
    minx, miny, maxx, maxy = bbox
    return {"minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy, "limit": limit}


def municipality_bbox(conn: psycopg.Connection, code: str) -> tuple[float, float, float, float]:
    """The CRS84 bounding box of a municipality's boundary."""
    row = conn.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ("
        "SELECT ST_Extent(ST_Transform(boundary, 4326)) AS e FROM ref.municipality "
        "WHERE code = %s) b",
        (code,),
    ).fetchone()
    if not row or row[0] is None:
        raise RuntimeError(f"municipality {code} has no boundary in the bench database")
    return tuple(round(v, 6) for v in row)  # type: ignore[return-value]


def sample_ids(conn: psycopg.Connection, count: int) -> list[str]:
    """A deterministic spread of publicly visible project ids."""
    rows = conn.execute(
        f"SELECT id::text FROM {VIEW} ORDER BY md5(id::text) LIMIT %s", (count,)
    ).fetchall()
    return [r[0] for r in rows]
