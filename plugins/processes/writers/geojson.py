"""GeoJSON FeatureCollection writer (Zuid-Holland): EPSG:28992 with the legacy crs member."""

import json
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

from shapely.geometry import mapping

from plugins.processes.writers import Table

CRS_28992 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}


def _plain(value: Any) -> Any:
    """Dates as ISO text, nested rows and lists element by element."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def feature_collection(table: Table, metadata: dict | None = None) -> dict[str, Any]:
    """The table as a FeatureCollection dict: properties in field order, geometry per row."""
    geometries = table.geometries or [None] * len(table.rows)
    features = []
    for row, geometry in zip(table.rows, geometries, strict=True):
        properties = {f.name: _plain(row.get(f.name)) for f in table.fields}
        features.append(
            {
                "type": "Feature",
                "geometry": None if geometry is None else mapping(geometry),
                "properties": properties,
            }
        )
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "name": table.name,
        "crs": CRS_28992,
        "features": features,
    }
    if metadata:
        collection["diwi_metadata"] = _plain(metadata)
    return collection


def write(tables: list[Table], work_dir: Path, metadata: dict | None = None) -> bytes:
    """The first table as GeoJSON (nested tables are already inside its rows); UTF-8 bytes."""
    del work_dir  # everything fits in memory
    document = feature_collection(tables[0], metadata)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
