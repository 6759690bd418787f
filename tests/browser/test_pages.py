"""The public pages and sign-in in a real browser: Dutch, accessible, nothing from other origins."""

from urllib.parse import urlparse

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")


def test_home_page_is_dutch_and_accessible(page, live_server):
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("link", name="Inloggen").is_visible()
    assert axe_violations(page) == []


def test_sign_in_and_out_in_the_browser(page, live_server, demo_municipality):
    page.goto(f"{live_server.url}/login")
    assert axe_violations(page) == []
    page.get_by_label("E-mailadres").fill(USER["email"])
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Uitloggen").is_visible()


@pytest.fixture
def public_project(owner_url, demo_municipality):
    """One public project with a plan area in the demo municipality, removed afterwards."""
    ring = [
        [194000, 468000],
        [194300, 468000],
        [194300, 468300],
        [194000, 468300],
        [194000, 468000],
    ]
    with psycopg.connect(owner_url, autocommit=True) as conn:
        group = conn.execute(
            "SELECT id FROM auth.user_group WHERE municipality_code = %s LIMIT 1",
            (demo_municipality,),
        ).fetchone()[0]
        data = {
            "municipality_code": demo_municipality,
            "name": "Browserpark",
            "phase": "design",
            "confidentiality_level": "public",
            "start_date": "2024-01-01",
            "end_date": "2030-01-01",
            "owner_group_ids": [str(group)],
            "plan_area": {"type": "MultiPolygon", "coordinates": [[ring]]},
        }
        pid = conn.execute("SELECT plan.create_project(%s)", (Jsonb(data),)).fetchone()[0]
        yield pid
        conn.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


def test_api_pages_load_only_from_our_own_origin(page, live_server, public_project):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/collections/projects/items?f=html")
    page.wait_for_load_state("networkidle")
    ours = urlparse(live_server.url).netloc
    foreign = {urlparse(u).netloc for u in requested if urlparse(u).scheme.startswith("http")} - {
        ours
    }
    # the background map (tile.openstreetmap.org) is the only other origin and CSP blocks it
    assert foreign <= {"tile.openstreetmap.org"}
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert page.locator(".leaflet-container").count() == 1  # the vendored Leaflet map ran
