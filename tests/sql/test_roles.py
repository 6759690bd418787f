"""Database roles: least privilege per actor (reader, ingest, webapp)."""

from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

pytestmark = pytest.mark.db


@pytest.fixture
def as_role(owner_url: str) -> Iterator:
    """Connect as another DIWI role; every connection is rolled back at the end."""
    opened: list[psycopg.Connection] = []

    def connect(actor: str) -> psycopg.Connection:
        connection = psycopg.connect(owner_url.replace("diwi_owner", f"diwi_{actor}"))
        opened.append(connection)
        return connection

    yield connect
    for connection in opened:
        connection.rollback()
        connection.close()


@pytest.fixture
def town(owner_url: str) -> Iterator[str]:
    """A committed scratch municipality the other roles can see, deleted afterwards."""
    with psycopg.connect(owner_url, autocommit=True) as owner:
        owner.execute(
            "INSERT INTO ref.municipality (code, name, province_code) "
            "VALUES ('GM9721', 'Rollenstad', 'PV26')"
        )
        try:
            yield "GM9721"
        finally:
            owner.execute("DELETE FROM plan.project WHERE municipality_code = 'GM9721'")
            owner.execute("DELETE FROM auth.user_group WHERE municipality_code = 'GM9721'")
            owner.execute("DELETE FROM ref.municipality WHERE code = 'GM9721'")


def test_reader_cannot_insert_a_project(as_role):
    reader = as_role("reader")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute(
            "INSERT INTO plan.project (municipality_code, start_milestone_id, end_milestone_id) "
            "VALUES ('GM0363', gen_random_uuid(), gen_random_uuid())"
        )


def test_reader_cannot_create_a_project_through_the_edit_function(town, as_role):
    reader = as_role("reader")
    data = {"municipality_code": town, "start_date": "2024-01-01", "end_date": "2025-01-01"}
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute("SELECT plan.create_project(%s)", (Jsonb(data),))


@pytest.mark.parametrize("actor", ["reader", "ingest"])
def test_reader_and_ingest_cannot_read_users(as_role, actor):
    connection = as_role(actor)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute("SELECT email, password FROM auth.app_user")


def test_ingest_cannot_write_plans(as_role):
    ingest = as_role("ingest")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ingest.execute("DELETE FROM plan.project_version")


@pytest.mark.parametrize("actor", ["webapp", "reader"])
def test_webapp_and_reader_can_read_publication_projects(as_role, actor):
    connection = as_role(actor)
    connection.execute("SELECT plan.set_viewer('anonymous')")
    rows = connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE confidentiality_level <> 'public') "
        "FROM publication.projects"
    ).fetchone()
    assert rows[1] == 0  # anonymous sees only public projects
    connection.execute("SELECT count(*) FROM publication.houseblocks").fetchone()


def test_webapp_can_create_a_project(town, as_role):
    webapp = as_role("webapp")
    group = webapp.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES (%s, 'Team') "
        "RETURNING id::text",
        (town,),
    ).fetchone()[0]
    data = {
        "municipality_code": town,
        "name": "Via de webapp",
        "phase": "concept",
        "confidentiality_level": 7,
        "start_date": "2024-01-01",
        "end_date": "2025-01-01",
        "owner_group_ids": [group],
    }
    pid = webapp.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
    assert webapp.execute(
        "SELECT name FROM publication.projects WHERE id = %s", (pid,)
    ).fetchone() == ("Via de webapp",)


def test_webapp_cannot_change_code_lists(as_role):
    webapp = as_role("webapp")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        webapp.execute("DELETE FROM ref.rule")
