"""BAG-check fixtures: the hand-made registry and projects in GM0200, and the check as a viewer."""

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.bagcheck import fixture as fx

CHECK_SQL = "SELECT * FROM publication.bag_address_check(%s, %s::uuid[], %s)"
SET_VIEWER = "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[], NULL)"


@pytest.fixture(scope="session")
def team_group(owner_url: str, demo_municipality: str) -> str:
    """Team Wonen of GM0200 (the demo user and user_plus are members)."""
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(
            "SELECT id::text FROM auth.user_group "
            "WHERE municipality_code = %s AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()
    return row[0]


@pytest.fixture(scope="session")
def bag(owner_url: str, demo_municipality: str, team_group: str) -> Iterator[fx.Fixture]:
    """The committed fixture (BAG run, panden, verblijfsobjecten, six projects); removed after."""
    made = fx.build(owner_url, demo_municipality, team_group)
    yield made
    fx.remove(owner_url, made)


def municipal_viewer(role: str = "user", municipality: str = "GM0200", groups=()) -> dict:
    return {"role": role, "municipality_code": municipality, "group_ids": list(groups)}


@pytest.fixture
def check(migrated_db) -> Callable[..., dict[str, dict]]:
    """Run publication.bag_address_check as the API reader for a viewer: rows by project name."""
    reader = migrated_db.url("reader")

    def run(viewer: dict | None, reference_date: str = fx.REFERENCE_DATE, ids=None, gm=None):
        viewer = viewer or {}
        with psycopg.connect(reader) as conn:
            conn.execute(
                SET_VIEWER,
                (
                    viewer.get("role"),
                    viewer.get("municipality_code"),
                    None,
                    None,
                    list(viewer.get("group_ids") or []),
                ),
            )
            cur = conn.cursor(row_factory=dict_row)
            rows = cur.execute(CHECK_SQL, (reference_date, ids, gm)).fetchall()
        return {row["name"]: row for row in rows}

    return run


def ours(rows: dict[str, Any], made: fx.Fixture) -> dict[str, Any]:
    """Only the fixture's projects (other tests may add projects to GM0200)."""
    return {name: row for name, row in rows.items() if row["project_id"] in _ids(made)}


def _ids(made: fx.Fixture) -> set:
    import uuid

    return {uuid.UUID(i) for i in made.ids.values()}
