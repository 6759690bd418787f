"""Drawing a plan area on the editor's map in a real browser, saved in EPSG:28992."""

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]


def area_m2(owner_url: str, project_id: str) -> float:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT ST_Area(plan_area) FROM plan.project_version WHERE project_id = %s "
            "AND superseded_at IS NULL AND valid_from <= current_date "
            "ORDER BY valid_from DESC LIMIT 1",
            (project_id,),
        ).fetchone()[0]


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
