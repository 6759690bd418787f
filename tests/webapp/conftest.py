"""Web tests' shared fixture: the demo group that owns the projects the tests create."""

import psycopg
import pytest


@pytest.fixture
def team(owner_url: str, demo_municipality: str) -> str:
    """The id of "Team Wonen" of GM0200, whose members are the demo user and user_plus."""
    with psycopg.connect(owner_url) as conn:
        return str(
            conn.execute(
                "SELECT id FROM auth.user_group "
                "WHERE municipality_code = 'GM0200' AND name = 'Team Wonen'"
            ).fetchone()[0]
        )
