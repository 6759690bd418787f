"""Two-factor sign-in with an authenticator app: required for admins and per municipality."""

import re

import psycopg
import pyotp
import pytest

from tests.fixtures.smtp import SEC_PASSWORD

pytestmark = pytest.mark.db


def post_json(client, auth, path: str, body: dict):
    """POST JSON with a CSRF token from the same page (GET /login drops the pending sign-in)."""
    return client.post(path, json={**body, "csrf_token": auth.csrf_token(path)})


def signed_in(client) -> bool:
    return "Uitloggen" in client.get("/").get_data(as_text=True)


def set_up_authenticator(client, auth, email: str) -> pyotp.TOTP:
    """Sign in with the password, set up the authenticator and finish with a real code."""
    response = auth.login(email, SEC_PASSWORD)
    assert response.status_code == 302 and "/tf-setup" in response.location
    assert not signed_in(client)
    setup = post_json(client, auth, "/tf-setup", {"setup": "authenticator"})
    assert setup.status_code == 200, setup.get_data(as_text=True)
    totp = pyotp.TOTP(setup.get_json()["response"]["tf_authr_b32key"])
    done = post_json(client, auth, "/tf-validate", {"code": totp.now()})
    assert done.status_code == 200, done.get_data(as_text=True)
    return totp


def test_admin_must_set_up_and_use_authenticator(client, auth, owner_url, make_account):
    email = make_account("admin2fa", role="admin")
    totp = set_up_authenticator(client, auth, email)
    assert signed_in(client)
    with psycopg.connect(owner_url) as conn:
        method, secret = conn.execute(
            "SELECT tf_primary_method, tf_totp_secret FROM auth.app_user WHERE email = %s",
            (email,),
        ).fetchone()
    assert method == "authenticator"
    assert totp.secret not in secret  # stored encrypted
    auth.logout()

    assert auth.login(email, SEC_PASSWORD).status_code == 302
    assert not signed_in(client)
    wrong = f"{(int(totp.now()) + 1) % 1_000_000:06d}"
    refused = post_json(client, auth, "/tf-validate", {"code": wrong})
    assert refused.status_code == 400
    assert not signed_in(client)
    assert post_json(client, auth, "/tf-validate", {"code": totp.now()}).status_code == 200
    assert signed_in(client)
    assert "Aan: u logt in met uw wachtwoord" in client.get("/account/").get_data(as_text=True)


def test_user_without_requirement_signs_in_with_password_only(client, auth, make_account):
    response = auth.login(make_account("plain"), SEC_PASSWORD)
    assert response.status_code == 302 and "/tf-setup" not in response.location
    assert signed_in(client)


def test_municipality_can_require_two_factor_for_everyone(client, auth, owner_url, make_account):
    email = make_account("munic2fa")
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO auth.municipality_setting (municipality_code, two_factor_required) "
            "VALUES ('GM9990', true) ON CONFLICT (municipality_code) DO UPDATE SET "
            "two_factor_required = true"
        )
    try:
        set_up_authenticator(client, auth, email)
        assert signed_in(client)
    finally:
        with psycopg.connect(owner_url) as conn:
            conn.execute("DELETE FROM auth.municipality_setting WHERE municipality_code = 'GM9990'")


def test_recovery_codes_sign_in_once(client, auth, make_account):
    email = make_account("recovery", role="admin")
    set_up_authenticator(client, auth, email)
    codes_page = client.get(
        "/mf-recovery-codes?show_codes=1", headers={"Accept": "application/json"}
    )
    if codes_page.status_code != 200 or not codes_page.get_json()["response"].get("recovery_codes"):
        generated = post_json(client, auth, "/mf-recovery-codes", {})
        codes = generated.get_json()["response"]["recovery_codes"]
    else:
        codes = codes_page.get_json()["response"]["recovery_codes"]
    assert len(codes) == 5
    auth.logout()
    auth.login(email, SEC_PASSWORD)
    used = post_json(client, auth, "/mf-recovery", {"code": codes[0]})
    assert used.status_code == 200, used.get_data(as_text=True)
    assert signed_in(client)


def test_admin_requires_two_factor_for_the_municipality_in_the_screen(
    client, auth, app, owner_url, make_account, monkeypatch
):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])  # this admin signs in quickly
    admin, plain = make_account("secadmin", "admin"), make_account("secuser")
    assert auth.login(admin, SEC_PASSWORD).status_code == 302
    page = client.get("/beheer/beveiliging").get_data(as_text=True)
    assert "verplicht voor alle gebruikers" in page
    try:
        token = auth.csrf_token("/beheer/beveiliging")
        data = {"csrf_token": token, "two_factor_required": "y"}
        assert client.post("/beheer/beveiliging", data=data).status_code == 302
        auth.logout()
        response = auth.login(plain, SEC_PASSWORD)
        assert response.status_code == 302 and "/tf-setup" in response.location
        assert not signed_in(client)
    finally:
        with psycopg.connect(owner_url) as conn:
            conn.execute("DELETE FROM auth.municipality_setting WHERE municipality_code = 'GM9990'")


def test_only_the_admin_changes_the_security_settings(client, auth, make_account):
    auth.login(make_account("notadmin", "user_plus"), SEC_PASSWORD)
    assert client.get("/beheer/beveiliging").status_code == 403


ENGLISH = ("Recovery", "recovery", "Generate", "Show", "Submit", "Enter", "Be sure", "Menu")


def assert_dutch(response, *phrases: str) -> None:
    """A 200 page whose <main> has these phrases and no English text or buttons."""
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    main = html[html.index("<main>") : html.index("</main>")]
    for phrase in phrases:
        assert phrase in main, phrase
    shown = " ".join(re.sub(r"<[^>]+>", " ", main).split())
    shown += " " + " ".join(re.findall(r'type="submit" value="([^"]*)"', main))
    assert not [word for word in ENGLISH if word in shown], shown


def test_recovery_code_pages_are_dutch_and_work(client, auth, make_account):
    email = make_account("recoverynl", role="admin")
    set_up_authenticator(client, auth, email)
    page = client.get("/mf-recovery-codes")
    assert_dutch(page, "<h1>Herstelcodes</h1>", 'value="Herstelcodes tonen"')
    none_yet = client.get("/mf-recovery-codes?show_codes=Herstelcodes+tonen")
    assert_dutch(none_yet, "U heeft nog geen herstelcodes aangemaakt.")
    token = auth.csrf_token("/mf-recovery-codes")
    made = client.post(
        "/mf-recovery-codes",
        data={"csrf_token": token, "generate_new_codes": "Nieuwe herstelcodes aanmaken"},
    )
    assert_dutch(made, "Bewaar deze codes op een veilige plek", "Nieuwe herstelcodes aanmaken")
    codes = re.findall(r"<li><code>([^<]+)</code></li>", made.get_data(as_text=True))
    assert len(codes) == 5
    auth.logout()

    assert auth.login(email, SEC_PASSWORD).status_code == 302
    rescue = {"csrf_token": auth.csrf_token("/tf-validate"), "help_setup": "recovery_code"}
    chosen = client.post("/tf-rescue", data=rescue)
    assert chosen.status_code == 302 and chosen.location.endswith("/mf-recovery")
    assert_dutch(client.get("/mf-recovery"), "<h1>Inloggen met een herstelcode</h1>", "Herstelcode")
    wrong = client.post(
        "/mf-recovery", data={"csrf_token": auth.csrf_token("/mf-recovery"), "code": "0000"}
    )
    assert_dutch(wrong, "Deze herstelcode klopt niet of is al gebruikt.")
    assert not signed_in(client)
    right = client.post(
        "/mf-recovery", data={"csrf_token": auth.csrf_token("/mf-recovery"), "code": codes[1]}
    )
    assert right.status_code == 302 and signed_in(client)
    auth.logout()

    auth.login(email, SEC_PASSWORD)
    again = client.post(
        "/mf-recovery", data={"csrf_token": auth.csrf_token("/mf-recovery"), "code": codes[1]}
    )
    assert_dutch(again, "Deze herstelcode klopt niet of is al gebruikt.")  # used once only
    assert not signed_in(client)
