"""A local ZGW test server: Zaken API 1.5, Catalogi resultaattypen and Notificaties API shapes."""

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any
from typing import Self

import jwt
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

LOGGER = logging.getLogger(__name__)
ZAKEN = "/zaken/api/v1"
NOTIFICATIES = "/notificaties/api/v1"
CATALOGI = "/catalogi/api/v1"
CRS = "EPSG:4326"
PAGE_SIZE = 100
ZAAK_RE = re.compile(rf"^{ZAKEN}/zaken/([0-9a-f-]{{36}})$")
STATUS_RE = re.compile(rf"^{ZAKEN}/statussen/([0-9a-f-]{{36}})$")
RESULTAAT_RE = re.compile(rf"^{ZAKEN}/resultaten/([0-9a-f-]{{36}})$")
OBJECT_RE = re.compile(rf"^{ZAKEN}/zaakobjecten/([0-9a-f-]{{36}})$")
ABONNEMENT_RE = re.compile(rf"^{NOTIFICATIES}/abonnement/([0-9a-f-]{{36}})$")
RESULTAATTYPE_RE = re.compile(rf"^{CATALOGI}/resultaattypen/([0-9a-f-]{{36}})$")


def client_token(client_id: str, secret: str, lifetime_s: int = 300) -> str:
    """A ZGW client JWT (HS256, client_id + shared secret, short expiry)."""
    now = int(time.time())
    claims = {"iss": client_id, "client_id": client_id, "iat": now, "exp": now + lifetime_s}
    return jwt.encode(claims, secret, algorithm="HS256")


def _json(body: Any, status: int = 200, crs: bool = False) -> Response:
    response = Response(json.dumps(body), status=status, mimetype="application/json")
    if crs:
        response.headers["Content-Crs"] = CRS
    return response


def _problem(status: int, code: str, detail: str) -> Response:
    body = {"type": code, "code": code, "title": detail, "status": status, "detail": detail}
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


class ZgwServer:
    """Zaken + Notificaties API on one port: add zaken, publish notificaties, inject faults."""

    def __init__(
        self,
        clients: dict[str, str],
        host: str = "127.0.0.1",
        port: int = 0,
        backoff_s: float = 0.2,
    ) -> None:
        self.clients = dict(clients)  # client_id -> shared secret
        self.backoff_s = backoff_s
        self.max_tries = 5
        self.zaken: dict[str, dict] = {}
        self.zaakobjecten: list[dict] = []
        self.statussen: dict[str, dict] = {}
        self.resultaten: dict[str, dict] = {}
        self.resultaattypen: dict[str, dict] = {}
        self.abonnementen: list[dict] = []
        self.deliveries: list[dict] = []  # every notificatie POST: url, status, try
        self.requests: list[tuple[str, str]] = []
        self.failures = 0  # the next n Zaken API requests answer 503
        self.write_failures = 0  # the next n zaakobject POSTs answer 503
        self._lock = threading.Lock()
        self._server = make_server(host, port, self.wsgi, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> Self:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def zaken_url(self) -> str:
        return self.url + ZAKEN

    @property
    def notificaties_url(self) -> str:
        return self.url + NOTIFICATIES

    @property
    def catalogi_url(self) -> str:
        return self.url + CATALOGI

    # -- test data
    def add_zaak(
        self,
        zaaktype: str,
        startdatum: date,
        geometry: dict | None = None,
        parcels: Iterable[str] = (),
        einddatum: date | None = None,
        bronorganisatie: str = "001234567",
    ) -> dict:
        """A zaak with kadastrale_onroerende_zaak objects ('APD01 K 1201') and a status."""
        zaak_id = str(uuid.uuid4())
        url = f"{self.zaken_url}/zaken/{zaak_id}"
        status_id = str(uuid.uuid4())
        status_url = f"{self.zaken_url}/statussen/{status_id}"
        zaak = {
            "url": url,
            "uuid": zaak_id,
            "identificatie": f"ZAAK-{len(self.zaken) + 1:05d}",
            "bronorganisatie": bronorganisatie,
            "zaaktype": zaaktype,
            "registratiedatum": startdatum.isoformat(),
            "startdatum": startdatum.isoformat(),
            "einddatum": einddatum.isoformat() if einddatum else None,
            "vertrouwelijkheidaanduiding": "openbaar",
            "zaakgeometrie": geometry,
            "status": status_url,
            "resultaat": None,
            "zaakobjecten": [],
        }
        self.statussen[status_id] = {
            "url": status_url,
            "uuid": status_id,
            "zaak": url,
            "statustype": f"{self.url}/catalogi/api/v1/statustypen/ontvangen",
            "datumStatusGezet": f"{startdatum.isoformat()}T09:00:00Z",
            "indicatieLaatstGezetteStatus": True,
        }
        with self._lock:
            self.zaken[zaak_id] = zaak
            for parcel in parcels:
                self._add_object(zaak, "kadastrale_onroerende_zaak", parcel)
            self._add_object(zaak, "overige", "DIWI-woningbouwproject")
        return zaak

    def _add_object(self, zaak: dict, object_type: str, designation: str) -> None:
        object_id = str(uuid.uuid4())
        url = f"{self.zaken_url}/zaakobjecten/{object_id}"
        item: dict[str, Any] = {"url": url, "uuid": object_id, "zaak": zaak["url"]}
        item |= {"object": "", "objectType": object_type, "relatieomschrijving": ""}
        if object_type == "kadastrale_onroerende_zaak":
            item["objectIdentificatie"] = {"kadastraleAanduiding": designation}
        else:
            item["objectTypeOverige"] = designation
            item["objectIdentificatie"] = {"overigeData": {"naam": designation}}
        self.zaakobjecten.append(item)
        zaak["zaakobjecten"].append(url)

    def add_resultaattype(self, omschrijving: str, generiek: str | None = None) -> dict:
        """A Catalogi API resultaattype (omschrijving, omschrijvingGeneriek)."""
        type_id = str(uuid.uuid4())
        item = {
            "url": f"{self.catalogi_url}/resultaattypen/{type_id}",
            "uuid": type_id,
            "omschrijving": omschrijving,
            "omschrijvingGeneriek": generiek or omschrijving,
            "resultaattypeomschrijving": "",
            "selectielijstklasse": "",
        }
        with self._lock:
            self.resultaattypen[type_id] = item
        return item

    def close_zaak(self, zaak: dict, einddatum: date, resultaattype: dict | None = None) -> None:
        """Give the zaak an end date and a resultaat of the resultaattype (default "Verleend")."""
        resultaattype = resultaattype or self.add_resultaattype("Verleend", "Toegekend")
        result_id = str(uuid.uuid4())
        resultaat = {
            "url": f"{self.zaken_url}/resultaten/{result_id}",
            "uuid": result_id,
            "zaak": zaak["url"],
            "resultaattype": resultaattype["url"],
            "toelichting": "",
        }
        with self._lock:
            self.resultaten[result_id] = resultaat
            zaak["einddatum"] = einddatum.isoformat()
            zaak["resultaat"] = resultaat["url"]

    # -- publishing
    def publish(self, zaak: dict, actie: str = "create", resource: str = "zaak") -> list[int]:
        """Send a zaken notificatie to every matching abonnement; returns the final status codes."""
        message = {
            "kanaal": "zaken",
            "hoofdObject": zaak["url"],
            "resource": resource,
            "resourceUrl": zaak["url"] if resource == "zaak" else zaak["status"],
            "actie": actie,
            "aanmaakdatum": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "kenmerken": {
                "bronorganisatie": zaak["bronorganisatie"],
                "zaaktype": zaak["zaaktype"],
                "vertrouwelijkheidaanduiding": zaak["vertrouwelijkheidaanduiding"],
            },
        }
        return [self._deliver(a, message) for a in self.abonnementen if _matches(a, message)]

    def _deliver(self, abonnement: dict, message: dict) -> int:
        """POST with the abonnement's auth header; retry with backoff until 2xx or max_tries."""
        status = 0
        for attempt in range(1, self.max_tries + 1):
            try:
                response = requests.post(
                    abonnement["callbackUrl"],
                    json=message,
                    headers={"Authorization": abonnement["auth"]},
                    timeout=10,
                )
                status = response.status_code
            except requests.RequestException:
                status = 0
            self.deliveries.append(
                {"url": abonnement["callbackUrl"], "status": status, "try": attempt}
            )
            if 200 <= status < 300:
                return status
            time.sleep(self.backoff_s * 2 ** (attempt - 1))
        return status

    # -- WSGI
    def wsgi(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        self.requests.append((request.method, request.full_path))
        return self.dispatch(request)(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        denied = self._check_jwt(request)
        if denied is not None:
            return denied
        path = request.path.rstrip("/")
        if path.startswith(NOTIFICATIES):
            return self._notificaties(request, path)
        if path.startswith(ZAKEN):
            return self._zaken(request, path)
        if match := RESULTAATTYPE_RE.match(path):
            item = self.resultaattypen.get(match.group(1))
            return _json(item) if item else _problem(404, "not_found", "Onbekend resultaattype.")
        return _problem(404, "not_found", f"niets op {path}")

    def _check_jwt(self, request: Request) -> Response | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _problem(401, "not_authenticated", "Authenticatiegegevens zijn niet opgegeven.")
        token = header.removeprefix("Bearer ").strip()
        try:
            client_id = jwt.decode(token, options={"verify_signature": False}).get("client_id")
            secret = self.clients.get(str(client_id))
            if secret is None:
                raise jwt.InvalidTokenError("unknown client")
            jwt.decode(token, secret, algorithms=["HS256"])
        except jwt.PyJWTError as err:
            return _problem(403, "permission_denied", f"Ongeldige JWT: {err}")
        return None

    def _zaken(self, request: Request, path: str) -> Response:
        if request.headers.get("Accept-Crs") != CRS:
            return _problem(412, "precondition_failed", "Accept-Crs moet EPSG:4326 zijn.")
        if request.method in ("POST", "PUT", "PATCH") and request.headers.get("Content-Crs") != CRS:
            return _problem(412, "precondition_failed", "Content-Crs moet EPSG:4326 zijn.")
        with self._lock:
            if self.failures > 0:
                self.failures -= 1
                return _problem(503, "unavailable", "Tijdelijk niet beschikbaar.")
        if path == f"{ZAKEN}/zaken":
            return self._page(request, list(self.zaken.values()))
        if path.startswith(f"{ZAKEN}/zaakobjecten"):
            return self._objects(request, path)
        if match := ZAAK_RE.match(path):
            zaak = self.zaken.get(match.group(1))
            return (
                _json(zaak, crs=True) if zaak else _problem(404, "not_found", "Zaak niet gevonden.")
            )
        if match := STATUS_RE.match(path):
            status = self.statussen.get(match.group(1))
            return _json(status, crs=True) if status else _problem(404, "not_found", "Onbekend.")
        if match := RESULTAAT_RE.match(path):
            found = self.resultaten.get(match.group(1))
            return _json(found, crs=True) if found else _problem(404, "not_found", "Onbekend.")
        return _problem(404, "not_found", f"niets op {path}")

    def _objects(self, request: Request, path: str) -> Response:
        """GET (filtered on ?zaak=), POST and DELETE of zaakobjecten."""
        if path == f"{ZAKEN}/zaakobjecten" and request.method == "POST":
            return self._create_object(request)
        if (match := OBJECT_RE.match(path)) and request.method == "DELETE":
            return self._delete_object(match.group(1))
        if path == f"{ZAKEN}/zaakobjecten":
            zaak = request.args.get("zaak")
            items = [o for o in self.zaakobjecten if zaak is None or o["zaak"] == zaak]
            return self._page(request, items)
        return _problem(404, "not_found", f"niets op {path}")

    def _create_object(self, request: Request) -> Response:
        """POST /zaakobjecten: a zaakobject on a known zaak (overige needs objectTypeOverige)."""
        with self._lock:
            if self.write_failures > 0:
                self.write_failures -= 1
                return _problem(503, "unavailable", "Tijdelijk niet beschikbaar.")
        body = request.get_json(silent=True) or {}
        zaak = next((z for z in self.zaken.values() if z["url"] == body.get("zaak")), None)
        if zaak is None or not body.get("objectType"):
            return _problem(400, "invalid", "zaak (bestaand) en objectType zijn verplicht.")
        if body["objectType"] == "overige" and not body.get("objectTypeOverige"):
            return _problem(400, "invalid", "objectTypeOverige is verplicht bij overige.")
        object_id = str(uuid.uuid4())
        item = {**body, "url": f"{self.zaken_url}/zaakobjecten/{object_id}", "uuid": object_id}
        with self._lock:
            self.zaakobjecten.append(item)
            zaak["zaakobjecten"].append(item["url"])
        return _json(item, status=201, crs=True)

    def _delete_object(self, object_id: str) -> Response:
        """DELETE /zaakobjecten/<uuid>: 204 and the zaakobject is gone from its zaak."""
        with self._lock:
            item = next((o for o in self.zaakobjecten if o["uuid"] == object_id), None)
            if item is None:
                return _problem(404, "not_found", "Zaakobject niet gevonden.")
            self.zaakobjecten.remove(item)
            for zaak in self.zaken.values():
                if item["url"] in zaak["zaakobjecten"]:
                    zaak["zaakobjecten"].remove(item["url"])
        return Response(status=204)

    def _page(self, request: Request, items: list[dict]) -> Response:
        """A paged list {count, next, previous, results} with ?page=n (1-based)."""
        page = max(1, int(request.args.get("page", "1") or 1))
        size = int(request.args.get("pageSize", PAGE_SIZE) or PAGE_SIZE)
        start = (page - 1) * size
        base = (
            request.base_url
            + "?"
            + "&".join(f"{k}={v}" for k, v in request.args.items() if k != "page")
        )

        def link(n: int) -> str:
            return f"{base}&page={n}".replace("?&", "?")

        body = {
            "count": len(items),
            "next": link(page + 1) if start + size < len(items) else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": items[start : start + size],
        }
        return _json(body, crs=True)

    def _notificaties(self, request: Request, path: str) -> Response:
        if path == f"{NOTIFICATIES}/kanaal":
            return _json(
                [
                    {
                        "url": f"{self.notificaties_url}/kanaal/zaken",
                        "naam": "zaken",
                        "documentatieLink": "https://vng.nl",
                        "filters": ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"],
                    }
                ]
            )
        if path == f"{NOTIFICATIES}/abonnement" and request.method == "POST":
            body = request.get_json(silent=True) or {}
            if not body.get("callbackUrl") or not body.get("auth") or not body.get("kanalen"):
                return _problem(400, "invalid", "callbackUrl, auth en kanalen zijn verplicht.")
            abonnement = {"url": f"{self.notificaties_url}/abonnement/{uuid.uuid4()}", **body}
            self.abonnementen.append(abonnement)
            return _json(abonnement, status=201)
        if path == f"{NOTIFICATIES}/abonnement":
            return _json(self.abonnementen)
        if (match := ABONNEMENT_RE.match(path)) and request.method == "DELETE":
            with self._lock:
                url = f"{self.notificaties_url}/abonnement/{match.group(1)}"
                found = [a for a in self.abonnementen if a["url"] == url]
                self.abonnementen = [a for a in self.abonnementen if a["url"] != url]
            if not found:
                return _problem(404, "not_found", "Abonnement niet gevonden.")
            return Response(status=204)
        return _problem(404, "not_found", f"niets op {path}")


def _matches(abonnement: dict, message: dict) -> bool:
    """An abonnement takes a notificatie when a kanaal has its name and every filter matches."""
    for kanaal in abonnement.get("kanalen", []):
        if kanaal.get("naam") != message["kanaal"]:
            continue
        filters = kanaal.get("filters") or {}
        if all(v in ("*", message["kenmerken"].get(k)) for k, v in filters.items()):
            return True
    return False
