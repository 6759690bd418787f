"""The local ZGW server behaves like the Zaken and Notificaties APIs DIWI relies on."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import requests

from ingest.localserver.zgw import client_token
from tests.zgw.conftest import CLIENT_ID
from tests.zgw.conftest import SECRET
from tests.zgw.conftest import ZAAKTYPE


def test_zaken_api_checks_the_jwt_and_the_crs_headers(zgw_server):
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 3, 1), parcels=["APD01 K 1201"])
    url = zgw_server.zaken_url + "/zaken"
    good = {"Authorization": f"Bearer {client_token(CLIENT_ID, SECRET)}"}

    assert requests.get(url, timeout=5).status_code == 401
    forged = {
        "Authorization": f"Bearer {client_token(CLIENT_ID, 'a-wrong-secret-of-at-least-32-bytes')}"
    }
    assert (
        requests.get(url, headers=forged | {"Accept-Crs": "EPSG:4326"}, timeout=5).status_code
        == 403
    )
    assert requests.get(url, headers=good, timeout=5).status_code == 412
    assert (
        requests.get(url, headers=good | {"Accept-Crs": "EPSG:28992"}, timeout=5).status_code == 412
    )

    headers = good | {"Accept-Crs": "EPSG:4326"}
    page = requests.get(url, headers=headers, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Crs"] == "EPSG:4326"
    assert page.json()["count"] == 1 and page.json()["results"][0]["url"] == zaak["url"]
    objects = requests.get(
        zgw_server.zaken_url + "/zaakobjecten",
        params={"zaak": zaak["url"]},
        headers=headers,
        timeout=5,
    ).json()
    kinds = {o["objectType"] for o in objects["results"]}
    assert kinds == {"kadastrale_onroerende_zaak", "overige"}
    status = requests.get(zaak["status"], headers=headers, timeout=5).json()
    assert status["zaak"] == zaak["url"]


def test_lists_are_paged_with_next_links(zgw_server):
    for day in range(1, 4):
        zgw_server.add_zaak(ZAAKTYPE, date(2026, 3, day))
    headers = {
        "Authorization": f"Bearer {client_token(CLIENT_ID, SECRET)}",
        "Accept-Crs": "EPSG:4326",
    }
    first = requests.get(
        zgw_server.zaken_url + "/zaken?pageSize=2", headers=headers, timeout=5
    ).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = requests.get(first["next"], headers=headers, timeout=5).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]


class FlakyReceiver:
    """A real HTTP receiver that answers 500 first, then 204, recording the requests."""

    def __init__(self, failures: int) -> None:
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"auth": self.headers.get("Authorization"), "body": body})
                self.send_response(500 if len(receiver.requests) <= failures else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_notificaties_go_to_matching_abonnementen_with_auth_and_retries(zgw_server):
    receiver = FlakyReceiver(failures=2)
    headers = {"Authorization": f"Bearer {client_token(CLIENT_ID, SECRET)}"}
    abonnement = {
        "callbackUrl": receiver.url,
        "auth": "Bearer diwi-token",
        "kanalen": [{"naam": "zaken", "filters": {"zaaktype": ZAAKTYPE}}],
    }
    created = requests.post(
        zgw_server.notificaties_url + "/abonnement", json=abonnement, headers=headers, timeout=5
    )
    assert created.status_code == 201 and created.json()["url"]
    try:
        other = zgw_server.add_zaak(ZAAKTYPE + "-sloop", date(2026, 3, 1))
        assert zgw_server.publish(other) == []  # filtered out by zaaktype

        zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 3, 1))
        assert zgw_server.publish(zaak) == [204]
        assert [d["status"] for d in zgw_server.deliveries] == [500, 500, 204]
        message = json.loads(receiver.requests[-1]["body"])
        assert receiver.requests[-1]["auth"] == "Bearer diwi-token"
        assert message["kanaal"] == "zaken" and message["hoofdObject"] == zaak["url"]
        assert message["actie"] == "create" and message["kenmerken"]["zaaktype"] == ZAAKTYPE
        assert set(message) == {
            "kanaal",
            "hoofdObject",
            "resource",
            "resourceUrl",
            "actie",
            "aanmaakdatum",
            "kenmerken",
        }
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
