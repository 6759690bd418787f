"""Real pygeoapi apps per PDOK path prefix, behind a shim that answers like PDOK's GoKoala."""

import base64
import binascii
import json
import logging
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import yaml

from ingest.localserver.control import StartResponse
from ingest.localserver.control import WsgiApp
from ingest.localserver.control import problem
from ingest.localserver.fixtures import OGC_COLLECTIONS
from ingest.localserver.fixtures import OGC_PREFIXES
from ingest.localserver.fixtures import PLACEHOLDER_BASE

LOGGER = logging.getLogger(__name__)

CRS_PREFIX = "http://www.opengis.net/def/crs/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS_LIST = [
    CRS84,
    RD,
    "http://www.opengis.net/def/crs/EPSG/0/4258",
    "http://www.opengis.net/def/crs/EPSG/0/3857",
]
MAX_LIMIT = 1000
ITEMS_PARAMS = {
    "f",
    "limit",
    "cursor",
    "crs",
    "datetime",
    "bbox",
    "bbox-crs",
    "filter",
    "filter-crs",
    "profile",
}
ITEM_PARAMS = {"f", "crs", "profile"}
# Property filters configured per collection (GoKoala accepts only configured ones).
PROPERTY_FILTERS = {
    "perceel": [
        "identificatie_lokaal_id",
        "kadastrale_gemeente_code",
        "akr_kadastrale_gemeente_code_waarde",
        "sectie",
        "perceelnummer",
    ],
    "pand": ["identificatie"],
    "verblijfsobject": ["identificatie", "postcode"],
    "adres": ["identificatie", "postcode", "adresseerbaar_object_identificatie"],
    "wegdeel": ["lokaal_id"],
    "waterdeel": ["lokaal_id"],
    "begroeidterreindeel": ["lokaal_id"],
    "bomen": ["boom_id"],
}
_TITLES = {
    "bag": "BAG (lokaal)",
    "brk": "BRK Kadastrale Kaart (lokaal)",
    "bgt": "BGT (lokaal)",
    "bor": "BOR (lokaal)",
}


def pygeoapi_config(source: str, base_url: str, data_dir: Path) -> dict:
    """A pygeoapi 0.24 configuration for one PDOK API (GeoJSON files stored in EPSG:28992)."""
    resources = {}
    for name in OGC_COLLECTIONS[source]:
        resources[name] = {
            "type": "collection",
            "title": name,
            "description": f"{name} ({_TITLES[source]})",
            "keywords": [source, name],
            "extents": {"spatial": {"bbox": [5.93, 52.19, 5.96, 52.22], "crs": CRS84}},
            "providers": [
                {
                    "type": "feature",
                    "name": "GeoJSON",
                    "data": str(data_dir / "ogc" / source / f"{name}.geojson"),
                    "id_field": "id",
                    "storage_crs": RD,
                    "crs": CRS_LIST,
                }
            ],
        }
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": 0},
            "url": base_url + OGC_PREFIXES[source],
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["nl-NL"],
            "pretty_print": False,
            "limits": {"default_items": 10, "max_items": MAX_LIMIT, "on_exceed": "throttle"},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OSM"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": _TITLES[source],
                "description": "Lokale testserver in de vorm van PDOK",
                "keywords": [source],
                "keywords_type": "theme",
                "terms_of_service": "https://creativecommons.org/publicdomain/zero/1.0/",
                "url": "https://www.pdok.nl",
            },
            "license": {
                "name": "CC0 1.0",
                "url": "https://creativecommons.org/publicdomain/zero/1.0/",
            },
            "provider": {"name": "DIWI test", "url": "https://diwi.nl"},
            "contact": {"name": "DIWI", "position": "test", "email": "test@example.org"},
        },
        "resources": resources,
    }


def load_pygeoapi(base_url: str, data_dir: Path) -> dict[str, Any]:
    """Import pygeoapi (config read at import time) and build one API object per source."""
    conf_dir = data_dir / "pygeoapi"
    conf_dir.mkdir(parents=True, exist_ok=True)
    configs = {source: pygeoapi_config(source, base_url, data_dir) for source in OGC_PREFIXES}
    for source, config in configs.items():
        (conf_dir / f"{source}.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    stub = {"openapi": "3.0.2", "info": {"title": "lokaal", "version": "1"}, "paths": {}}
    (conf_dir / "openapi.json").write_text(json.dumps(stub), encoding="utf-8")
    os.environ["PYGEOAPI_CONFIG"] = str(conf_dir / "bag.yml")
    os.environ["PYGEOAPI_OPENAPI"] = str(conf_dir / "openapi.json")
    from pygeoapi.api import API

    return {source: API(config, json.dumps(stub)) for source, config in configs.items()}


def flask_app_for(api: Any, name: str) -> Any:
    """A Flask app that routes the OGC API Features endpoints to pygeoapi's own handlers."""
    import pygeoapi.api as core_api
    import pygeoapi.api.itemtypes as itemtypes_api
    from flask import Flask
    from flask import request
    from pygeoapi.flask_app import execute_from_flask

    app = Flask(f"registry_{name}")
    app.url_map.strict_slashes = False

    def run(function: Any, *args: Any, skip: bool = False) -> Any:
        return execute_from_flask(
            function, request, *args, skip_valid_check=skip, alternative_api=api
        )

    def items(collection_id: str, item_id: str | None = None) -> Any:
        if item_id is None:
            return run(itemtypes_api.get_collection_items, collection_id, skip=True)
        return run(itemtypes_api.get_collection_item, collection_id, item_id)

    app.add_url_rule("/", "landing", lambda: run(core_api.landing_page))
    app.add_url_rule("/conformance", "conformance", lambda: run(core_api.conformance))
    app.add_url_rule("/openapi", "openapi", lambda: run(core_api.openapi_))
    app.add_url_rule("/collections", "collections", lambda: run(core_api.describe_collections))
    app.add_url_rule(
        "/collections/<cid>", "collection", lambda cid: run(core_api.describe_collections, cid)
    )
    app.add_url_rule(
        "/collections/<cid>/queryables",
        "queryables",
        lambda cid: run(itemtypes_api.get_collection_queryables, cid),
    )
    app.add_url_rule(
        "/collections/<cid>/schema", "schema", lambda cid: run(core_api.get_collection_schema, cid)
    )
    app.add_url_rule("/collections/<collection_id>/items", "items", items)
    app.add_url_rule("/collections/<collection_id>/items/<item_id>", "item", items)
    return app


def encode_cursor(offset: int, checksum: int) -> str:
    raw = json.dumps({"o": offset, "c": checksum}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    """(offset, checksum) from an opaque cursor; ValueError when it is not one of ours."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return int(data["o"]), int(data["c"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise ValueError("invalid cursor") from exc


def filter_checksum(params: list[tuple[str, str]]) -> int:
    """Checksum over the parameters that may not change while paging (all but f and cursor)."""
    kept = sorted((k, v) for k, v in params if k not in ("f", "cursor"))
    return zlib.crc32(json.dumps(kept).encode())


class GoKoalaShim:
    """WSGI middleware giving a pygeoapi app PDOK GoKoala's request rules and response shape."""

    def __init__(self, app: WsgiApp, source: str) -> None:
        self.app = app
        self.source = source

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        parts = [p for p in environ.get("PATH_INFO", "").split("/") if p]
        params = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        is_items = len(parts) == 3 and parts[0] == "collections" and parts[2] == "items"
        is_item = len(parts) == 4 and parts[0] == "collections" and parts[2] == "items"
        try:
            if is_items:
                params = self._items_params(parts[1], params)
            else:
                self._check_params(params, ITEM_PARAMS if is_item else {"f"})
        except ValueError as exc:
            return problem(start_response, 400, str(exc))
        environ = dict(environ, QUERY_STRING=urlencode(params))
        return self._forward(environ, start_response, is_items)

    @staticmethod
    def _check_params(params: list[tuple[str, str]], allowed: set[str]) -> None:
        for key, value in params:
            if key not in allowed:
                raise ValueError(f"unknown query parameter(s) found: {key}")
            if key in ("crs", "bbox-crs", "filter-crs") and not value.strip().startswith(
                CRS_PREFIX
            ):
                raise ValueError(f"{key} param should start with {CRS_PREFIX}, got: {value}")
            if key == "profile" and value != "rel-as-link":
                raise ValueError(f"profile {value} is not supported, only supporting [rel-as-link]")

    def _items_params(
        self, collection: str, params: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """Validate an /items request like GoKoala and translate cursor/limit for pygeoapi."""
        self._check_params(params, ITEMS_PARAMS | set(PROPERTY_FILTERS.get(collection, [])))
        values = dict(params)
        if "filter" in values:
            raise ValueError("CQL filter param is currently not supported")
        if "datetime" in values:
            raise ValueError("datetime param is currently not supported for this collection")
        if "bbox-crs" in values and "bbox" not in values:
            raise ValueError("bbox-crs can't be used without bbox parameter")
        offset = 0
        if values.get("cursor"):
            offset, checksum = decode_cursor(values["cursor"])
            if checksum != filter_checksum(params):
                raise ValueError(
                    "cursor does not belong to these query parameters; follow the next link"
                )
        out = [(k, v) for k, v in params if k not in ("cursor", "profile", "limit")]
        if "limit" in values:
            try:
                limit = int(values["limit"])
            except ValueError:
                raise ValueError("limit must be numeric") from None
            if limit < 0:
                raise ValueError("limit can't be negative")
            out.append(("limit", str(min(limit, MAX_LIMIT))))
        if offset:
            out.append(("offset", str(offset)))
        return out

    def _forward(
        self, environ: dict, start_response: StartResponse, is_items: bool
    ) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status: str, headers: list, exc_info: Any = None) -> None:
            captured["status"], captured["headers"] = status, headers

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in ("content-length",)]
        content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "")
        host_url = (
            f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', environ['SERVER_NAME'])}"
        )
        if "json" in content_type and captured["status"].startswith("200"):
            body = self._rewrite(body, environ, is_items, host_url)
            if is_items or "/items/" in environ.get("PATH_INFO", ""):
                headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
                headers.append(("Content-Type", "application/geo+json"))
        elif "json" in content_type and captured["status"][0] in "45":
            return _as_problem(start_response, captured["status"], body)
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers)
        return [body]

    def _rewrite(self, body: bytes, environ: dict, is_items: bool, host_url: str) -> bytes:
        text = body.decode("utf-8").replace(PLACEHOLDER_BASE, host_url)
        if not is_items:
            return text.encode()
        document = json.loads(text)
        document.pop("numberMatched", None)
        params = parse_qsl(environ["QUERY_STRING"], keep_blank_values=True)
        checksum = filter_checksum([(k, v) for k, v in params if k != "offset"])
        for link in document.get("links", []):
            link["href"] = _cursor_href(link["href"], checksum)
        return json.dumps(document, ensure_ascii=False).encode()


def _cursor_href(href: str, checksum: int) -> str:
    """Replace pygeoapi's offset= with an opaque GoKoala-style cursor=."""
    parts = urlsplit(href)
    params = parse_qsl(parts.query, keep_blank_values=True)
    offset = next((int(v) for k, v in params if k == "offset"), None)
    params = [(k, v) for k, v in params if k != "offset"]
    if offset is not None:
        params.append(("cursor", encode_cursor(offset, checksum)))
    return urlunsplit(parts._replace(query=urlencode(params)))


def _as_problem(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    """pygeoapi's {code, description} error as a GoKoala problem document."""
    try:
        detail = str(json.loads(body).get("description", ""))
    except (ValueError, AttributeError):
        detail = body.decode("utf-8", errors="replace")
    return problem(start_response, int(status.split()[0]), detail)
