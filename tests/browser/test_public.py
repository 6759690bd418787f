"""The public dashboard and map of GM0200 in Chromium, signed out (screenshots looked at)."""

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect
from psycopg.types.json import Jsonb

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SUFFIX = uuid.uuid4().hex[:5]
PROJECTS = {  # name: (confidentiality, phase, dwellings, lower-left corner in RD)
    f"Openbaar Kanaalzone {SUFFIX}": ("public", "design", 48, (193000, 468000)),
    f"Openbaar Zuidbroek {SUFFIX}": ("public", "realisation", 120, (195500, 466500)),
    f"Geheim Stationsplein {SUFFIX}": ("internal_council", "preparation", 30, (194200, 470200)),
}


def square(x: int, y: int, size: int = 600) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


@pytest.fixture(scope="module")
def apeldoorn(owner_url: str, demo_municipality: str) -> Iterator[dict[str, str]]:
    """Two public projects and one council-internal project of GM0200; removed afterwards."""
    ids = {}
    with psycopg.connect(owner_url, autocommit=True) as conn:
        group = conn.execute(
            "SELECT id::text FROM auth.user_group "
            "WHERE municipality_code = %s AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        for name, (level, phase, amount, (x, y)) in PROJECTS.items():
            data = {
                "municipality_code": demo_municipality,
                "name": name,
                "phase": phase,
                "confidentiality_level": level,
                "start_date": "2024-01-01",
                "end_date": "2030-06-01",
                "owner_group_ids": [group],
                "plan_area": square(x, y),
            }
            pid = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
            conn.execute(
                "SELECT plan.create_houseblock(%s, %s)",
                (pid, Jsonb({"name": "Blok", "mutation_kind": "construction", "amount": amount})),
            )
            ids[name] = pid
        yield ids
        conn.execute("DELETE FROM plan.project WHERE id = ANY(%s::uuid[])", (list(ids.values()),))


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_public_dashboard_signed_out(page: Page, live_server, apeldoorn):
    page.goto(f"{live_server.url}/openbaar")
    page.get_by_role("link", name="Apeldoorn").click()
    expect(page.get_by_role("heading", name="Woningbouw in Apeldoorn", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()  # signed out
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.get_by_role("link", name=f"Openbaar Kanaalzone {SUFFIX}")).to_be_visible()
    assert f"Geheim Stationsplein {SUFFIX}" not in page.content()
    expect(page.get_by_role("link", name="Download als PDF")).to_be_visible()
    phases = page.locator("#component-phase")
    with page.expect_download() as info:
        phases.get_by_role("button", name="Download PNG").click()
    assert info.value.suggested_filename == "phase.png"
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert axe_violations(page) == []
    shoot(page, "public-dashboard.png")


def test_public_map_reads_the_feed(page: Page, live_server, apeldoorn):
    with page.expect_response(re.compile(r"/api/collections/projects/items\?f=json")) as feed:
        page.goto(f"{live_server.url}/openbaar/GM0200/kaart")
    assert feed.value.ok
    names = {f["properties"]["name"] for f in feed.value.json()["features"]}
    assert f"Openbaar Zuidbroek {SUFFIX}" in names
    assert f"Geheim Stationsplein {SUFFIX}" not in names
    expect(page.locator("#public-map-status")).to_contain_text("openbare projecten op de kaart")
    table = page.locator("#public-map-table")
    expect(table.get_by_role("link", name=f"Openbaar Kanaalzone {SUFFIX}")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#public-map path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Meer over dit project")).to_be_visible()
    expect(popup).to_contain_text("Woningen:")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    shoot(page, "public-map.png")
