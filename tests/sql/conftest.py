"""Fixtures for the SQL tests: a test municipality with a user group, in the rolled-back conn."""

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from tests.sql import builders

TOWN = "GM9701"
OTHER_TOWN = "GM9702"
SCRATCH_TOWN = "GM9709"


@dataclass(frozen=True)
class Town:
    code: str
    group_id: str


@pytest.fixture
def town(conn: psycopg.Connection) -> Town:
    """A municipality with one user group, inside the test's rolled-back transaction."""
    code = builders.municipality(conn, TOWN)
    return Town(code, builders.user_group(conn, code))


@pytest.fixture
def other_town(conn: psycopg.Connection) -> Town:
    """A second municipality with its own user group."""
    code = builders.municipality(conn, OTHER_TOWN)
    return Town(code, builders.user_group(conn, code, "Team elders"))


@dataclass(frozen=True)
class Committed:
    conn: psycopg.Connection
    town: Town

    def now(self) -> object:
        """The database clock between two committed transactions."""
        return self.conn.execute("SELECT clock_timestamp()").fetchone()[0]


@pytest.fixture
def committed(owner_url: str) -> Iterator[Committed]:
    """An autocommit connection and a scratch municipality whose data is deleted afterwards.

    For transaction-time tests: each statement commits, so each gets its own now().
    """
    with psycopg.connect(owner_url, autocommit=True) as conn:
        code = builders.municipality(conn, SCRATCH_TOWN)
        try:
            yield Committed(conn, Town(code, builders.user_group(conn, code)))
        finally:
            conn.execute("DELETE FROM plan.project WHERE municipality_code = %s", (code,))
            conn.execute("DELETE FROM auth.user_group WHERE municipality_code = %s", (code,))
            conn.execute("DELETE FROM ref.municipality WHERE code = %s", (code,))
