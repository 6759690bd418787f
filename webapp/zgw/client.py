"""ZGW client: HS256 client JWTs, EPSG:4326 headers, paged lists, only the configured APIs."""

import time

import jwt
import requests

from webapp.zgw import sealing

CRS = "EPSG:4326"
TIMEOUT_S = 10.0
MAX_PAGES = 50
API_NAMES = {"zaken_url": "Zaken API", "notificaties_url": "Notificaties API"}


class ZgwError(Exception):
    """The zaak system could not be reached or answered unexpectedly (the job is retried)."""


def client_token(client_id: str, secret: str, lifetime_s: int = 300) -> str:
    """A short-lived ZGW JWT (claims iss + client_id, signed HS256 with the shared secret)."""
    now = int(time.time())
    claims = {"iss": client_id, "client_id": client_id, "iat": now, "exp": now + lifetime_s}
    return jwt.encode(claims, secret, algorithm="HS256")


def headers(config: dict) -> dict[str, str]:
    """JWT and CRS headers; the secret may be stored sealed (webapp.zgw.sealing) or plain."""
    try:
        secret = sealing.unseal(config["secret"])
    except sealing.UnreadableSecret as err:
        raise ZgwError(str(err)) from err
    token = client_token(config["client_id"], secret)
    return {"Authorization": f"Bearer {token}", "Accept": "application/json", "Accept-Crs": CRS}


def under(base: str, url: str) -> bool:
    """True when url lies under the base URL (DIWI never follows a link to another host)."""
    return url.startswith(base.rstrip("/") + "/")


def get(config: dict, url: str, params: dict | None = None, base: str = "zaken_url") -> dict:
    """GET a resource of the configured Zaken (or other base) API as JSON; ZgwError otherwise."""
    if not config.get(base) or not under(config[base], url):
        raise ZgwError(f"{url} hoort niet bij de ingestelde API")
    try:
        response = requests.get(url, params=params, headers=headers(config), timeout=TIMEOUT_S)
    except requests.RequestException as err:
        raise ZgwError(f"Zaken API niet bereikbaar: {err}") from err
    if response.status_code != 200:
        raise ZgwError(f"Zaken API antwoordde {response.status_code} op {url}")
    if response.headers.get("Content-Crs", CRS) != CRS:
        raise ZgwError(f"Zaken API antwoordde in {response.headers['Content-Crs']}")
    return response.json()


def get_all(config: dict, url: str, params: dict) -> list[dict]:
    """Every result of a paged list {count, next, previous, results}."""
    page = get(config, url, params)
    results = list(page["results"])
    for _ in range(MAX_PAGES):
        if not page.get("next"):
            break
        page = get(config, page["next"])
        results += page["results"]
    return results


def fetch_zaak(config: dict, zaak_url: str) -> tuple[dict, list[dict]]:
    """The zaak and its zaakobjecten."""
    zaak = get(config, zaak_url)
    objects = get_all(config, config["zaken_url"].rstrip("/") + "/zaakobjecten", {"zaak": zaak_url})
    return zaak, objects


def fetch_outcome(config: dict, zaak: dict) -> dict | None:
    """The resultaattype of the zaak's resultaat ({omschrijving, omschrijvingGeneriek}), if any.

    Read only when a Catalogi API is configured and the resultaattype lies under it.
    """
    if not zaak.get("resultaat") or not config.get("catalogi_url"):
        return None
    resultaat = get(config, zaak["resultaat"])
    type_url = resultaat.get("resultaattype") or ""
    if not under(config["catalogi_url"], type_url):
        return None
    found = get(config, type_url, base="catalogi_url")
    return {k: found.get(k) or "" for k in ("omschrijving", "omschrijvingGeneriek")}


def write_back(config: dict, zaak_url: str, project_url: str, objects: list[dict]) -> str:
    """The URL of the zaakobject pointing to the DIWI project: found on the zaak, else POSTed."""
    for item in objects:
        if item.get("objectType") == "overige" and item.get("object") == project_url:
            return item["url"]
    body = {
        "zaak": zaak_url,
        "object": project_url,
        "objectType": "overige",
        "objectTypeOverige": "woningbouwproject",
        "relatieomschrijving": "Woningbouwproject in DIWI",
    }
    url = config["zaken_url"].rstrip("/") + "/zaakobjecten"
    sent = headers(config) | {"Content-Crs": CRS}
    try:
        response = requests.post(url, json=body, headers=sent, timeout=TIMEOUT_S)
    except requests.RequestException as err:
        raise ZgwError(f"Zaken API niet bereikbaar: {err}") from err
    if response.status_code != 201:
        raise ZgwError(f"Zaken API antwoordde {response.status_code} op het zaakobject")
    return response.json()["url"]


def delete(config: dict, url: str, base: str = "zaken_url") -> None:
    """DELETE a resource of the configured Zaken (or Notificaties) API; gone already is fine."""
    if not config.get(base) or not under(config[base], url):
        raise ZgwError(f"{url} hoort niet bij de ingestelde API")
    sent = {"Authorization": headers(config)["Authorization"], "Accept": "application/json"}
    if base == "zaken_url":
        sent |= {"Accept-Crs": CRS, "Content-Crs": CRS}
    try:
        response = requests.delete(url, headers=sent, timeout=TIMEOUT_S)
    except requests.RequestException as err:
        raise ZgwError(f"{API_NAMES[base]} niet bereikbaar: {err}") from err
    if response.status_code not in (200, 202, 204, 404):
        raise ZgwError(f"{API_NAMES[base]} antwoordde {response.status_code} op {url}")


def parcels(objects: list[dict]) -> list[str]:
    """Kadastrale aanduidingen of kadastrale_onroerende_zaak objects, as 'APD01 K 1201'."""
    found = []
    for item in objects:
        if item.get("objectType") != "kadastrale_onroerende_zaak":
            continue
        designation = (item.get("objectIdentificatie") or {}).get("kadastraleAanduiding") or ""
        found.append(" ".join(designation.upper().split()))
    return [p for p in found if p]


def subscribe(config: dict, callback_url: str, token: str, zaaktypen: list[str]) -> dict:
    """POST an abonnement on the zaken kanaal (one filter per mapped zaaktype, else any)."""
    kanalen = [{"naam": "zaken", "filters": {"zaaktype": z}} for z in zaaktypen]
    body = {
        "callbackUrl": callback_url,
        "auth": f"Bearer {token}",
        "kanalen": kanalen or [{"naam": "zaken", "filters": {}}],
    }
    url = config["notificaties_url"].rstrip("/") + "/abonnement"
    auth = {"Authorization": headers(config)["Authorization"], "Accept": "application/json"}
    try:
        response = requests.post(url, json=body, headers=auth, timeout=TIMEOUT_S)
    except requests.RequestException as err:
        raise ZgwError(f"Notificaties API niet bereikbaar: {err}") from err
    if response.status_code not in (200, 201):
        raise ZgwError(f"Notificaties API antwoordde {response.status_code}")
    return response.json()
