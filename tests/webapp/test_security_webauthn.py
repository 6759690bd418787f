"""Security keys (flask-security WebAuthn) over HTTP: Dutch pages, sign-in, CSRF, verification.

A P-256 key made here stands in for a USB key: its public key goes straight into auth.webauthn
and it signs the assertions, so the server's checks run without a browser
(tests/browser/test_webauthn.py registers and uses a key in Chromium).
"""

import hashlib
import html
import json
import os
import re
from urllib.parse import urlsplit

import psycopg
import pyotp
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.encode_cbor import encode_cbor

from tests.fixtures.smtp import SEC_PASSWORD

pytestmark = pytest.mark.db
ENGLISH = (
    "Passkey", "passkey", "Nickname", "Usage", "Delete", "Start", "Select", "Available",
    "Sign In", "Reauthenticate", "Submit", "Recovery", "Menu", "Error",
)  # fmt: skip
OPTIONS_RE = re.compile(r'data-credential-options="([^"]*)"')


class SoftKey:
    """A P-256 WebAuthn credential that signs assertions in Python (ES256, user present)."""

    def __init__(self) -> None:
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.count = 0

    def cose_public_key(self) -> bytes:
        numbers = self.private.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return encode_cbor({1: 2, 3: -7, -1: 1, -2: x, -3: y})

    def assertion(self, options: dict, origin: str, signer=None) -> str:
        """The credential JSON webauthn.js posts, signed by this key (or by signer)."""
        self.count += 1
        rp_hash = hashlib.sha256(options["rpId"].encode()).digest()
        auth_data = rp_hash + b"\x01" + self.count.to_bytes(4, "big")
        client_data = json.dumps(
            {"type": "webauthn.get", "challenge": options["challenge"], "origin": origin}
        ).encode()
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = (signer or self.private).sign(signed, ec.ECDSA(hashes.SHA256()))
        b64 = bytes_to_base64url
        response = {"authenticatorData": b64(auth_data), "clientDataJSON": b64(client_data)}
        response["signature"] = b64(signature)
        raw_id = b64(self.credential_id)
        return json.dumps(
            {"id": raw_id, "rawId": raw_id, "type": "public-key", "response": response}
        )


def store_key(owner_url: str, email: str, key: SoftKey, name: str = "Sleutel 1") -> None:
    """Register the key for the user directly in auth.webauthn (as a second step)."""
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO auth.webauthn (user_id, name, credential_id, public_key, device_type, "
            "usage, lastuse_datetime) SELECT id, %s, %s, %s, 'single_device', 'secondary', now() "
            "FROM auth.app_user WHERE email = %s",
            (name, key.credential_id, key.cose_public_key(), email),
        )


def key_rows(owner_url: str, email: str) -> list[tuple]:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT k.name, k.sign_count FROM auth.webauthn k JOIN auth.app_user u "
            "ON u.id = k.user_id WHERE u.email = %s ORDER BY k.name",
            (email,),
        ).fetchall()


def failed_passkey_logins(owner_url: str, email: str) -> int:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM auth.failed_login f JOIN auth.app_user u ON u.id = f.user_id "
            "WHERE u.email = %s AND f.auth_type = 'passkey'",
            (email,),
        ).fetchone()[0]


def path_of(response) -> str:
    """Where a redirect goes, without the query (flask-security adds next=/login)."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return urlsplit(response.location).path


def signed_in(client) -> bool:
    return "Uitloggen" in client.get("/").get_data(as_text=True)


def main_text(response) -> str:
    page = response.get_data(as_text=True)
    return page[page.index("<main>") : page.index("</main>")]


def assert_dutch(response, *phrases: str) -> None:
    """A 200 page whose <main> has these phrases and no English text or buttons."""
    assert response.status_code == 200
    main = main_text(response)
    for phrase in phrases:
        assert phrase in main, phrase
    shown = " ".join(re.sub(r"<[^>]+>", " ", main).split())
    shown += " " + " ".join(re.findall(r'type="submit" value="([^"]*)"', main))
    assert not [word for word in ENGLISH if word in shown], shown


def start_key_step(client, auth) -> dict:
    """After the password: ask /wan-signin for the options (JSON) of the key step."""
    token = auth.csrf_token("/wan-signin")
    started = client.post("/wan-signin", json={"csrf_token": token})
    assert started.status_code == 200, started.get_data(as_text=True)
    return started.get_json()["response"] | {"csrf_token": token}


def finish_key_step(client, step: dict, credential: str):
    """Post the signed assertion as the Dutch page's form does."""
    data = {"credential": credential, "csrf_token": step["csrf_token"]}
    return client.post(f"/wan-signin/{step['wan_state']}", data=data)


def test_relying_party_origin_is_that_of_the_public_url():
    from webapp.security import public_origin

    assert public_origin("https://diwi.example.nl/") == "https://diwi.example.nl"
    assert public_origin("http://localhost:8000/diwi") == "http://localhost:8000"


def test_security_key_pages_need_sign_in(client):
    for path in ("/wan-register", "/wan-verify", "/wan-delete"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location, path
    # no password typed yet: the key is no first step (SECURITY_WAN_ALLOW_AS_FIRST_FACTOR off)
    assert client.get("/wan-signin").status_code == 404


def test_login_page_offers_no_passwordless_key(client):
    main = main_text(client.get("/login"))
    assert 'value="Aanmelden"' in main
    assert "/wan-signin" not in main and "asskey" not in main


def test_security_key_page_is_dutch_and_starts_a_registration(client, auth, app, make_account):
    email = make_account("wanpage")
    auth.login(email, SEC_PASSWORD)
    account = client.get("/account/").get_data(as_text=True)
    assert '<a href="/wan-register">Beveiligingssleutels beheren</a>' in account
    page = client.get("/wan-register")
    assert_dutch(page, "<h1>Beveiligingssleutels</h1>", "U heeft nog geen beveiligingssleutels.")
    assert 'value="Sleutel toevoegen"' in main_text(page)

    token = auth.csrf_token("/wan-register")
    started = client.post("/wan-register", data={"csrf_token": token, "name": "Sleutel 1"})
    assert_dutch(started, "Volg nu de aanwijzingen van uw browser")
    main = main_text(started)
    assert 'data-webauthn="register"' in main and "<script>" not in main
    options = json.loads(html.unescape(OPTIONS_RE.search(main).group(1)))
    assert options["rp"] == {"name": "DIWI", "id": "localhost"}
    assert options["user"]["name"] == email and options["user"]["displayName"] == "Wanpage Test"
    assert options["excludeCredentials"] == []
    with client.get("/static/js/webauthn.js") as script:
        assert script.status_code == 200 and b"navigator.credentials.create" in script.data
    assert app.config["DIWI_WEBAUTHN_ORIGIN"] == app.config["DIWI_SETTINGS"].public_url


def test_security_key_forms_need_csrf(client, auth, app, owner_url, make_account):
    email, key = make_account("wancsrf"), SoftKey()
    store_key(owner_url, email, key)
    assert path_of(auth.login(email, SEC_PASSWORD)) == "/wan-signin"
    refused = client.post("/wan-signin", data={})
    assert refused.status_code == 200 and "data-credential-options" not in main_text(refused)
    step = start_key_step(client, auth)
    signed = key.assertion(step["credential_options"], app.config["DIWI_WEBAUTHN_ORIGIN"])
    client.post(f"/wan-signin/{step['wan_state']}", data={"credential": signed})
    assert not signed_in(client)
    assert key_rows(owner_url, email) == [("Sleutel 1", 0)]


def test_signed_in_forms_need_csrf(client, auth, owner_url, make_account):
    email = make_account("wancsrf2")
    auth.login(email, SEC_PASSWORD)  # no key yet: the password is enough
    refused = client.post("/wan-register", data={"name": "Sleutel 2"})
    assert refused.status_code == 200 and "data-credential-options" not in main_text(refused)
    store_key(owner_url, email, SoftKey())
    client.post("/wan-delete", data={"name": "Sleutel 1"})
    assert key_rows(owner_url, email) == [("Sleutel 1", 0)]


def test_key_is_the_second_step_after_the_password(client, auth, app, owner_url, make_account):
    email, key = make_account("wansign"), SoftKey()
    store_key(owner_url, email, key)
    assert path_of(auth.login(email, SEC_PASSWORD)) == "/wan-signin"
    assert not signed_in(client)
    assert_dutch(
        client.get("/wan-signin"),
        "<h1>Inloggen met uw beveiligingssleutel</h1>",
        'value="Beveiligingssleutel gebruiken"',
        "Inloggen met een herstelcode",
    )
    step = start_key_step(client, auth)
    options, origin = step["credential_options"], app.config["DIWI_WEBAUTHN_ORIGIN"]
    assert [c["id"] for c in options["allowCredentials"]] == [bytes_to_base64url(key.credential_id)]

    finished = finish_key_step(client, step, key.assertion(options, origin))
    assert finished.status_code == 302, finished.get_data(as_text=True)
    assert signed_in(client)
    assert key_rows(owner_url, email) == [("Sleutel 1", key.count)]


def test_wrong_or_unknown_key_does_not_sign_in(client, auth, app, owner_url, make_account):
    email, key = make_account("wanwrong"), SoftKey()
    store_key(owner_url, email, key)
    auth.login(email, SEC_PASSWORD)
    origin = app.config["DIWI_WEBAUTHN_ORIGIN"]

    step = start_key_step(client, auth)
    impostor = ec.generate_private_key(ec.SECP256R1())
    forged = finish_key_step(
        client, step, key.assertion(step["credential_options"], origin, impostor)
    )
    assert path_of(forged) == "/wan-signin"
    assert_dutch(client.get("/wan-signin"), "De beveiligingssleutel kon niet worden gecontroleerd.")
    assert not signed_in(client)
    assert failed_passkey_logins(owner_url, email) == 1  # counts towards the lock-out

    step = start_key_step(client, auth)
    unknown = SoftKey().assertion(step["credential_options"], origin)
    finish_key_step(client, step, unknown)
    assert_dutch(client.get("/wan-signin"), "Deze beveiligingssleutel kent DIWI niet.")
    assert not signed_in(client)

    step = start_key_step(client, auth)  # signed for the request's host, not DIWI_PUBLIC_URL
    finish_key_step(client, step, key.assertion(step["credential_options"], "http://localhost"))
    assert not signed_in(client)
    assert key_rows(owner_url, email) == [("Sleutel 1", 0)]


def set_up_authenticator(client, auth) -> None:
    """Signed in: add the authenticator app as well."""
    token = auth.csrf_token("/tf-setup")
    setup = client.post("/tf-setup", json={"setup": "authenticator", "csrf_token": token})
    totp = pyotp.TOTP(setup.get_json()["response"]["tf_authr_b32key"])
    token = auth.csrf_token("/tf-setup")
    done = client.post("/tf-validate", json={"code": totp.now(), "csrf_token": token})
    assert done.status_code == 200, done.get_data(as_text=True)


def test_with_app_and_key_the_user_chooses_the_second_step(client, auth, owner_url, make_account):
    email = make_account("wanboth")
    auth.login(email, SEC_PASSWORD)
    set_up_authenticator(client, auth)
    store_key(owner_url, email, SoftKey())
    auth.logout()

    assert path_of(auth.login(email, SEC_PASSWORD)) == "/tf-select"
    choice = client.get("/tf-select")
    assert_dutch(choice, "Tweede stap kiezen", "Code uit mijn authenticator-app")
    assert "Mijn beveiligingssleutel" in main_text(choice)
    token = auth.csrf_token("/tf-select")
    chosen = client.post("/tf-select", data={"which": "authenticator", "csrf_token": token})
    assert path_of(chosen) == "/tf-validate"
    code_page = main_text(client.get("/tf-validate"))
    assert (
        '<a href="/tf-select">Een andere manier kiezen, zoals uw beveiligingssleutel</a>'
        in code_page
    )
    chosen = client.post("/tf-select", data={"which": "webauthn", "csrf_token": token})
    assert path_of(chosen) == "/wan-signin"
    assert '<a href="/tf-select">Een andere manier kiezen</a>' in main_text(
        client.get("/wan-signin")
    )
    assert not signed_in(client)


def test_user_deletes_a_key_and_then_signs_in_with_the_password(
    client, auth, app, owner_url, make_account
):
    email, key = make_account("wandelete"), SoftKey()
    store_key(owner_url, email, key)
    auth.login(email, SEC_PASSWORD)
    step = start_key_step(client, auth)
    finish_key_step(
        client, step, key.assertion(step["credential_options"], app.config["DIWI_WEBAUTHN_ORIGIN"])
    )
    page = client.get("/wan-register")
    assert_dutch(page, "Sleutel 1", "Sleutel 1 verwijderen</button>")
    assert "U heeft één beveiligingssleutel." in client.get("/account/").get_data(as_text=True)

    token = auth.csrf_token("/wan-register")
    deleted = client.post("/wan-delete", data={"name": "Sleutel 1", "csrf_token": token})
    assert deleted.status_code == 302
    assert_dutch(client.get("/wan-register"), "De beveiligingssleutel Sleutel 1 is verwijderd.")
    assert key_rows(owner_url, email) == []
    auth.logout()
    assert auth.login(email, SEC_PASSWORD).status_code == 302
    assert signed_in(client)
