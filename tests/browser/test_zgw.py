"""The ZGW admin page and the project's Zaken panel in a real browser, checked with axe."""

import re

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in
from tests.sql.builders import project as make_project

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]

ADMIN = "beheerder@demo.diwi.nl"
ZAKEN_URL = "http://zaken.example.invalid/zaken/api/v1"


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    """The admin signs in with a password here; two-factor sign-in has its own browser test."""
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


@pytest.fixture
def configured(owner_url, demo_municipality):
    """GM0200 has a zaak system (kept when another test set one up; removed when we added it)."""
    with psycopg.connect(owner_url) as conn:
        added = conn.execute(
            "INSERT INTO plan.zgw_config (municipality_code, zaken_url, notificaties_url, "
            "client_id, secret) VALUES (%s, %s, %s, 'browser', 'browser-secret') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (demo_municipality, ZAKEN_URL, ZAKEN_URL.replace("zaken", "notificaties")),
        ).fetchone()
    yield
    if added:
        with psycopg.connect(owner_url) as conn:
            conn.execute(
                "DELETE FROM plan.zgw_config WHERE municipality_code = %s", (demo_municipality,)
            )


@pytest.fixture
def zaak_project(owner_url, demo_municipality):
    """A Team Wonen project without a plan area (its map is not what these tests look at)."""
    with psycopg.connect(owner_url) as conn:
        team = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = %s "
            "AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
        pid = make_project(conn, demo_municipality, team, name="Zakenproject")
    yield pid
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


def sign_in_as(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_admin_maps_an_outcome_on_an_accessible_page(page, live_server, configured):
    sign_in_as(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/beheer/zgw")
    expect(page.get_by_role("heading", name="Zaaksysteem (ZGW)", level=1)).to_be_visible()

    page.get_by_label("Resultaat (omschrijving van het resultaattype)").fill(
        "Ingetrokken (browser)"
    )
    page.get_by_label("Status van de eindmijlpaal").select_option(label="Afgebroken")
    page.get_by_role("button", name="Resultaat toevoegen").click()

    row = page.locator("#zgw-outcomes tr", has_text="Ingetrokken (browser)")
    expect(row).to_contain_text("Afgebroken")
    assert axe_violations(page) == []
    row.get_by_role("button", name=re.compile("Verwijderen")).click()
    expect(page.locator("#zgw-outcomes")).not_to_contain_text("Ingetrokken (browser)")


def test_the_zaken_panel_lists_a_zaak_and_explains_a_refused_link(
    page, live_server, owner_url, zaak_project, configured, demo_municipality
):
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO plan.zgw_zaak_link (zaak_url, municipality_code, project_id, matched_by, "
            "identificatie, zaaktype) VALUES (%s, %s, %s, 'area', 'ZAAK-B-0001', %s)",
            (
                f"{ZAKEN_URL}/zaken/{zaak_project}",
                demo_municipality,
                zaak_project,
                "http://catalogi.example.invalid/catalogi/api/v1/zaaktypen/bouwen",
            ),
        )
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/projecten/{zaak_project}")

    panel = page.locator("section#zaken")
    expect(panel.get_by_role("heading", name="Zaken")).to_be_visible()
    expect(panel.locator("#zaken-table")).to_contain_text("ZAAK-B-0001")
    expect(panel.locator("#zaken-table")).to_contain_text("plangebied")
    assert axe_violations(page) == []

    panel.get_by_label("Adres van de zaak (Zaken API)").fill("https://elders.example.nl/zaken/1")
    panel.get_by_role("button", name="Zaak koppelen").click()
    expect(
        page.get_by_text("Dit adres hoort niet bij de Zaken API van de gemeente.")
    ).to_be_visible()
    assert re.search(r"#zaken$", page.url)
