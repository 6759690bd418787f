"""A fetched page of features: parsed and checked for the shape we rely on, or a PageError."""

import json
from dataclasses import dataclass
from typing import Any

from ingest.http import PageError
from ingest.http import short

GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)


@dataclass(frozen=True)
class Page:
    """The features of one page, where it came from and (OGC API) where the next one is."""

    url: str
    features: list[dict]
    next_url: str | None = None


def parse_json(body: bytes | str, url: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise PageError(url, f"geen geldige JSON ({exc}): {short(str(body[:200]))}") from exc


def checked_features(document: Any, url: str, require_id: bool) -> list[dict]:
    """The features of a GeoJSON FeatureCollection; PageError when it is not one."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise PageError(url, "geen GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise PageError(url, "FeatureCollection zonder lijst 'features'")
    for number, feature in enumerate(features, start=1):
        check_feature(feature, number, url, require_id)
    return features


def check_feature(feature: Any, number: int, url: str, require_id: bool) -> None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise PageError(url, f"object {number} is geen GeoJSON Feature")
    if require_id and feature.get("id") in (None, ""):
        raise PageError(url, f"feature {number} heeft geen id")
    if not valid_geometry(feature.get("geometry")):
        raise PageError(url, f"feature {feature.get('id') or number} heeft geen geldige geometrie")
    if not isinstance(feature.get("properties") or {}, dict):
        raise PageError(url, f"feature {feature.get('id') or number}: properties is geen object")


def valid_geometry(geometry: Any) -> bool:
    if not isinstance(geometry, dict):
        return False
    if geometry.get("type") == "GeometryCollection":
        parts = geometry.get("geometries")
        return isinstance(parts, list) and bool(parts) and all(map(valid_geometry, parts))
    return geometry.get("type") in GEOMETRY_TYPES and isinstance(geometry.get("coordinates"), list)


def next_link(document: dict) -> str | None:
    """The href of the rel=next link, if any."""
    for link in document.get("links") or ():
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return link["href"]
    return None
