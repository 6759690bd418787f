"""The milestone page in a real browser: accessible, and a milestone added through its form."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]


def test_user_adds_a_realised_milestone(page, live_server, mapped_project):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/projecten/{mapped_project}")
    page.get_by_role("link", name="Mijlpalen bekijken en wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijlpalen van")
    assert axe_violations(page) == []
    adding = page.locator("form.edit")
    adding.get_by_label("Datum").fill("2025-05-01")
    adding.get_by_label("Status").select_option("realised")
    adding.get_by_label("Omschrijving").fill("Omgevingsvergunning verleend")
    adding.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("De mijlpaal is opgeslagen.")).to_be_visible()
    added = page.locator("fieldset", has_text="Omgevingsvergunning verleend")
    expect(added.get_by_label("Status")).to_have_value("realised")
    page.get_by_role("link", name="Kaartproject", exact=False).first.click()
    expect(page.locator("table.milestones")).to_contain_text("Omgevingsvergunning verleend")
