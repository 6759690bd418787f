"""End to end: the real BRK ingest from the local PDOK-shaped servers, version 1 then version 2, and
the plan areas built on the changed parcels follow in the ingest's own merge transaction."""

import psycopg
import pytest

from tests.ingest.conftest import CLEAN_SQL
from tests.ingest.conftest import clean_registry  # noqa: F401  (fixtures)
from tests.ingest.conftest import config_path  # noqa: F401
from tests.ingest.conftest import ingest  # noqa: F401
from tests.ingest.conftest import ingest_url  # noqa: F401
from tests.ingest.conftest import registry_servers  # noqa: F401
from tests.ingest.conftest import registry_servers_v1  # noqa: F401
from tests.ingest.conftest import servers  # noqa: F401
from tests.sql import builders

pytestmark = pytest.mark.db
TOWN = "GM9721"


def ref(parcel: dict) -> dict:
    return {
        "cadastral_municipality_code": "APD01",
        "section": parcel["sectie"],
        "parcel_number": parcel["perceelnummer"],
    }


@pytest.fixture
def town(owner_url: str, clean_registry):  # noqa: F811
    """A municipality with one owner group; afterwards it and the registry copy are emptied."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        code = builders.municipality(conn, TOWN)
        group = builders.user_group(conn, code, "Team Percelen")
        yield conn, code, group
        conn.execute("DELETE FROM plan.project WHERE municipality_code = %s", (code,))
        conn.execute("DELETE FROM auth.user_group WHERE municipality_code = %s", (code,))
        conn.execute("DELETE FROM ref.municipality WHERE code = %s", (code,))
        for statement in CLEAN_SQL:
            conn.execute(statement)


def test_a_brk_ingest_of_changed_parcels_updates_the_areas(ingest, servers, town):  # noqa: F811
    conn, code, group = town
    assert ingest("brk") == 0
    parcels = servers.summary["parcels"]
    projects = {
        kind: builders.project(
            conn, code, group, name=kind, area_source="parcels", parcels=[ref(old)]
        )
        for kind, old in (
            ("split", parcels["split"]["old"]),
            ("merged", parcels["merged"]["old"][0]),
            ("reshaped", parcels["reshaped"]["old"]),
            ("retired", parcels["retired"]),
            ("unchanged", parcels["unchanged_example"]),
        )
    }
    servers.set_version(2)
    assert ingest("brk") == 0
    outcome = dict(
        conn.execute(
            "SELECT v.name, coalesce(r.summary->0->>'change', 'none') FROM plan.project_version v "
            "LEFT JOIN plan.registry_version r ON r.project_version_id = v.id "
            "WHERE v.project_id = ANY (%s::uuid[]) AND v.superseded_at IS NULL",
            (list(projects.values()),),
        ).fetchall()
    )
    assert outcome == {
        "split": "split",
        "merged": "merged",
        "reshaped": "reshaped",
        "retired": "none",
        "unchanged": "none",
    }
    listed = conn.execute(
        "SELECT project_id::text FROM plan.parcel_issue WHERE project_id = ANY (%s::uuid[])",
        (list(projects.values()),),
    ).fetchall()
    assert listed == [(projects["retired"],)]
    assert (
        conn.execute(
            "SELECT count(*) FROM plan.notice WHERE user_group_id = %s", (group,)
        ).fetchone()[0]
        == 4
    )
    # the follow-up is idempotent: a repeated ingest of the same data changes no plan
    before = conn.execute("SELECT count(*) FROM plan.project_version").fetchone()[0]
    assert ingest("brk") == 0
    assert conn.execute("SELECT count(*) FROM plan.project_version").fetchone()[0] == before
