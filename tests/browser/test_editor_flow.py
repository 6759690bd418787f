"""The web editor in a real browser: two-factor sign-in, projects, houseblocks, history, access."""

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlencode

import psycopg
import pyotp
import pytest
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.fixtures.smtp import SEC_PASSWORD

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
EMAIL = {a["role"]: a["email"] for a in DEMO_ACCOUNTS}
GROUP_OF_SQL = """
    SELECT g.id::text FROM auth.user_group g
    JOIN auth.user_group_member m ON m.user_group_id = g.id
    JOIN auth.app_user u ON u.id = m.user_id
    WHERE u.email = %(email)s
      AND CASE WHEN %(name)s::text IS NULL THEN g.single_user ELSE g.name = %(name)s END
"""


def sign_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in the login form and send it (what follows depends on two-factor)."""
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()


def expect_signed_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def expect_signed_out(page: Page) -> None:
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def wrong_code(totp: pyotp.TOTP) -> str:
    """A six-digit code that is not the current one."""
    return f"{(int(totp.now()) + 1) % 1_000_000:06d}"


def test_admin_sets_up_authenticator_and_signs_in_with_its_code(page, live_server, make_account):
    email = make_account("tfbrowser", role="admin")
    sign_in(page, live_server.url, email, SEC_PASSWORD)
    expect(page).to_have_url(re.compile(r"/tf-setup"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect_signed_out(page)
    page.get_by_label("Met een authenticator-app").check()
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("img", name="QR-code")).to_be_visible()
    totp = pyotp.TOTP(page.locator("#authr-key").inner_text().replace("-", ""))
    assert axe_violations(page) == []
    page.get_by_label("Code uit de app").fill(totp.now())
    page.get_by_role("button", name="Instellen voltooien").click()
    expect_signed_in(page)
    expect(page.get_by_text("Uw code is bevestigd.")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    expect_signed_out(page)
    sign_in(page, live_server.url, email, SEC_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code invoeren")
    page.get_by_label("Code uit de app").fill(wrong_code(totp))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Deze code klopt niet.")).to_be_visible()
    expect_signed_out(page)
    assert axe_violations(page) == []
    page.get_by_label("Code uit de app").fill(totp.now())
    page.get_by_role("button", name="Inloggen").click()
    expect_signed_in(page)
    expect(page.locator(".site-header .user")).to_have_text("Tfbrowser Test")


@pytest.fixture
def tag(owner_url: str, demo_municipality: str) -> Iterator[str]:
    """A unique name part; every project that ever carried it is deleted afterwards."""
    value = f"E2E {uuid.uuid4().hex[:8]}"
    yield value
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM plan.project WHERE id IN "
            "(SELECT project_id FROM plan.project_version WHERE name LIKE %s)",
            (f"%{value}%",),
        )


def group_id(owner_url: str, email: str, name: str | None = None) -> str:
    """The group of a user: the named shared group, or else the user's own single-user group."""
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(GROUP_OF_SQL, {"email": email, "name": name}).fetchone()
    return row[0]


def make_project(
    owner_url: str, name: str, level: str, owner_group: str, actor: str = EMAIL["user"]
) -> str:
    """A running project in GM0200 made by actor through plan.create_project; returns its id."""
    data = {
        "municipality_code": "GM0200",
        "name": name,
        "phase": "initiative",
        "confidentiality_level": level,
        "start_date": "2024-01-01",
        "end_date": "2032-12-31",
        "owner_group_ids": [owner_group],
    }
    with psycopg.connect(owner_url) as conn:
        user = conn.execute("SELECT id FROM auth.app_user WHERE email = %s", (actor,)).fetchone()
        sql = "SELECT plan.create_project(%s, %s)::text"
        return conn.execute(sql, (Jsonb(data), user[0])).fetchone()[0]


def houseblock(page: Page, name: str) -> Locator:
    """The houseblock article on the project page whose heading starts with name."""
    return page.locator("article.houseblock").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{name}"))
    )


def field(page: Page, term: str) -> Locator:
    """The <dd> of a term in the project's data list."""
    return page.locator("dl.fields dt", has_text=re.compile(f"^{term}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def add_houseblock(page: Page, name: str, amount: int, check_accessibility: bool = False) -> None:
    """Add a construction houseblock through the project page's link and form."""
    page.get_by_role("link", name="Woningblok toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nieuw woningblok")
    if check_accessibility:
        assert axe_violations(page) == []
    page.get_by_label("Naam", exact=True).fill(name)
    page.get_by_label("Aantal woningen").fill(str(amount))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het woningblok is opgeslagen.")).to_be_visible()


def test_user_creates_project_and_adds_two_houseblocks(page, live_server, tag):
    name = f"{tag} Parkzicht"
    sign_in(page, live_server.url, EMAIL["user"])
    expect_signed_in(page)
    page.goto(f"{live_server.url}/projecten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecten")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nieuw project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw project")
    assert axe_violations(page) == []  # projects/form.html
    page.get_by_label("Naam", exact=True).fill(name)
    page.get_by_label("Startdatum").fill("2024-01-01")
    page.get_by_label("Einddatum").fill("2032-12-31")
    page.get_by_role("combobox", name=re.compile("^Fase")).select_option(label="2 Initiatief")
    page.get_by_role("combobox", name=re.compile("^Vertrouwelijkheid")).select_option(
        label="Intern ambtelijk"
    )
    page.get_by_label("Team Wonen").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het project is aangemaakt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    add_houseblock(page, "Blok Noord", 20, check_accessibility=True)
    add_houseblock(page, "Blok Zuid", 6)
    expect(houseblock(page, "Blok Noord").get_by_role("heading")).to_contain_text(
        "bouw · 20 woningen · netto lopend totaal 20"
    )
    expect(houseblock(page, "Blok Zuid").get_by_role("heading")).to_contain_text(
        "bouw · 6 woningen · netto lopend totaal 26"
    )
    expect(field(page, "Bouw / sloop")).to_have_text("26 / 0")
    assert axe_violations(page) == []


def test_user_edit_shows_in_history_and_old_name_before_it(page, live_server, owner_url, tag):
    old, new = f"{tag} Molenweide", f"{tag} Molenweide-Oost"
    team = group_id(owner_url, EMAIL["user"], "Team Wonen")
    project_id = make_project(owner_url, old, "internal_civil", team)
    with psycopg.connect(owner_url) as conn:
        before_edit, today = conn.execute("SELECT clock_timestamp(), current_date").fetchone()
    sign_in(page, live_server.url, EMAIL["user"])
    expect_signed_in(page)
    page.goto(f"{live_server.url}/projecten/{project_id}")
    page.get_by_role("link", name="Project bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Project bewerken")
    assert axe_violations(page) == []  # projects/form.html, filled in
    page.get_by_label("Naam", exact=True).fill(new)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(new)

    history = page.locator("section.history")
    expect(history.get_by_role("heading")).to_have_text("Geschiedenis")
    current = history.locator("tbody tr.current", has_text=new)
    expect(current).to_have_count(1)
    expect(current.locator("td").nth(0)).to_have_text(re.compile(rf"^{today} \d\d:\d\d:\d\d$"))
    expect(current.locator("td").nth(1)).to_have_text("Gert Gebruiker")
    expect(current.locator("td").nth(2)).to_have_text("huidig")
    replaced = history.locator("tbody tr:not(.current)", has_text=old).first
    expect(replaced.locator("td").nth(2)).to_have_text(re.compile(rf"^{today} "))

    page.get_by_label("Peildatum").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(old)
    query = urlencode({"vastgelegd": before_edit.isoformat()})
    page.goto(f"{live_server.url}/projecten/{project_id}?{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text(old)
    expect(page.get_by_text("zoals het op")).to_be_visible()
    expect(page.get_by_role("link", name="Project bewerken")).to_have_count(0)


def search(page: Page, base_url: str, text: str) -> Locator:
    """Search the project list by name; returns the table's body."""
    page.goto(f"{base_url}/projecten")
    page.get_by_label("Zoeken op naam").fill(text)
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    return page.locator("table.projects tbody")


def test_council_finds_no_private_project(page, live_server, owner_url, tag):
    team = group_id(owner_url, EMAIL["user"], "Team Wonen")
    private = make_project(owner_url, f"{tag} Geheim", "private", team)
    make_project(owner_url, f"{tag} Raadsplan", "internal_council", team)
    sign_in(page, live_server.url, EMAIL["council"])
    expect_signed_in(page)
    rows = search(page, live_server.url, tag)
    expect(rows.get_by_role("link", name=f"{tag} Raadsplan")).to_be_visible()
    expect(rows.get_by_role("link", name=f"{tag} Geheim")).to_have_count(0)
    expect(page.locator("#project-total")).to_have_text("1")
    response = page.goto(f"{live_server.url}/projecten/{private}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_text(f"{tag} Geheim")).to_have_count(0)


def test_external_sees_only_projects_of_own_groups(page, live_server, owner_url, tag):
    own_group = group_id(owner_url, EMAIL["external"])
    team = group_id(owner_url, EMAIL["user"], "Team Wonen")
    make_project(owner_url, f"{tag} Partnerplan", "internal_civil", own_group)
    other = make_project(owner_url, f"{tag} Gemeenteplan", "external_governmental", team)
    sign_in(page, live_server.url, EMAIL["external"])
    expect_signed_in(page)
    rows = search(page, live_server.url, tag)
    expect(rows.get_by_role("link", name=f"{tag} Partnerplan")).to_be_visible()
    expect(rows.get_by_role("link", name=f"{tag} Gemeenteplan")).to_have_count(0)
    expect(page.locator("#project-total")).to_have_text("1")
    assert axe_violations(page) == []
    response = page.goto(f"{live_server.url}/projecten/{other}")
    assert response is not None and response.status == 404
