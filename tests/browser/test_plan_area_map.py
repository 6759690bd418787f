"""Drawing a plan area on the editor's map in a real browser, saved in EPSG:28992."""

import uuid

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
SQUARE = [[194000, 469000], [194100, 469000], [194100, 469100], [194000, 469100], [194000, 469000]]


def area_m2(owner_url: str, project_id: str) -> float:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT ST_Area(plan_area) FROM plan.project_version WHERE project_id = %s "
            "AND superseded_at IS NULL AND valid_from <= current_date "
            "ORDER BY valid_from DESC LIMIT 1",
            (project_id,),
        ).fetchone()[0]


@pytest.fixture
def mapped_project(owner_url, demo_municipality):
    """A project of Team Wonen with a 100 x 100 m plan area; removed afterwards."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        group = conn.execute(
            "SELECT id FROM auth.user_group WHERE municipality_code = %s AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        data = {
            "municipality_code": demo_municipality,
            "name": f"Kaartproject {uuid.uuid4().hex[:6]}",
            "phase": "design",
            "confidentiality_level": "internal_civil",
            "start_date": "2024-01-01",
            "end_date": "2031-01-01",
            "owner_group_ids": [str(group)],
            "plan_area": {"type": "MultiPolygon", "coordinates": [[SQUARE]]},
        }
        pid = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
        yield pid
        conn.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill(USER["email"])
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def click_at(page: Page, fx: float, fy: float) -> None:
    """Move to a fraction of the map's width and height and click there, as a hand would."""
    box = page.locator("#plan-area-map").bounding_box()
    x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
    page.mouse.move(x, y, steps=4)
    page.mouse.click(x, y)


def test_user_draws_a_second_polygon_and_saves_it(page, live_server, mapped_project, owner_url):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/projecten/{mapped_project}/bewerken")
    expect(page.locator("#plan-area-size")).to_contain_text("10.000 m²")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Teken een vlak").click()
    for fx, fy in ((0.75, 0.3), (0.9, 0.3), (0.75, 0.6)):  # right of the square, clear of controls
        click_at(page, fx, fy)
    click_at(page, 0.75, 0.3)  # back on the first vertex closes the polygon
    expect(page.locator("#plan-area-changed")).to_have_value("1")
    drawn = page.locator("#plan-area-size").inner_text()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()
    stored = area_m2(owner_url, mapped_project)
    shown = int(drawn.replace(" m²", "").replace(".", ""))
    assert stored > 10000 * 1.05  # the square plus the new triangle
    assert shown == pytest.approx(stored, rel=0.01)  # the map's figure matches PostGIS
    expect(page.locator("#plan-area-map.leaflet-container")).to_be_visible()
