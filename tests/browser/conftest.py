"""Browser fixtures: Debian's Chromium driven by Playwright (never `playwright install`)."""

import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "var" / "test-artifacts" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make setup` as root (installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (own cookies) in Dutch; a screenshot is kept after the test."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the current page at the given impact levels."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
SQUARE = [[194000, 469000], [194100, 469000], [194100, 469100], [194000, 469100], [194000, 469000]]


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
