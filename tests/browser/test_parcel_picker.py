"""Choosing the plan area from BRK parcels on the editor's map in a real browser."""

import psycopg
import pytest
from playwright.sync_api import expect
from psycopg.types.json import Jsonb

from tests.browser.conftest import ROOT
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
SCREENSHOTS = ROOT / "var" / "screenshots"
X, Y = 196000, 471000  # clear of the ingest fixtures' block around (194000, 469000)
RUN_AREA = f"POLYGON(({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}, {X} {Y + 100}, {X} {Y}))"


def rect(x: float, y: float, w: float, h: float) -> str:
    ring = f"{x} {y}, {x + w} {y}, {x + w} {y + h}, {x} {y + h}, {x} {y}"
    return f"SRID=28992;MULTIPOLYGON((({ring})))"


@pytest.fixture
def drawn_project(owner_url, demo_municipality):
    """A project of Team Wonen with a drawn 100 x 100 m plan area at (X, Y); removed afterwards."""
    ring = [[X, Y], [X + 100, Y], [X + 100, Y + 100], [X, Y + 100], [X, Y]]
    with psycopg.connect(owner_url, autocommit=True) as conn:
        group = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = %s "
            "AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        data = {
            "municipality_code": demo_municipality,
            "name": "Perceelkiezer",
            "phase": "design",
            "confidentiality_level": "internal_civil",
            "start_date": "2024-01-01",
            "end_date": "2031-01-01",
            "owner_group_ids": [group],
            "plan_area": {"type": "MultiPolygon", "coordinates": [[ring]]},
        }
        pid = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
        yield pid
        conn.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


@pytest.fixture
def two_parcels(owner_url):
    """Two BRK parcels (APD01 Z 9001 and 9002) side by side on the drawn project's square."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        run = conn.execute(
            "INSERT INTO ingest.run (source, protocol, mode, area, area_geometry, collections, "
            "status, finished_at) VALUES ('brk', 'ogcapi', 'full', 'bbox:test', "
            "ST_GeomFromText(%s, 28992), '{perceel}', 'succeeded', now()) RETURNING id",
            (RUN_AREA,),
        ).fetchone()[0]
        for number, x in ((9001, X), (9002, X + 50)):
            conn.execute(
                "INSERT INTO brk.perceel (identificatie_lokaal_id, "
                "akr_kadastrale_gemeente_code_waarde, sectie, perceelnummer, "
                "kadastrale_grootte_waarde, geometry, ingest_run_id, ingest_hash) "
                "VALUES (%s, 'APD01', 'Z', %s, 5000, %s::geometry, %s, 'x')",
                (f"test-{number}", number, rect(x, Y, 50, 100), run),
            )
        yield
        conn.execute("DELETE FROM brk.perceel WHERE ingest_run_id = %s", (run,))
        conn.execute("DELETE FROM ingest.run WHERE id = %s", (run,))


def click_at(page, fx: float, fy: float) -> None:
    """Move to a fraction of the picker map's width and height and click there, as a hand would."""
    box = page.locator("#parcel-map").bounding_box()
    x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
    page.mouse.move(x, y, steps=4)
    page.mouse.click(x, y)


def test_user_picks_two_parcels_and_the_project_shows_them(
    page, live_server, drawn_project, two_parcels, owner_url
):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/projecten/{drawn_project}/bewerken")
    page.get_by_label("Percelen kiezen").check()
    expect(page.locator("#parcel-status")).to_have_text("2 percelen in beeld.")
    assert axe_violations(page) == []
    shapes = page.locator("#parcel-map path.leaflet-interactive")
    shapes.nth(0).click()
    shapes.nth(1).click()
    rows = page.locator("#parcel-list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#parcel-list")).to_contain_text("APD01 Z 9001")
    expect(page.locator("#parcel-list")).to_contain_text("APD01 Z 9002")
    expect(page.locator("#parcel-size")).to_contain_text("10.000 m²")
    page.get_by_role("button", name="Deelselectie tekenen voor APD01 Z 9002").click()
    for fx, fy in ((0.48, 0.45), (0.52, 0.45), (0.5, 0.55)):  # a triangle inside 9002
        click_at(page, fx, fy)
    click_at(page, 0.48, 0.45)  # back on the first vertex closes it
    expect(page.locator("#parcel-list tbody tr").nth(1)).not_to_contain_text("heel perceel")
    expect(page.locator("#parcel-status")).to_have_text("Deelselectie van APD01 Z 9002 getekend.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("fieldset.plan-area").screenshot(path=str(SCREENSHOTS / "parcel_picker_edit.png"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()
    parts = page.locator("section.registry-parts")
    expect(parts).to_contain_text("APD01 Z 9001")
    expect(parts).to_contain_text("APD01 Z 9002")
    expect(page.get_by_text("(1.00 ha, percelen)")).to_have_count(0)  # less than both parcels
    expect(page.get_by_text("ha, percelen)")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "parcel_picker_project_page.png"), full_page=True)
    with psycopg.connect(owner_url) as conn:
        source, area = conn.execute(
            "SELECT area_source, ST_Area(plan_area) FROM plan.project_version "
            "WHERE project_id = %s AND superseded_at IS NULL ORDER BY valid_from DESC LIMIT 1",
            (drawn_project,),
        ).fetchone()
    assert source == "parcels" and 5000 < area < 10000  # 9001 whole, of 9002 the triangle
