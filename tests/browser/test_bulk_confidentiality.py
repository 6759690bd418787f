"""The bulk confidentiality page in a real browser: accessible, and usable by its labels."""

import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")


@pytest.fixture
def team_project(owner_url, demo_municipality):
    """One internal project of Team Wonen, removed afterwards."""
    name = "Browser bulk " + uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url, autocommit=True) as conn:
        team = conn.execute(
            "SELECT id FROM auth.user_group WHERE municipality_code = %s AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        data = {
            "municipality_code": demo_municipality,
            "name": name,
            "phase": "design",
            "confidentiality_level": "internal_civil",
            "start_date": "2024-01-01",
            "end_date": "2030-01-01",
            "owner_group_ids": [str(team)],
        }
        pid = conn.execute("SELECT plan.create_project(%s)", (Jsonb(data),)).fetchone()[0]
        yield name
        conn.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


def test_bulk_page_is_accessible_and_changes_a_project(page, live_server, team_project):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mailadres").fill(USER["email"])
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/projecten")
    page.get_by_role("link", name="Vertrouwelijkheid wijzigen").click()
    page.wait_for_load_state()
    assert axe_violations(page, ("minor", "moderate", "serious", "critical")) == []
    page.get_by_label(team_project, exact=True).check()
    page.get_by_label("Nieuw vertrouwelijkheidsniveau").select_option("internal_management")
    page.get_by_role("button", name="Vertrouwelijkheid wijzigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vertrouwelijkheid van 1 project gewijzigd.").is_visible()
    row = page.get_by_role("row").filter(has_text=team_project)
    assert row.get_by_role("cell", name="Intern bestuurlijk").is_visible()
