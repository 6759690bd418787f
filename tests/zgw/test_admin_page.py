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
