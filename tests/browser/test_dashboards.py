"""Dashboards in Chromium: charts drawn, table alternative, CSV and PNG downloads, composed view."""

import uuid
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import ROOT
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
SHOTS = ROOT / "var" / "screenshots"
PLUS = next(a for a in DEMO_ACCOUNTS if a["role"] == "user_plus")
PHASES = ("initiative", "design", "design", "preparation", "realisation", "concept")


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 150, y], [x + 150, y + 150], [x, y + 150], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


@pytest.fixture
def dash_world(owner_url: str, demo_municipality: str):
    """Six mapped projects of Team Wonen with houseblocks and a dashboard shared with Team Wonen."""
    tag = uuid.uuid4().hex[:5]
    with psycopg.connect(owner_url, autocommit=True) as conn:
        team = conn.execute(
            "SELECT id::text FROM auth.user_group "
            "WHERE municipality_code = %s AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        ids = [make_project(conn, tag, i, phase, team) for i, phase in enumerate(PHASES)]
        with conn.transaction():
            conn.execute("SELECT plan.set_viewer('user_plus', 'GM0200')")
            components = [
                {"component": "deliveries", "options": {"period": {"from": 2024, "to": 2032}}},
                {"component": "phase", "options": {"breakdown": "dwellings"}},
            ]
            data = {"name": f"Wethouder {tag}", "components": components, "group_ids": [team]}
            blueprint = conn.execute(
                "SELECT plan.save_blueprint(NULL, %s)::text", (Jsonb(data),)
            ).fetchone()[0]
        yield {"tag": tag, "ids": ids, "blueprint": f"Wethouder {tag}"}
        conn.execute("DELETE FROM plan.dashboard_blueprint WHERE id = %s", (blueprint,))
        conn.execute("DELETE FROM plan.project WHERE id = ANY (%s::uuid[])", (ids,))


def make_project(conn: psycopg.Connection, tag: str, i: int, phase: str, team: str) -> str:
    data = {
        "municipality_code": "GM0200",
        "name": f"Dashboardproject {tag} {i}",
        "phase": phase,
        "confidentiality_level": "internal_civil",
        "start_date": "2023-01-01",
        "end_date": "2033-01-01",
        "owner_group_ids": [team],
        "plan_area": square(192000 + (i % 3) * 900, 468000 + (i // 3) * 900),
    }
    pid = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
    block = {
        "name": "Blok",
        "mutation_kind": "demolition" if i == 5 else "construction",
        "amount": 10 + 7 * i,
        "delivery_latest": f"{2025 + i}-06-01",
    }
    conn.execute("SELECT plan.create_houseblock(%s, %s)", (pid, Jsonb(block)))
    return pid


def shoot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def panel(page: Page, title: str):
    return page.locator("section.dash-panel").filter(has=page.get_by_role("heading", name=title))


def test_standard_dashboard_charts_table_and_downloads(page, live_server, dash_world):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/dashboard")
    phases = panel(page, "Projectfases")
    toggle = phases.get_by_role("button", name="Tabel tonen")
    expect(toggle).to_be_visible()  # the script ran and drew the charts
    table = phases.get_by_role("table")
    assert table.get_by_role("row", name="4 Ontwerp").count() == 1  # the table is read aloud
    wrap = phases.locator(".dash-table-wrap")
    assert wrap.bounding_box()["height"] <= 1  # but not shown next to the chart
    toggle.click()
    expect(phases.get_by_role("button", name="Tabel verbergen")).to_be_visible()
    assert wrap.bounding_box()["height"] > 50
    with page.expect_download() as info:
        phases.get_by_role("link", name="Download CSV").click()
    csv_text = Path(info.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("sleutel;categorie;projecten;woningen") and "design" in csv_text
    with page.expect_download() as info:
        phases.get_by_role("button", name="Download PNG").click()
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.locator(".leaflet-interactive").first.wait_for()
    assert axe_violations(page) == []
    shoot(page, "dashboard.png")


def test_composed_and_project_dashboards(page, live_server, dash_world):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/dashboard")
    page.get_by_role("link", name=dash_world["blueprint"]).click()
    expect(page.get_by_role("heading", level=1, name=dash_world["blueprint"])).to_be_visible()
    headings = page.locator("section.dash-panel h2").all_inner_texts()
    assert headings == ["Opleveringen per jaar", "Projectfases"]
    expect(page.get_by_role("button", name="Tabel tonen").first).to_be_visible()
    assert axe_violations(page) == []
    shoot(page, "dashboard-blueprint.png")
    page.goto(f"{live_server.url}/dashboard/project/{dash_world['ids'][1]}")
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()
    assert axe_violations(page) == []
    shoot(page, "dashboard-project.png")


def test_hoofdgebruiker_composes_a_dashboard(page, live_server, dash_world):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mailadres").fill(PLUS["email"])
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.goto(f"{live_server.url}/dashboard/beheer")
    page.get_by_role("link", name=f"Bewerken {dash_world['blueprint']}").click()
    page.get_by_label("Onderdeel toevoegen").select_option("capacity")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_role("button", name="Omhoog Totaal aantallen (plancapaciteit)").click()
    legends = page.locator(".compose-components legend")
    expect(legends.last).to_have_text("3. Projectfases")  # waits for the page after the post
    assert legends.all_inner_texts()[-2:] == [
        "2. Totaal aantallen (plancapaciteit)",
        "3. Projectfases",
    ]
    page.get_by_label("Vaste fase").first.select_option("design")
    assert axe_violations(page) == []
    shoot(page, "dashboard-compose.png")
    page.get_by_role("button", name="Dashboard bewaren").first.click()
    expect(page.get_by_text("is bewaard")).to_be_visible()
    page.get_by_role("link", name="Dashboard bekijken").click()
    headings = page.locator("section.dash-panel h2").all_inner_texts()
    assert headings == [
        "Opleveringen per jaar",
        "Totaal aantallen (plancapaciteit)",
        "Projectfases",
    ]
