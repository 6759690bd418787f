"""Security keys in a real browser: Chromium's virtual authenticator (CDP) as a USB key."""

import re
from collections.abc import Iterator

import psycopg
import pytest
from playwright.sync_api import CDPSession
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.fixtures.smtp import SEC_PASSWORD

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
KEY_OPTIONS = {
    "protocol": "ctap2",
    "transport": "usb",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


@pytest.fixture
def base_url(app, live_server, monkeypatch) -> str:
    """The live server as http://localhost:PORT, DIWI_PUBLIC_URL's origin for WebAuthn.

    Browsers refuse an IP address (127.0.0.1) as a WebAuthn relying-party id; localhost is a
    domain and a secure context.
    """
    url = f"http://localhost:{live_server.port}"
    monkeypatch.setitem(app.config, "DIWI_WEBAUTHN_ORIGIN", url)
    return url


@pytest.fixture
def cdp(page: Page) -> Iterator[CDPSession]:
    """A CDP session with WebAuthn emulation on (no authenticator yet)."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable", {"enableUI": False})
    yield session
    session.send("WebAuthn.disable")


def plug_in_key(cdp: CDPSession) -> str:
    """A new, empty virtual USB security key; returns its authenticator id."""
    answer = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": KEY_OPTIONS})
    return answer["authenticatorId"]


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(SEC_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


def expect_signed_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def expect_signed_out(page: Page) -> None:
    expect(page.get_by_role("link", name="Inloggen", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def register_key(page: Page, base_url: str, name: str) -> None:
    """From the account page: add a security key with this name."""
    page.goto(f"{base_url}/account/")
    page.get_by_role("link", name="Beveiligingssleutels beheren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beveiligingssleutels")
    page.get_by_label("Naam van de sleutel").fill(name)
    page.get_by_role("button", name="Sleutel toevoegen").click()
    expect(page.get_by_text(f"De beveiligingssleutel {name} is toegevoegd.")).to_be_visible()


def stored_keys(owner_url: str, email: str) -> list[tuple]:
    """(name, usage, sign_count) of the user's keys in auth.webauthn."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT k.name, k.usage, k.sign_count FROM auth.webauthn k "
            "JOIN auth.app_user u ON u.id = k.user_id WHERE u.email = %s AND k.public_key <> ''",
            (email,),
        ).fetchall()


def test_user_registers_a_key_and_signs_in_with_it(page, base_url, cdp, make_account, owner_url):
    authenticator = plug_in_key(cdp)
    email = make_account("wankey")
    sign_in(page, base_url, email)
    expect_signed_in(page)
    page.goto(f"{base_url}/wan-register")
    expect(page.get_by_text("U heeft nog geen beveiligingssleutels.")).to_be_visible()
    assert axe_violations(page) == []

    register_key(page, base_url, "Sleutel 1")
    expect(page.locator(".wan-key-name")).to_have_text(["Sleutel 1"])
    assert axe_violations(page) == []
    on_key = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(on_key["credentials"]) == 1
    [(name, usage, registered_count)] = stored_keys(owner_url, email)
    assert (name, usage) == ("Sleutel 1", "secondary")
    page.goto(f"{base_url}/account/")
    expect(page.locator("#security-key-status")).to_have_text("U heeft één beveiligingssleutel.")

    page.get_by_role("button", name="Uitloggen").click()
    expect_signed_out(page)
    sign_in(page, base_url, email)
    expect(page).to_have_url(re.compile(r"/wan-signin"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen met uw beveiligingssleutel")
    expect_signed_out(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Beveiligingssleutel gebruiken").click()
    expect_signed_in(page)
    expect(page.locator(".site-header .user")).to_have_text("Wankey Test")
    page.goto(f"{base_url}/account/")
    expect(page.locator("#two-factor-status")).to_have_text(
        "Aan: u logt in met uw wachtwoord en uw beveiligingssleutel."
    )
    assert stored_keys(owner_url, email)[0][2] > registered_count  # the key's counter moved on


def test_without_the_registered_key_the_user_stays_signed_out(
    page, base_url, cdp, make_account, owner_url
):
    registered = plug_in_key(cdp)
    email = make_account("wanlost")
    sign_in(page, base_url, email)
    register_key(page, base_url, "Sleutel 1")
    page.get_by_role("button", name="Uitloggen").click()
    expect_signed_out(page)

    [(_, _, registered_count)] = stored_keys(owner_url, email)
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": registered})
    plug_in_key(cdp)  # another key: not registered for this account
    sign_in(page, base_url, email)
    page.get_by_role("button", name="Beveiligingssleutel gebruiken").click()
    expect(page.get_by_role("alert")).to_contain_text("De beveiligingssleutel is niet gebruikt")
    expect_signed_out(page)
    page.goto(f"{base_url}/")
    expect_signed_out(page)
    assert stored_keys(owner_url, email)[0][2] == registered_count  # the key was never used


def test_key_is_refused_when_signed_for_another_origin(
    page, app, live_server, cdp, make_account, owner_url
):
    # DIWI_PUBLIC_URL says http://127.0.0.1:PORT: a signature made for localhost does not count
    plug_in_key(cdp)
    email = make_account("wanorigin")
    sign_in(page, f"http://localhost:{live_server.port}", email)
    page.goto(f"http://localhost:{live_server.port}/wan-register")
    page.get_by_label("Naam van de sleutel").fill("Sleutel 1")
    page.get_by_role("button", name="Sleutel toevoegen").click()
    expect(
        page.get_by_text("De beveiligingssleutel kon niet worden gecontroleerd.")
    ).to_be_visible()
    assert stored_keys(owner_url, email) == []
