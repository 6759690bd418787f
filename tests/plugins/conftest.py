"""Fixture projects for the provider tests, committed in the worker's test database."""

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg.types.json import Jsonb

from plugins.providers.catalog import close_pools

MUNICIPALITY = "GM9344"
OTHER_MUNICIPALITY = "GM9345"
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def square(x: float, y: float, size: float = 500) -> dict:
    """An RD square with its lower-left corner at (x, y)."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


@dataclass(frozen=True)
class Projects:
    ids: dict[str, str]
    group_id: str


# name -> (municipality, confidentiality, phase, lower-left RD corner, start, end)
PROJECTS = {
    "Merwede": (MUNICIPALITY, "public", "design", (136000, 455000), "2020-01-01", "2030-01-01"),
    "Cartesius": (
        MUNICIPALITY,
        "public",
        "realisation",
        (134000, 457000),
        "2018-01-01",
        "2026-01-01",
    ),
    "Beurskwartier": (
        MUNICIPALITY,
        "public",
        "initiative",
        (135500, 455500),
        "2028-01-01",
        "2035-01-01",
    ),
    "Rijnenburg": (
        MUNICIPALITY,
        "internal_civil",
        "concept",
        (130000, 449000),
        "2025-01-01",
        "2040-01-01",
    ),
    "Geheim": (MUNICIPALITY, "private", "concept", (131000, 450000), "2025-01-01", "2040-01-01"),
    "Elders": (
        OTHER_MUNICIPALITY,
        "internal_civil",
        "design",
        (170000, 448000),
        "2025-01-01",
        "2030-01-01",
    ),
}


def _create(conn: psycopg.Connection, name: str, group_id: str) -> str:
    municipality, level, phase, (x, y), start, end = PROJECTS[name]
    data = {
        "municipality_code": municipality,
        "name": name,
        "phase": phase,
        "confidentiality_level": level,
        "plan_area": square(x, y),
        "start_date": start,
        "end_date": end,
        "owner_group_ids": [group_id],
    }
    row = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()
    return row[0]


@pytest.fixture(scope="session")
def projects(owner_url: str) -> Iterator[Projects]:
    """Six projects in two test municipalities; Beurskwartier turns 'realisation' from 2032."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO ref.municipality (code, name, province_code) VALUES "
            "(%s, 'Testdam', 'PV26'), (%s, 'Testveen', 'PV26') ON CONFLICT DO NOTHING",
            (MUNICIPALITY, OTHER_MUNICIPALITY),
        )
        group = conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES (%s, 'Team test') "
            "RETURNING id::text",
            (MUNICIPALITY,),
        ).fetchone()[0]
        with conn.transaction():
            ids = {name: _create(conn, name, group) for name in PROJECTS}
            conn.execute(
                "SELECT plan.update_project(%s, %s, NULL, '2032-01-01')",
                (ids["Beurskwartier"], Jsonb({"phase": "realisation"})),
            )
        yield Projects(ids, group)
        conn.execute("DELETE FROM plan.project WHERE id = ANY(%s::uuid[])", (list(ids.values()),))
        conn.execute("DELETE FROM auth.user_group WHERE id = %s", (group,))


@pytest.fixture(scope="session", autouse=True)
def close_provider_pools(migrated_db) -> Iterator[None]:
    """Close the provider's pools before the test database is dropped."""
    yield
    close_pools()


@pytest.fixture(scope="session")
def reader_url(migrated_db) -> str:
    """The role pygeoapi connects as in production."""
    return migrated_db.url("reader")
