"""Single sign-on against a real local OpenID Connect provider, driven over HTTP."""

import dataclasses
import threading
from collections.abc import Iterator
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import psycopg
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

from tests.fixtures.app import LiveServer
from tests.fixtures.app import free_port
from tests.fixtures.oidc_provider import IdpUser
from tests.fixtures.oidc_provider import RunningProvider
from tests.fixtures.oidc_provider import run_provider

pytestmark = pytest.mark.db

CLIENT_ID = "diwi-test"
CLIENT_SECRET = "diwi-test-secret-at-idp"
LABEL = "Gemeente Apeldoorn"
HANS = IdpUser("hans", "Hoofdgebruiker@demo.diwi.nl", given_name="Hans")
STRANGER = IdpUser("vreemd", "vreemd@elders.example")
UNVERIFIED = IdpUser("gert", "gebruiker@demo.diwi.nl", email_verified=False)
INACTIVE = IdpUser("uit", "uitdienst@demo.diwi.nl")


@pytest.fixture(scope="module")
def sso_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def idp(sso_port: int) -> Iterator[RunningProvider]:
    callback = f"http://127.0.0.1:{sso_port}/sso/callback"
    users = [HANS, STRANGER, UNVERIFIED, INACTIVE]
    with run_provider(users, CLIENT_ID, CLIENT_SECRET, callback) as provider:
        yield provider


@pytest.fixture(scope="module")
def sso_app(app: Flask, demo_municipality: str, owner_url: str, idp, sso_port) -> Iterator[Flask]:
    """A second DIWI app with SSO configured (the session app has SSO off)."""
    from webapp import create_app
    from webapp import db
    from webapp.api import pygeoapi_env

    add_inactive_user(owner_url, INACTIVE.email, demo_municipality)
    settings = dataclasses.replace(
        app.config["DIWI_SETTINGS"], public_url=f"http://127.0.0.1:{sso_port}"
    )
    with pytest.MonkeyPatch.context() as mp:  # pygeoapi's mount writes os.environ: undo it
        for key in pygeoapi_env(settings):
            mp.delenv(key, raising=False)
        application = create_app(sso_config(settings, idp.url, demo_municipality))
    yield application
    db.close(application)


def sso_config(settings, issuer: str, municipality: str) -> dict:
    return {
        "TESTING": True,
        "DIWI_SETTINGS": settings,
        "DIWI_OIDC_ISSUER": issuer,
        "DIWI_OIDC_CLIENT_ID": CLIENT_ID,
        "DIWI_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "DIWI_OIDC_MUNICIPALITY": municipality,
        "DIWI_OIDC_BUTTON_LABEL": LABEL,
    }


@pytest.fixture(scope="module")
def sso_server(sso_app: Flask, sso_port: int) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", sso_port, sso_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer("127.0.0.1", sso_port)
    server.shutdown()
    thread.join(timeout=5)


def add_inactive_user(owner_url: str, email: str, municipality: str) -> None:
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO auth.app_user (email, fs_uniquifier, first_name, last_name, "
            "municipality_code, active) VALUES (%s, gen_random_uuid()::text, 'Uit', 'Dienst', "
            "%s, false) ON CONFLICT DO NOTHING",
            (email, municipality),
        )


def start_login(browser: requests.Session, server: LiveServer) -> str:
    """Follow /sso/login to the provider's sign-in form; returns the form's URL."""
    page = browser.get(f"{server.url}/sso/login", timeout=10)
    assert page.status_code == 200
    assert "Gebruikersnaam" in page.text
    return page.url


def sign_in_at_idp(browser: requests.Session, form_url: str, username: str) -> requests.Response:
    """Submit the provider's form; the provider sends the browser back to DIWI's callback."""
    return browser.post(form_url, data={"username": username}, timeout=10)


def sso_login(server: LiveServer, username: str) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    response = sign_in_at_idp(browser, start_login(browser, server), username)
    return browser, response


def signed_in(browser: requests.Session, server: LiveServer) -> bool:
    return "Uitloggen" in browser.get(f"{server.url}/", timeout=10).text


def subject_of(owner_url: str, email: str) -> str | None:
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(
            "SELECT oidc_subject FROM auth.app_user WHERE lower(email) = lower(%s)", (email,)
        ).fetchone()
    return row[0]


def test_sso_off_answers_404_and_login_page_has_no_link(client: FlaskClient):
    assert client.get("/sso/login").status_code == 404
    assert client.get("/sso/callback?code=x&state=y").status_code == 404
    page = client.get("/login").get_data(as_text=True)
    assert "Inloggen met" not in page
    assert 'name="password"' in page


def test_login_page_offers_sso_next_to_the_password_form(sso_server: LiveServer):
    page = requests.get(f"{sso_server.url}/login", timeout=10).text
    assert f"Inloggen met {LABEL}" in page
    assert 'href="/sso/login"' in page
    assert 'name="password"' in page and 'name="csrf_token"' in page


def test_known_user_is_signed_in_with_own_roles_and_subject_recorded(sso_server, owner_url):
    browser, response = sso_login(sso_server, "hans")
    assert response.status_code == 200, response.text
    assert response.url == f"{sso_server.url}/"
    assert "Uitloggen" in response.text
    assert "Hans Hoofdgebruiker" in response.text
    assert signed_in(browser, sso_server)
    assert subject_of(owner_url, HANS.email) == HANS.sub


def test_returning_user_is_matched_by_subject_after_an_email_change(sso_server, idp, owner_url):
    sso_login(sso_server, "hans")  # records the subject (idempotent)
    idp.state.users["hans"] = dataclasses.replace(HANS, email="h.hoofd@nieuw.example")
    try:
        browser, response = sso_login(sso_server, "hans")
    finally:
        idp.state.users["hans"] = HANS
    assert response.status_code == 200
    assert signed_in(browser, sso_server)


def test_unknown_email_is_refused_in_dutch(sso_server: LiveServer):
    browser, response = sso_login(sso_server, "vreemd")
    assert response.status_code == 403
    assert "Er is geen DIWI-account voor vreemd@elders.example bij deze gemeente" in response.text
    assert not signed_in(browser, sso_server)


def test_unverified_email_is_refused(sso_server: LiveServer, owner_url: str):
    browser, response = sso_login(sso_server, "gert")
    assert response.status_code == 403
    assert "geen bevestigd e-mailadres" in response.text
    assert not signed_in(browser, sso_server)
    assert subject_of(owner_url, UNVERIFIED.email) is None


def test_inactive_user_is_refused(sso_server: LiveServer):
    browser, response = sso_login(sso_server, "uit")
    assert response.status_code == 403
    assert "Uw DIWI-account is uitgeschakeld" in response.text
    assert not signed_in(browser, sso_server)


def test_tampered_state_is_refused(sso_server: LiveServer):
    browser = requests.Session()
    form_url = start_login(browser, sso_server)
    parts = urlsplit(form_url)
    query = dict(parse_qsl(parts.query))
    query["state"] = query["state"][::-1]
    response = sign_in_at_idp(browser, urlunsplit(parts._replace(query=urlencode(query))), "hans")
    assert response.status_code == 400
    assert "De inlogpoging is verlopen of ongeldig" in response.text
    assert not signed_in(browser, sso_server)


@pytest.mark.parametrize("forgery", ["forged_key", "forged_audience"])
def test_id_token_not_from_the_provider_for_diwi_is_refused(sso_server, idp, forgery):
    value = RSAKey.generate_key(2048, private=True) if forgery == "forged_key" else "other-app"
    setattr(idp.state, forgery, value)
    try:
        browser, response = sso_login(sso_server, "hans")
    finally:
        setattr(idp.state, forgery, None)
    assert response.status_code == 400
    assert "kon niet worden gecontroleerd" in response.text
    assert not signed_in(browser, sso_server)
