"""A Hoofdgebruiker creates a goal with two conditions in Chromium and sees its progress."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "var" / "screenshots" / "goals.png"
USER_PLUS = next(a for a in DEMO_ACCOUNTS if a["role"] == "user_plus")


@pytest.fixture
def goal_setup(owner_url: str, demo_municipality: str) -> Iterator[str]:
    """A goal category and a project delivering 20 dwellings in 2040 (10 multi-family, 10 social
    rental); removed afterwards. Returns the category name."""
    name = f"Browsercategorie {uuid.uuid4().hex[:4]}"
    with psycopg.connect(owner_url, autocommit=True) as conn:
        group = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = %s "
            "AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        project = conn.execute(
            "SELECT plan.create_project(%s)::text",
            (
                Jsonb(
                    {
                        "municipality_code": demo_municipality,
                        "name": "Doelenproject browser",
                        "phase": "design",
                        "confidentiality_level": 7,
                        "start_date": "2039-01-01",
                        "end_date": "2042-01-01",
                        "owner_group_ids": [group],
                    }
                ),
            ),
        ).fetchone()[0]
        conn.execute(
            "SELECT plan.create_houseblock(%s, %s)",
            (
                project,
                Jsonb(
                    {
                        "name": "Blok",
                        "mutation_kind": "construction",
                        "amount": 20,
                        "delivery_latest": "2040-05-01",
                        "breakdown": {"house_type": {"multi_family": 10}},
                        "ownership_lines": [{"ownership_type": "social_rental", "amount": 10}],
                    }
                ),
            ),
        )
        with conn.transaction():
            conn.execute("SELECT plan.set_viewer('user_plus', %s)", (demo_municipality,))
            category = conn.execute(
                "SELECT plan.save_goal_category(NULL, %s, %s)", (demo_municipality, name)
            ).fetchone()[0]
        yield name
        conn.execute(
            "DELETE FROM plan.goal g USING plan.goal_version v WHERE v.goal_id = g.id "
            "AND v.category_id = %s",
            (category,),
        )
        conn.execute("DELETE FROM plan.goal_category WHERE id = %s", (category,))
        conn.execute("DELETE FROM plan.project WHERE id = %s", (project,))


def test_user_plus_creates_a_goal_with_two_conditions(page: Page, live_server, goal_setup) -> None:
    base = live_server.url
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill(USER_PLUS["email"])
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    page.goto(f"{base}/doelen/nieuw")
    page.get_by_label("Naam", exact=True).fill("Meergezins sociale huur 2040")
    page.get_by_label("Categorie").select_option(label=goal_setup)
    page.get_by_label("Doelwaarde").fill("10")
    page.get_by_label("Startdatum").fill("2040-01-01")
    page.get_by_label("Einddatum (deadline)").fill("2041-12-31")
    page.get_by_role("button", name="Voorwaarde toevoegen").click()
    page.get_by_label("Voorwaarde 1: soort").select_option(label="Woningtype")
    page.get_by_label("Voorwaarde 1: waarden").select_option(label="Meergezinswoning")
    page.get_by_role("button", name="Voorwaarde toevoegen").click()
    page.get_by_label("Voorwaarde 2: soort").select_option(label="Eigendom en prijscategorie")
    page.get_by_label("Voorwaarde 2: waarden").select_option(label="Huurwoning woningcorporatie")
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOT.with_name("goals-form.png")), full_page=True)
    page.get_by_role("button", name="Opslaan", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Meergezins sociale huur 2040")
    card = page.locator(".goal-card")
    expect(card).to_contain_text("Woningtype: Meergezinswoning")
    expect(card).to_contain_text("Eigendom: Huurwoning woningcorporatie")
    # 20 dwellings x 10/20 multi-family x 10/20 social rental = 5 expected by the deadline
    expect(card).to_contain_text("niet op koers")
    expect(card).to_contain_text("tekort: 5 woningen")
    expect(page.get_by_role("link", name="Doelenproject browser")).to_be_visible()
    assert axe_violations(page) == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.goto(f"{base}/doelen/?peildatum=2041-06-30")
    expect(page.get_by_role("heading", name=goal_setup)).to_be_visible()
    expect(page.get_by_label("Peildatum")).to_have_value("2041-06-30")
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOT.with_name("goals-list.png")), full_page=True)
