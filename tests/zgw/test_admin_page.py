"""/beheer/zgw: the municipality admin sets up the zaak system, the mapping and subscribes."""

import psycopg
import pytest

from ingest.localserver.zgw import ZgwServer
from manage.demo_accounts import DEMO_PASSWORD
from tests.fixtures.app import CSRF_RE
from tests.zgw.conftest import APPLIED
from tests.zgw.conftest import CLIENT_ID
from tests.zgw.conftest import SECRET
from tests.zgw.conftest import ZAAKTYPE

pytestmark = pytest.mark.db

ADMIN = "beheerder@demo.diwi.nl"
USER_PLUS = "hoofdgebruiker@demo.diwi.nl"


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    """These tests are about the ZGW page; two-factor sign-in has its own tests."""
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


def post(client, path: str, data: dict):
    token = CSRF_RE.search(client.get("/beheer/zgw").get_data(as_text=True)).group(1)
    return client.post(path, data={**data, "csrf_token": token})


def test_admin_configures_maps_and_subscribes(client, auth, demo_municipality, owner_url):
    auth.login(ADMIN, DEMO_PASSWORD)
    with ZgwServer({CLIENT_ID: SECRET}) as server:
        saved = post(
            client,
            "/beheer/zgw",
            {
                "zaken_url": server.zaken_url,
                "notificaties_url": server.notificaties_url,
                "client_id": CLIENT_ID,
                "secret": SECRET,
            },
        )
        assert saved.status_code == 302
        mapped = post(
            client,
            "/beheer/zgw/koppelingen",
            {
                "zaaktype": ZAAKTYPE,
                "moment": "start",
                "description": APPLIED,
                "status": "realised",
            },
        )
        assert mapped.status_code == 302
        assert post(client, "/beheer/zgw/abonneren", {}).status_code == 302

        [abonnement] = server.abonnementen
        assert abonnement["callbackUrl"].endswith("/zgw/notificaties")
        assert abonnement["kanalen"] == [{"naam": "zaken", "filters": {"zaaktype": ZAAKTYPE}}]
        page = client.get("/beheer/zgw").get_data(as_text=True)
    assert "Geabonneerd sinds" in page and APPLIED in page and SECRET not in page
    # the token in the abonnement is the one the receiver accepts
    client.post("/logout", data={"csrf_token": CSRF_RE.search(page).group(1)})
    message = {
        "kanaal": "zaken",
        "hoofdObject": server.zaken_url + "/zaken/x",
        "resource": "zaak",
        "resourceUrl": server.zaken_url + "/zaken/x",
        "actie": "create",
        "aanmaakdatum": "2026-03-01T09:00:00Z",
    }
    answer = client.post(
        "/zgw/notificaties", json=message, headers={"Authorization": abonnement["auth"]}
    )
    assert answer.status_code == 204
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.zgw_notification WHERE municipality_code = 'GM0200'")
        conn.execute("UPDATE plan.zgw_config SET receive_token_sha256 = NULL")


def test_only_admins_reach_the_page(client, auth, demo_municipality):
    assert client.get("/beheer/zgw").status_code in (302, 401)
    auth.login(USER_PLUS, DEMO_PASSWORD)
    assert client.get("/beheer/zgw").status_code == 403


def test_admin_maps_outcomes_to_end_statuses(client, auth, demo_municipality):
    auth.login(ADMIN, DEMO_PASSWORD)
    token = CSRF_RE.search(client.get("/beheer/zgw").get_data(as_text=True)).group(1)
    outcome = {"outcome-csrf_token": token, "outcome-omschrijving": "Geweigerd (test)"}

    added = client.post("/beheer/zgw/resultaten", data=outcome | {"outcome-status": "aborted"})
    assert added.status_code == 302
    twice = client.post(
        "/beheer/zgw/resultaten",
        data=outcome | {"outcome-omschrijving": "geweigerd (TEST)", "outcome-status": "realised"},
    )
    assert twice.status_code == 400
    assert "Voor dit resultaat is al een status ingesteld." in twice.get_data(as_text=True)

    page = client.get("/beheer/zgw").get_data(as_text=True)
    row = page.split('id="zgw-outcomes"')[1].split("</table>")[0]
    assert "Geweigerd (test)" in row and "Afgebroken" in row
    delete = row.split('action="')[1].split('"')[0]
    assert client.post(delete, data={"csrf_token": token}).status_code == 302
    assert "Geweigerd (test)" not in client.get("/beheer/zgw").get_data(as_text=True)


def notify(client, server: ZgwServer, auth_header: str) -> int:
    """The receiver's answer to a notificatie carrying this Authorization header."""
    url = server.zaken_url + "/zaken/y"
    message = {"kanaal": "zaken", "hoofdObject": url, "resource": "zaak", "resourceUrl": url}
    message |= {"actie": "update", "aanmaakdatum": "2026-03-02T09:00:00Z"}
    answer = client.post("/zgw/notificaties", json=message, headers={"Authorization": auth_header})
    return answer.status_code


def forget_subscription(owner_url: str) -> None:
    """Leave GM0200 without inbox or receive token for the other tests."""
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.zgw_notification WHERE municipality_code = 'GM0200'")
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = NULL, abonnement_url = NULL"
        )


def test_a_new_abonnement_replaces_the_previous_one(client, auth, demo_municipality, owner_url):
    auth.login(ADMIN, DEMO_PASSWORD)
    with ZgwServer({CLIENT_ID: SECRET}) as first, ZgwServer({CLIENT_ID: SECRET}) as second:
        settings = {"zaken_url": first.zaken_url, "notificaties_url": first.notificaties_url}
        settings |= {"client_id": CLIENT_ID, "secret": SECRET}
        assert post(client, "/beheer/zgw", settings).status_code == 302
        assert post(client, "/beheer/zgw/abonneren", {}).status_code == 302
        [old] = first.abonnementen

        # subscribing again: a new abonnement, the old one deleted, its token refused
        assert post(client, "/beheer/zgw/abonneren", {}).status_code == 302
        [renewed] = first.abonnementen
        assert renewed["url"] != old["url"]
        assert ("DELETE", old["url"].removeprefix(first.url) + "?") in first.requests
        assert notify(client, first, old["auth"]) == 403

        # another Notificaties API: the abonnement moves there, the old one is deleted
        settings["notificaties_url"] = second.notificaties_url
        assert post(client, "/beheer/zgw", settings).status_code == 302
        assert first.abonnementen == []
        [moved] = second.abonnementen
        assert moved["callbackUrl"] == renewed["callbackUrl"]
        assert notify(client, first, renewed["auth"]) == 403
        assert notify(client, second, moved["auth"]) == 204
        with psycopg.connect(owner_url) as conn:
            stored = conn.execute(
                "SELECT abonnement_url FROM plan.zgw_config WHERE municipality_code = 'GM0200'"
            ).fetchone()[0]
        assert stored == moved["url"]
    forget_subscription(owner_url)


def test_a_failing_abonnement_delete_is_shown_and_logged(
    client, auth, demo_municipality, owner_url, caplog
):
    auth.login(ADMIN, DEMO_PASSWORD)
    with ZgwServer({CLIENT_ID: SECRET}) as server:
        settings = {"zaken_url": server.zaken_url, "notificaties_url": server.notificaties_url}
        settings |= {"client_id": CLIENT_ID, "secret": SECRET}
        assert post(client, "/beheer/zgw", settings).status_code == 302
        server.clients[CLIENT_ID] = "another-secret-so-every-call-is-refused"
        assert post(client, "/beheer/zgw/abonneren", {}).status_code == 302
        page = client.get("/beheer/zgw").get_data(as_text=True)
        assert "Abonneren is mislukt: Notificaties API antwoordde 403" in page
        server.clients[CLIENT_ID] = SECRET
        assert post(client, "/beheer/zgw/abonneren", {}).status_code == 302
        [old] = server.abonnementen
    # the old zaak system is gone: the abonnement moves, its deletion fails visibly
    with ZgwServer({CLIENT_ID: SECRET}) as replacement:
        settings["notificaties_url"] = replacement.notificaties_url
        assert post(client, "/beheer/zgw", settings).status_code == 302
        page = client.get("/beheer/zgw").get_data(as_text=True)
        [new] = replacement.abonnementen
        assert notify(client, replacement, new["auth"]) == 204
    assert "Het vorige abonnement kon niet worden opgezegd (Notificaties API niet" in page
    assert old["url"] in page and "Geabonneerd op het kanaal zaken." in page
    assert notify(client, replacement, old["auth"]) == 403
    assert any(old["url"] in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    forget_subscription(owner_url)
