"""The process-template admin in a browser: copy, refuse a cycle; checked with axe."""

import uuid

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    """Signed in with a password here; two-factor sign-in has its own browser test."""
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


def sign_in_user_plus(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill("hoofdgebruiker@demo.diwi.nl")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_user_plus_copies_a_template_and_sees_a_cycle_refused(page, live_server, demo_municipality):
    sign_in_user_plus(page, live_server.url)
    page.goto(f"{live_server.url}/beheer/processjablonen")
    expect(page.get_by_role("heading", name="Processjablonen", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Standaard woningbouwproces").click()
    expect(page.locator("#read-only")).to_be_visible()
    name = f"Browserschema {uuid.uuid4().hex[:6]}"
    page.get_by_label("Naam van de kopie").fill(name)
    page.get_by_role("button", name="Kopiëren").click()
    expect(page.get_by_role("heading", name=f"Processjabloon {name}", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Voorganger").select_option(label="Start bouw")
    page.get_by_label("Opvolger").select_option(label="Principeverzoek en principebesluit")
    page.get_by_role("button", name="Afhankelijkheid toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze afhankelijkheid maakt een kring")
