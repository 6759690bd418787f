"""The run log and staged pages: a run's pages are committed one by one so it can resume."""

import json
import logging
from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from ingest.config import Collection
from ingest.config import Source

LOGGER = logging.getLogger(__name__)

CREATE_RUN_SQL = """
    INSERT INTO ingest.run (source, protocol, mode, area, area_geometry, collections, resume_state)
    VALUES (%s, %s, %s, %s, ST_MakeEnvelope(%s, %s, %s, %s, 28992), %s, %s)
    RETURNING id
"""
FIND_INTERRUPTED_SQL = """
    SELECT id FROM ingest.run
    WHERE status = 'interrupted' AND source = %s AND protocol = %s AND mode = %s AND area = %s
      AND collections = %s
    ORDER BY id DESC LIMIT 1
"""
STAGE_SQL = """
    INSERT INTO ingest.staged_feature (run_id, collection, source_id, properties, geometry)
    VALUES (%s, %s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 28992))
    ON CONFLICT (run_id, collection, source_id)
    DO UPDATE SET properties = EXCLUDED.properties, geometry = EXCLUDED.geometry
"""
PAGE_DONE_SQL = """
    UPDATE ingest.run SET pages = pages + 1,
        resume_state = jsonb_set(resume_state, ARRAY[%s], %s)
    WHERE id = %s
"""
RESUMABLE = ("interrupted", "failed", "running")


@dataclass(frozen=True)
class Area:
    """What a run covers: its label (GM0200 or bbox:...) and bounding box in EPSG:28992."""

    label: str
    bbox: tuple[float, float, float, float]


def initial_state(collection: Collection) -> dict:
    """A collection's resume state before its first page."""
    return {
        "table": collection.table,
        "key": collection.key_column,
        "group": collection.group_column,
        "next": None,
        "start": 0,
        "done": False,
        "pages": 0,
        "features": 0,
    }


def create_run(conn: psycopg.Connection, source: Source, mode: str, area: Area) -> int:
    state = {c.name: initial_state(c) for c in source.collections}
    names = [c.name for c in source.collections]
    params = (source.name, source.protocol, mode, area.label, *area.bbox, names, Jsonb(state))
    run_id = conn.execute(CREATE_RUN_SQL, params).fetchone()[0]
    conn.commit()
    return run_id


def find_interrupted(conn: psycopg.Connection, source: Source, mode: str, area: Area) -> int | None:
    """The latest interrupted run of the same source, protocol, mode, area and collections."""
    names = [c.name for c in source.collections]
    params = (source.name, source.protocol, mode, area.label, names)
    row = conn.execute(FIND_INTERRUPTED_SQL, params).fetchone()
    return row[0] if row else None


def load_run(conn: psycopg.Connection, run_id: int) -> dict:
    """A run row as a dict (LookupError when there is none)."""
    row = (
        conn.cursor(row_factory=dict_row)
        .execute(
            "SELECT *, ST_XMin(area_geometry) AS minx, ST_YMin(area_geometry) AS miny,"
            " ST_XMax(area_geometry) AS maxx, ST_YMax(area_geometry) AS maxy"
            " FROM ingest.run WHERE id = %s",
            (run_id,),
        )
        .fetchone()
    )
    if row is None:
        raise LookupError(f"ingest run {run_id} does not exist")
    return row


def reopen_run(conn: psycopg.Connection, run_id: int) -> dict:
    """Set a resumable run running again; ValueError when it already ended for good."""
    run = load_run(conn, run_id)
    if run["status"] not in RESUMABLE:
        raise ValueError(f"run {run_id} is {run['status']}: only {', '.join(RESUMABLE)} resume")
    conn.execute(
        "UPDATE ingest.run SET status = 'running', finished_at = NULL, error = NULL,"
        " error_url = NULL WHERE id = %s",
        (run_id,),
    )
    conn.commit()
    return load_run(conn, run_id)


def stage_page(
    conn: psycopg.Connection, run_id: int, collection: str, rows: list[tuple], state: dict
) -> None:
    """Stage a page's rows (source_id, properties, geometry) and its resume state; commit."""
    with conn.cursor() as cur:
        cur.executemany(
            STAGE_SQL,
            [
                (run_id, collection, sid, Jsonb(props), json.dumps(geom))
                for sid, props, geom in rows
            ],
        )
        cur.execute(PAGE_DONE_SQL, (collection, Jsonb(state), run_id))
    conn.commit()


def mark_ended(
    conn: psycopg.Connection, run_id: int, status: str, error: str | None, url: str | None
) -> None:
    """End a run as failed, interrupted or rolled back (in its own transaction)."""
    conn.rollback()
    end_run(conn, run_id, status, error, url)
    conn.commit()


def end_run(
    conn: psycopg.Connection, run_id: int, status: str, error: str | None, url: str | None
) -> None:
    conn.execute(
        "UPDATE ingest.run SET status = %s, finished_at = now(), error = %s, error_url = %s"
        " WHERE id = %s",
        (status, error, url, run_id),
    )


def rollback_run(conn: psycopg.Connection, run_id: int) -> int:
    """Discard an unmerged run's staged features and mark it rolled back; the count discarded."""
    run = load_run(conn, run_id)
    if run["status"] in ("succeeded", "rolled_back"):
        raise ValueError(f"run {run_id} is {run['status']}: nothing to roll back")
    deleted = conn.execute("DELETE FROM ingest.staged_feature WHERE run_id = %s", (run_id,))
    end_run(conn, run_id, "rolled_back", run["error"], run["error_url"])
    conn.commit()
    return deleted.rowcount
