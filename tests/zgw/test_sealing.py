"""The ZGW client secret is stored sealed: never plain in the database, still signing JWTs."""

import psycopg
import pytest

from ingest.localserver.zgw import ZgwServer
from manage.demo_accounts import DEMO_PASSWORD
from tests.fixtures.app import CSRF_RE
from tests.zgw.conftest import CLIENT_ID
from tests.zgw.conftest import SECRET
from webapp.zgw import client
from webapp.zgw import sealing

ADMIN = "beheerder@demo.diwi.nl"


def stored_secret(owner_url: str, municipality: str) -> str:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT secret FROM plan.zgw_config WHERE municipality_code = %s", (municipality,)
        ).fetchone()[0]


@pytest.fixture
def admin(app, client, auth, demo_municipality, monkeypatch):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])
    auth.login(ADMIN, DEMO_PASSWORD)
    return client


def post(client, path: str, data: dict):
    token = CSRF_RE.search(client.get("/beheer/zgw").get_data(as_text=True)).group(1)
    return client.post(path, data={**data, "csrf_token": token})


@pytest.mark.db
def test_the_database_never_holds_the_plain_secret(admin, owner_url):
    with ZgwServer({CLIENT_ID: SECRET}) as server:
        settings = {"zaken_url": server.zaken_url, "notificaties_url": server.notificaties_url}
        saved = post(admin, "/beheer/zgw", settings | {"client_id": CLIENT_ID, "secret": SECRET})
        assert saved.status_code == 302
        stored = stored_secret(owner_url, "GM0200")
        assert stored.startswith("fernet:") and SECRET not in stored
        # the zaak system accepts DIWI's JWTs signed with the unsealed secret
        assert post(admin, "/beheer/zgw/abonneren", {}).status_code == 302
        assert len(server.abonnementen) == 1
        # saving again without a secret keeps the sealed one
        assert post(admin, "/beheer/zgw", settings | {"client_id": CLIENT_ID}).status_code == 302
        assert stored_secret(owner_url, "GM0200") == stored
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = NULL, abonnement_url = NULL"
        )


@pytest.mark.db
def test_a_secret_stored_plain_keeps_working_and_is_sealed(admin, owner_url):
    with ZgwServer({CLIENT_ID: SECRET}) as server:
        with psycopg.connect(owner_url) as conn:
            conn.execute(
                "INSERT INTO plan.zgw_config (municipality_code, zaken_url, notificaties_url, "
                "client_id, secret) VALUES ('GM0200', %(z)s, %(n)s, %(c)s, %(s)s) "
                "ON CONFLICT (municipality_code) DO UPDATE SET zaken_url = %(z)s, "
                "notificaties_url = %(n)s, client_id = %(c)s, secret = %(s)s",
                {"z": server.zaken_url, "n": server.notificaties_url, "c": CLIENT_ID, "s": SECRET},
            )
        assert post(admin, "/beheer/zgw/abonneren", {}).status_code == 302
        assert len(server.abonnementen) == 1
    stored = stored_secret(owner_url, "GM0200")
    assert stored.startswith("fernet:") and sealing.unseal(stored) == SECRET
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = NULL, abonnement_url = NULL"
        )


def test_another_app_secret_cannot_read_it(monkeypatch):
    monkeypatch.setenv("DIWI_SECRET_KEY", "one-key")
    config = {"client_id": CLIENT_ID, "secret": sealing.seal(SECRET)}
    assert client.headers(config)["Authorization"].startswith("Bearer ")
    monkeypatch.setenv("DIWI_SECRET_KEY", "another-key")
    with pytest.raises(client.ZgwError, match="niet te lezen; vul het opnieuw in"):
        client.headers(config)


def test_an_explicit_key_seals_and_the_derived_one_still_opens(monkeypatch):
    monkeypatch.setenv("DIWI_SECRET_KEY", "app-key")
    old = sealing.seal(SECRET)
    monkeypatch.setenv("DIWI_ZGW_SECRET_KEY", sealing.Fernet.generate_key().decode())
    new = sealing.seal(SECRET)
    assert sealing.unseal(old) == sealing.unseal(new) == SECRET
    monkeypatch.delenv("DIWI_ZGW_SECRET_KEY")
    with pytest.raises(sealing.UnreadableSecret):
        sealing.unseal(new)
