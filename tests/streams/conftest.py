"""Streams fixtures: a project with an admitted developer, a signed-in client per role."""

import uuid

import psycopg
import pytest

from tests.sql.builders import project as make_project
from tests.sql.builders import user_group
from tests.webapp.conftest import team  # noqa: F401  (fixture)


@pytest.fixture
def projects(owner_url: str, demo_municipality: str, team: str) -> dict:  # noqa: F811
    """Project "shared": Team Wonen plus a developer group with Eva Extern; "own": Team only."""
    tag = uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url) as conn:
        partner = user_group(conn, demo_municipality, f"Ontwikkelaar {tag}")
        conn.execute(
            "INSERT INTO auth.user_group_member SELECT %s, id FROM auth.app_user "
            "WHERE email = 'extern@demo.diwi.nl'",
            (partner,),
        )
        return {
            "shared": make_project(
                conn, demo_municipality, team, name=f"PPM {tag}", owner_group_ids=[team, partner]
            ),
            "own": make_project(conn, demo_municipality, team, name=f"Eigen {tag}"),
        }


def add_step(owner_url: str, project_id: str, name: str, stream: str, start: str, end: str) -> str:
    """A step inserted directly (test setup), returning its id."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end) "
            "VALUES (%s, %s, %s, %s, %s) RETURNING id::text",
            (project_id, stream, name, start, end),
        ).fetchone()[0]


def add_dependency(owner_url: str, source: str, target: str, kind: str = "finish_to_start") -> str:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "INSERT INTO plan.process_dependency (from_step_id, to_step_id, kind) "
            "VALUES (%s, %s, %s) RETURNING id::text",
            (source, target, kind),
        ).fetchone()[0]
