"""Lock-out after repeated failed sign-ins and expiry of idle sessions."""

import time

import psycopg
import pytest

from tests.fixtures.smtp import SEC_PASSWORD

pytestmark = pytest.mark.db

LOCKED = "Dit account is tijdelijk geblokkeerd na 5 mislukte inlogpogingen"


def signed_in(client) -> bool:
    return "Uitloggen" in client.get("/").get_data(as_text=True)


def test_five_failures_lock_the_account_for_15_minutes(client, auth, owner_url, make_account):
    email = make_account("lockme")
    for _ in range(4):
        assert "Ongeldig wachtwoord" in auth.login(email, "fout").get_data(as_text=True)
    assert LOCKED in auth.login(email, "fout").get_data(as_text=True)
    refused = auth.login(email, SEC_PASSWORD)  # even the right password
    assert refused.status_code == 200
    assert LOCKED in refused.get_data(as_text=True)
    assert not signed_in(client)
    with psycopg.connect(owner_url) as conn:
        minutes = conn.execute(
            "SELECT extract(epoch FROM locked_until - now()) / 60 FROM auth.app_user "
            "WHERE email = %s",
            (email,),
        ).fetchone()[0]
        assert 14 < minutes <= 15
        # the lock has run out
        conn.execute("UPDATE auth.app_user SET locked_until = now() WHERE email = %s", (email,))
    assert auth.login(email, SEC_PASSWORD).status_code == 302
    assert signed_in(client)


def test_successful_sign_in_clears_earlier_failures(client, auth, make_account):
    email = make_account("forgetme")
    for _ in range(4):
        auth.login(email, "fout")
    assert auth.login(email, SEC_PASSWORD).status_code == 302
    auth.logout()
    for _ in range(4):
        assert LOCKED not in auth.login(email, "fout").get_data(as_text=True)


def test_idle_session_expires(app, client, auth, make_account, monkeypatch):
    assert auth.login(make_account("idle"), SEC_PASSWORD).status_code == 302
    assert signed_in(client)
    monkeypatch.setitem(app.config, "PERMANENT_SESSION_LIFETIME", 1)
    time.sleep(2.1)
    assert not signed_in(client)


def test_session_cookie_lives_as_long_as_the_setting(app, client, auth, make_account):
    auth.login(make_account("cookie"), SEC_PASSWORD)
    response = client.get("/")
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None and cookie.expires is not None
    assert response.status_code == 200
