"""Dashboard tests' fixtures: the demo data, viewers per role and a dashboard caller."""

from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage import demo
from manage.settings import DatabaseSettings
from webapp.viewer import set_viewer

MUNICIPALITY = "GM0200"  # Apeldoorn, the demo's first municipality
ROLES = (
    "user_plus",
    "user",
    "management",
    "council",
    "external",
    "region_reader",
    "province_reader",
    "anonymous",
)
Viewer = dict[str, Any] | None


@pytest.fixture(scope="session")
def dashboard_demo(owner_url: str) -> list[str]:
    """The demo's 60 projects in GM0200 and GM0202, loaded once per session; their codes."""
    demo.load_demo(owner_url)
    return demo.DEMO_CODES


@pytest.fixture(scope="session")
def viewers(owner_url: str, dashboard_demo: list[str]) -> dict[str, Viewer]:
    """A viewer per role in GM0200; user and external are members of the group owning most
    private projects there, so that ownership decides what they see."""
    with psycopg.connect(owner_url) as conn:
        region, province = conn.execute(
            "SELECT region_code, province_code FROM ref.municipality WHERE code = %s",
            (MUNICIPALITY,),
        ).fetchone()
        group = conn.execute(
            "SELECT o.user_group_id::text FROM plan.project_owner o"
            " JOIN publication.project_cache c ON c.id = o.project_id"
            " WHERE o.superseded_at IS NULL AND c.municipality_code = %s"
            " GROUP BY 1 ORDER BY count(*) FILTER (WHERE c.confidentiality_rank = 1) DESC,"
            " count(*) DESC, 1 LIMIT 1",
            (MUNICIPALITY,),
        ).fetchone()[0]
    result: dict[str, Viewer] = {"anonymous": None}
    for role in ROLES[:-1]:
        result[role] = {
            "role": role,
            "municipality_code": MUNICIPALITY,
            "region_code": region,
            "province_code": province,
            "group_ids": [group] if role in ("user_plus", "user", "external") else [],
            "user_id": None,
        }
    return result


@pytest.fixture(scope="session")
def reader_url(migrated_db: DatabaseSettings) -> str:
    """The API reader's URL (row-level security applies to it)."""
    return migrated_db.url("reader")


@pytest.fixture
def reader(reader_url: str, dashboard_demo: list[str]) -> Iterator[psycopg.Connection]:
    """A connection as diwi_reader (the public dashboard and the feeds), rolled back afterwards."""
    with psycopg.connect(reader_url) as connection:
        yield connection
        connection.rollback()


DashboardCall = Callable[..., dict]


def call_dashboard(
    conn: psycopg.Connection,
    viewer: Viewer,
    component: str,
    reference_date: date,
    filters: dict | None = None,
    options: dict | None = None,
) -> dict:
    """publication.dashboard for this viewer in conn's current transaction."""
    set_viewer(conn, viewer)
    return conn.execute(
        "SELECT publication.dashboard(%s, %s, %s, %s)",
        (component, reference_date, Jsonb(filters or {}), Jsonb(options or {})),
    ).fetchone()[0]
