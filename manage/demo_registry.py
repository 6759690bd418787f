"""The demo's registry project: a plan area derived from the demo registries' BRK parcels."""

import psycopg
from psycopg.types.json import Jsonb

MUNICIPALITY = "GM0200"
MUNICIPAL_ID = "APD-KADASTER-1"
AKR = "APD01"
# Parcels of the demo registries (ingest/localserver/fixtures.py): one stays, one is split, two are
# merged and one is reshaped in the registries' version 2, so `python -m ingest.demo --version 2`
# shows the plan area following the BRK.
PARCELS = [("K", 1201), ("K", 1204), ("K", 1208), ("K", 1209), ("K", 1213)]
HOUSEBLOCKS = [
    {
        "name": "Kadasterhof, fase 1",
        "mutation_kind": "construction",
        "amount": 8,
        "delivery_earliest": "2025-01-01",
        "delivery_latest": "2025-06-30",
    },
    {
        "name": "Kadasterhof, fase 2",
        "mutation_kind": "construction",
        "amount": 24,
        "delivery_earliest": "2027-01-01",
        "delivery_latest": "2027-12-31",
    },
]


def load_registry_demo(owner_url: str) -> str:
    """Create the parcel-derived demo project once the registry copy has the demo parcels."""
    with psycopg.connect(owner_url) as conn:
        if not _parcels_present(conn):
            return "Registry demo skipped: the BRK copy lacks the demo parcels (run `make ingest`)"
        if _project_present(conn):
            return "Registry demo project present"
        project = conn.execute(
            "SELECT plan.create_project(%s)::text", [Jsonb(_project_data(conn))]
        ).fetchone()[0]
        block_values = {"custom_values": _mandatory_values(conn, "houseblock")}
        for block in HOUSEBLOCKS:
            data = block | block_values
            conn.execute("SELECT plan.create_houseblock(%s, %s)", [project, Jsonb(data)])
        conn.execute("SELECT publication.rebuild_cache()")
    return f"Registry demo project Kadasterhof created on {len(PARCELS)} BRK parcels"


def _parcels_present(conn: psycopg.Connection) -> bool:
    sql = """SELECT count(*) FROM brk.perceel WHERE akr_kadastrale_gemeente_code_waarde = %s
             AND (sectie, perceelnummer) IN (SELECT * FROM unnest(%s::text[], %s::int[]))"""
    sections, numbers = [s for s, _ in PARCELS], [n for _, n in PARCELS]
    return conn.execute(sql, [AKR, sections, numbers]).fetchone()[0] == len(PARCELS)


def _project_present(conn: psycopg.Connection) -> bool:
    sql = "SELECT 1 FROM plan.project WHERE municipality_code = %s AND municipal_id = %s"
    return conn.execute(sql, [MUNICIPALITY, MUNICIPAL_ID]).fetchone() is not None


def _project_data(conn: psycopg.Connection) -> dict:
    group = conn.execute(
        "SELECT id::text FROM auth.user_group WHERE municipality_code = %s AND name = 'Team Wonen'",
        [MUNICIPALITY],
    ).fetchone()[0]
    return {
        "municipality_code": MUNICIPALITY,
        "municipal_id": MUNICIPAL_ID,
        "name": "Kadasterhof",
        "phase": "realisation",
        "planning_status": "1A",
        "confidentiality_level": 7,
        "start_date": "2023-01-01",
        "end_date": "2028-12-31",
        "owner_group_ids": [group],
        "custom_values": _mandatory_values(conn, "project"),
        "area_source": "parcels",
        "parcels": [
            {"cadastral_municipality_code": AKR, "section": s, "parcel_number": n}
            for s, n in PARCELS
        ],
    }


def _mandatory_values(conn: psycopg.Connection, object_type: str) -> dict:
    """A valid value for each mandatory plusveld: first option, minimum, false or a text."""
    sql = """
        SELECT p.id::text,
               CASE WHEN p.value_type IN ('category', 'ordinal') THEN to_jsonb((
                        SELECT o.id::text FROM plan.property_option o
                        WHERE o.property_id = p.id AND o.disabled_at IS NULL
                        ORDER BY o.sort_order, o.label_nl LIMIT 1))
                    WHEN p.value_type = 'numeric' THEN coalesce(p.rules -> 'min', '0'::jsonb)
                    WHEN p.value_type = 'boolean' THEN 'false'::jsonb
                    ELSE to_jsonb('Kadasterhof'::text) END
        FROM plan.property p
        WHERE p.kind = 'custom' AND p.mandatory AND p.disabled_at IS NULL
          AND p.municipality_code = %s AND p.object_type = %s"""
    return dict(conn.execute(sql, [MUNICIPALITY, object_type]).fetchall())
