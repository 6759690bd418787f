"""Importing in a real browser: upload a filled DIWI template, preview, commit, see the projects."""

import uuid

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in
from tests.imports.conftest import import_setup  # noqa: F401 (the fixture)
from tests.imports.files import excel
from webapp.imports.example import example_book

pytestmark = [
    pytest.mark.db,
    pytest.mark.xdist_group("browser"),
    pytest.mark.usefixtures("import_setup"),
]


def upload(page: Page, base: str, path) -> None:
    page.goto(f"{base}/importeren")
    page.get_by_label("Excel (.xlsx, DIWI-sjabloon)").check()
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Voorbeeld bekijken").click()


def test_upload_preview_commit(page: Page, live_server, tmp_path):
    prefix = "B" + uuid.uuid4().hex[:6].upper()
    good = tmp_path / "voorbeeld.xlsx"
    good.write_bytes(example_book(prefix).bytes())
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Importeren").click()
    expect(page.get_by_role("heading", name="Projecten importeren")).to_be_visible()
    upload(page, live_server.url, good)
    expect(page.get_by_role("heading", name="Voorbeeld van de import")).to_be_visible()
    expect(page.get_by_text("2 nieuw, 0 bijgewerkt, 0 ongewijzigd")).to_be_visible()
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "imports_preview.png"), full_page=True)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", name="Import voltooid")).to_be_visible()
    page.get_by_role("link", name="Voorbeeldproject Zuidbroek").click()
    expect(page.get_by_role("heading", name="Voorbeeldproject Zuidbroek")).to_be_visible()


def test_broken_file_shows_errors_and_writes_nothing(page: Page, live_server, tmp_path):
    prefix = "B" + uuid.uuid4().hex[:6].upper()
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(excel(prefix, {"Bouw": "veel", "Eigenaar": "niemand@example.org"}))
    sign_in(page, live_server.url)
    upload(page, live_server.url, broken)
    expect(page.get_by_role("heading", name="Niveau 2: celinhoud")).to_be_visible()
    expect(page.get_by_text("werkblad Data, rij 6, kolom AP (Bouw)")).to_be_visible()
    expect(page.get_by_role("button", name="Importeren")).to_have_count(0)
    assert axe_violations(page) == []
