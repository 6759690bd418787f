"""MapServer WFS 2.0 (the Debian mapserv CGI) behind a small WSGI front, with PDOK's typenames."""

import logging
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ingest.localserver.control import StartResponse
from ingest.localserver.control import problem
from ingest.localserver.fixtures import WFS_PREFIXES

LOGGER = logging.getLogger(__name__)

MAPSERV_CANDIDATES = ("/usr/lib/cgi-bin/mapserv", "/usr/bin/mapserv")
DEFAULT_MAX_FEATURES = 1000
# source: (namespace prefix, namespace uri, [(layer, fixture file stem, geometry type, id item)])
WFS_SERVICES = {
    "bag": (
        "bag",
        "http://bag.geonovum.nl",
        [
            ("pand", "bag_pand", "POLYGON", "identificatie"),
            ("verblijfsobject", "bag_verblijfsobject", "POINT", "identificatie"),
        ],
    ),
    "brk": (
        "kadastralekaart",
        "http://kadastralekaart.geonovum.nl",
        [("Perceel", "kadastralekaart_perceel", "POLYGON", "identificatieLokaalID")],
    ),
}


def mapserv_path() -> str:
    """The mapserv CGI binary (Debian packages cgi-mapserver / mapserver-bin)."""
    for candidate in MAPSERV_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError(
        "mapserv not found: install the Debian packages mapserver-bin and cgi-mapserver"
    )


def _layer(name: str, data: Path, geometry: str, id_item: str, max_features: int) -> str:
    return f"""
  LAYER
    NAME "{name}"
    TYPE {geometry}
    STATUS ON
    CONNECTIONTYPE OGR
    CONNECTION "{data}"
    PROJECTION "init=epsg:28992" END
    METADATA
      "wfs_title" "{name}"
      "wfs_srs" "EPSG:28992 EPSG:4326 EPSG:3857 EPSG:4258"
      "wfs_extent" "193600 468600 194400 469400"
      "wfs_enable_request" "*"
      "wfs_getfeature_formatlist" "geojson"
      "wfs_maxfeatures" "{max_features}"
      "gml_include_items" "all"
      "gml_featureid" "{id_item}"
      "gml_types" "auto"
    END
  END"""


def write_mapfile(directory: Path, source: str, online_resource: str, max_features: int) -> Path:
    """Write the mapfile of one WFS (fixtures as GeoJSON in EPSG:28992, read through OGR)."""
    prefix, uri, layers = WFS_SERVICES[source]
    layer_text = "".join(
        _layer(name, directory / "wfs" / f"{stem}.geojson", geometry, id_item, max_features)
        for name, stem, geometry, id_item in layers
    )
    text = f"""MAP
  NAME "{prefix}"
  EXTENT 193600 468600 194400 469400
  UNITS METERS
  PROJECTION "init=epsg:28992" END
  OUTPUTFORMAT
    NAME "geojson"
    DRIVER "OGR/GEOJSON"
    MIMETYPE "application/json"
    FORMATOPTION "FORM=SIMPLE"
    FORMATOPTION "STORAGE=memory"
    FORMATOPTION "LCO:RFC7946=NO"
  END
  WEB
    METADATA
      "wfs_title" "{prefix} (lokaal)"
      "wfs_abstract" "Lokale WFS in de vorm van PDOK"
      "wfs_onlineresource" "{online_resource}?"
      "wfs_srs" "EPSG:28992 EPSG:4326 EPSG:3857 EPSG:4258"
      "wfs_enable_request" "*"
      "wfs_getfeature_formatlist" "geojson"
      "wfs_maxfeatures" "{max_features}"
      "wfs_namespace_prefix" "{prefix}"
      "wfs_namespace_uri" "{uri}"
    END
  END{layer_text}
END
"""
    path = directory / "mapserver" / f"{source}.map"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_config(directory: Path) -> Path:
    """MapServer 8 needs a config file; ours allows only our own mapfiles."""
    path = directory / "mapserver" / "mapserver.conf"
    path.parent.mkdir(parents=True, exist_ok=True)
    pattern = str(directory / "mapserver").replace("\\", "/")
    path.write_text(
        f'CONFIG\n  ENV\n    MS_MAP_PATTERN "^{pattern}/"\n  END\nEND\n', encoding="utf-8"
    )
    return path


def _parse_cgi(output: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    head, _, body = output.partition(b"\r\n\r\n")
    if not body and b"\n\n" in output:
        head, _, body = output.partition(b"\n\n")
    status, headers = "200 OK", []
    for line in head.decode("latin-1").splitlines():
        key, _, value = line.partition(":")
        if key.lower() == "status":
            status = value.strip()
        elif key:
            headers.append((key.strip(), value.strip()))
    return status, headers, body


class MapServerApp:
    """WSGI app running the mapserv CGI once per request for the WFS prefixes."""

    def __init__(
        self, directory: Path, host_url: str, max_features: int = DEFAULT_MAX_FEATURES
    ) -> None:
        self.directory = directory
        self.host_url = host_url
        self.binary = mapserv_path()
        self.config = write_config(directory)
        self.set_max_features(max_features)

    def set_max_features(self, max_features: int) -> None:
        self.mapfiles = {
            source: write_mapfile(self.directory, source, self.host_url + prefix, max_features)
            for source, prefix in WFS_PREFIXES.items()
        }

    def source_for(self, path: str) -> str | None:
        return next((s for s, prefix in WFS_PREFIXES.items() if path.rstrip("/") == prefix), None)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        source = self.source_for(path)
        if source is None:
            return problem(start_response, 404, f"no WFS at {path}")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "MAPSERVER_CONFIG_FILE": str(self.config),
            "MS_MAPFILE": str(self.mapfiles[source]),
            "GATEWAY_INTERFACE": "CGI/1.1",
            "REQUEST_METHOD": environ.get("REQUEST_METHOD", "GET"),
            "QUERY_STRING": environ.get("QUERY_STRING", ""),
            "CONTENT_TYPE": environ.get("CONTENT_TYPE", ""),
            "CONTENT_LENGTH": str(len(body)),
            "SERVER_NAME": environ.get("SERVER_NAME", "127.0.0.1"),
            "SERVER_PORT": str(environ.get("SERVER_PORT", "")),
            "SERVER_PROTOCOL": environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
            "SCRIPT_NAME": path,
            "HTTP_HOST": environ.get("HTTP_HOST", ""),
        }
        done = subprocess.run(
            [self.binary], input=body, env=env, capture_output=True, timeout=60, check=False
        )
        if done.returncode != 0 and not done.stdout:
            LOGGER.error("mapserv failed: %s", done.stderr.decode(errors="replace"))
            return problem(start_response, 500, "mapserv failed")
        status, headers, content = _parse_cgi(done.stdout)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(content))))
        start_response(status, headers)
        return [content]
