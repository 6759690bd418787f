"""The end of a run: one transaction merges the staged pages and runs the registry follow-ups."""

import logging

import psycopg
from psycopg.rows import dict_row

LOGGER = logging.getLogger(__name__)
FOLLOW_PARCELS_SQL = "SELECT * FROM plan.follow_parcel_changes(%s)"


def merge_run(
    conn: psycopg.Connection, run_id: int, max_removed_share: float | None = None
) -> dict:
    """Merge the run (ingest.merge_run), then follow-ups; all committed together or not at all."""
    try:
        cur = conn.cursor(row_factory=dict_row)
        sql = "SELECT * FROM ingest.merge_run(%s::bigint, %s::numeric)"
        run = cur.execute(sql, (run_id, max_removed_share)).fetchone()
        follow_ups = follow_up(conn, run)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return run | follow_ups


def follow_up(conn: psycopg.Connection, run: dict) -> dict:
    """BAG OGC API: resolve pandidentificatie; BRK: let plan areas follow changed parcels."""
    result: dict = {}
    if run["source"] == "bag" and run["protocol"] == "ogcapi":
        resolved = conn.execute("SELECT ingest.resolve_pand_hrefs()").fetchone()[0]
        result["pandidentificatie_resolved"] = resolved
    if run["source"] == "brk":
        rows = conn.cursor(row_factory=dict_row).execute(FOLLOW_PARCELS_SQL, (run["id"],))
        result["parcel_follow_up"] = rows.fetchall()
    return result
