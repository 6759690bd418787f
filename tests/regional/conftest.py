"""Regional-table fixtures: a key project with both streams and a small project, sign-in."""

import uuid
from datetime import date
from datetime import timedelta

import psycopg
import pytest

from tests.sql.builders import houseblock
from tests.sql.builders import project as make_project
from tests.sql.builders import square
from tests.webapp.conftest import team  # noqa: F401  (fixture)
from webapp.regional.summary import refresh_project

TODAY = date.today()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def add_step(conn: psycopg.Connection, project_id: str, name: str, stream: str, **dates) -> str:
    """A step inserted directly (test setup): planned start/end offsets in days from today."""
    return conn.execute(
        "INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end, "
        "actual_start, actual_end) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id::text",
        (
            project_id,
            stream,
            name,
            day(dates["start"]),
            day(dates["end"]),
            day(dates["actual_start"]) if "actual_start" in dates else None,
            day(dates["actual_end"]) if "actual_end" in dates else None,
        ),
    ).fetchone()[0]


def depends(conn: psycopg.Connection, source: str, target: str) -> None:
    conn.execute(
        "INSERT INTO plan.process_dependency (from_step_id, to_step_id) VALUES (%s, %s)",
        (source, target),
    )


@pytest.fixture
def key_setup(owner_url: str, demo_municipality: str, team: str) -> dict:  # noqa: F811
    """ "Groot" (150 dwellings, 40 social; regional confidentiality) with a done step, a late
    step and two steps in sequence whose parallel run gains 30 days; "Klein" (12 dwellings)."""
    tag = uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url) as conn:
        conn.execute(  # the demo loader may have moved GM0200 to its own region since
            "UPDATE auth.app_user SET region_code = (SELECT region_code FROM ref.municipality"
            " WHERE code = %s) WHERE email = 'regio@demo.diwi.nl'",
            (demo_municipality,),
        )
        big = make_project(
            conn, demo_municipality, team, name=f"Groot {tag}", confidentiality_level=5,
            start_date=day(-400), end_date=day(900), plan_area=square(194000, 469000),
        )  # fmt: skip
        lines = [{"ownership_type": "social_rental", "amount": 40}]
        houseblock(conn, big, amount=150, ownership_lines=lines)
        small = make_project(conn, demo_municipality, team, name=f"Klein {tag}")
        houseblock(conn, small, amount=12)
        done = add_step(conn, big, "Principeverzoek", "public", start=-300, end=-200,
                        actual_start=-300, actual_end=-210)  # fmt: skip
        late = add_step(conn, big, "Anterieure overeenkomst", "public", start=-100, end=-10,
                        actual_start=-100)  # fmt: skip
        plan = add_step(conn, big, "Bestemmingsplan", "public", start=0, end=60)
        design = add_step(conn, big, "Ontwerp", "private", start=60, end=90)
        depends(conn, done, late)
        depends(conn, late, plan)
        depends(conn, plan, design)
    return {"big": big, "small": small, "tag": tag}


@pytest.fixture
def region_token(app, owner_url, key_setup) -> str:
    """An API token of the demo region reader (auth.api_token)."""
    from webapp.account.queries import create_api_token

    with psycopg.connect(owner_url) as conn:
        refresh_project(conn, key_setup["big"])
        user_id = conn.execute(
            "SELECT id FROM auth.app_user WHERE email = 'regio@demo.diwi.nl'"
        ).fetchone()[0]
    with app.app_context():
        return create_api_token(uuid.UUID(str(user_id)), "regionale tafel")
