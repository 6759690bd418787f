"""POST /zgw/notificaties: authenticated by the abonnement's token, stored once, answered 204."""

import psycopg
import pytest

from tests.zgw.conftest import inbox
from webapp.zgw import queries

pytestmark = pytest.mark.db

MESSAGE = {
    "kanaal": "zaken",
    "hoofdObject": "http://zaken.example.nl/zaken/api/v1/zaken/0b9e6a7c-0000-4000-8000-000000000001",
    "resource": "zaak",
    "resourceUrl": "http://zaken.example.nl/zaken/api/v1/zaken/0b9e6a7c-0000-4000-8000-000000000001",
    "actie": "create",
    "aanmaakdatum": "2026-03-01T09:00:00Z",
    "kenmerken": {"zaaktype": "http://catalogi.example.nl/zaaktypen/1"},
}


@pytest.fixture
def token(owner_url, place) -> str:
    value = f"receive-token-{place['municipality']}"
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = %s WHERE municipality_code = %s",
            (queries.token_hash(value), place["municipality"]),
        )
    return value


def queued(owner_url: str) -> int:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM procrastinate.procrastinate_jobs WHERE queue_name = 'zgw' "
            "AND status = 'todo'"
        ).fetchone()[0]


def test_notificaties_need_the_abonnement_token(client, token, place, owner_url):
    assert client.post("/zgw/notificaties", json=MESSAGE).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.post("/zgw/notificaties", json=MESSAGE, headers=wrong).status_code == 403
    assert inbox(owner_url, place["municipality"]) == []


def test_the_same_notificatie_twice_is_stored_and_queued_once(client, token, place, owner_url):
    headers = {"Authorization": f"Bearer {token}"}
    before = queued(owner_url)

    first = client.post("/zgw/notificaties", json=MESSAGE, headers=headers)
    again = client.post("/zgw/notificaties", json=MESSAGE, headers=headers)

    assert (first.status_code, again.status_code) == (204, 204)
    rows = inbox(owner_url, place["municipality"])
    assert [r["state"] for r in rows] == ["received"]
    assert queued(owner_url) == before + 1
    later = client.post("/zgw/notificaties", json=MESSAGE | {"actie": "update"}, headers=headers)
    assert later.status_code == 204 and len(inbox(owner_url, place["municipality"])) == 2


def test_a_malformed_notificatie_is_refused(client, token):
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post("/zgw/notificaties", json={"kanaal": "zaken"}, headers=headers)
    assert response.status_code == 400
