"""Alert-test fixtures: a project of a fresh owner group with milestones relative to today."""

import uuid
from datetime import date
from datetime import timedelta

import psycopg
import pytest

from tests.fixtures.smtp import SEC_MUNICIPALITY
from tests.sql import builders

TODAY = date.today()


def user_id(conn: psycopg.Connection, email: str) -> str:
    return str(
        conn.execute("SELECT id FROM auth.app_user WHERE email = %s", (email,)).fetchone()[0]
    )


def notices_of(owner_url: str, email: str) -> list[tuple[str, str]]:
    """(kind, message) of the notices in a user's own group, oldest first."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT n.kind, n.message_nl FROM plan.notice n "
            "JOIN auth.user_group g ON g.id = n.user_group_id AND g.single_user "
            "JOIN auth.user_group_member m ON m.user_group_id = g.id "
            "JOIN auth.app_user u ON u.id = m.user_id WHERE u.email = %s "
            "ORDER BY n.created_at, n.message_nl",
            (email,),
        ).fetchall()


@pytest.fixture
def webapp_url(migrated_db) -> str:
    """The web-app role's URL: the worker runs the alert job as that role."""
    return migrated_db.url("webapp")


@pytest.fixture
def alert_project(owner_url: str, sec_municipality: str):
    """make(member e-mails) -> (project id, name): owned by a new group of those members, with
    milestones in 5 days (planned), 3 days ago (planned, and one realised) and in 60 days."""

    def make(*emails: str) -> tuple[str, str]:
        name = "Alarm " + uuid.uuid4().hex[:6]
        with psycopg.connect(owner_url) as conn:
            group = builders.user_group(conn, SEC_MUNICIPALITY, "Team " + name)
            for email in emails:
                conn.execute(
                    "INSERT INTO auth.user_group_member VALUES (%s, %s)",
                    (group, user_id(conn, email)),
                )
            project = builders.project(conn, SEC_MUNICIPALITY, group, name=name)
            for days, status, label in [
                (5, "planned", "Bouwrijp"),
                (-3, "planned", "Vergunning verleend"),
                (-3, "realised", "Grondaankoop"),
                (60, "planned", "Start bouw"),
            ]:
                conn.execute(
                    "SELECT plan.add_milestone(%s, %s, %s, %s)",
                    (project, TODAY + timedelta(days=days), status, label),
                )
        return project, name

    return make
