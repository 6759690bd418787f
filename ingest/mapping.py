"""Feature to staged row: source property names matched to the target table's columns."""

import re
from typing import Any

import psycopg

from ingest.config import Collection
from ingest.http import PageError

COLUMNS_SQL = """
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = %s AND table_name = %s
      AND column_name NOT IN ('geometry', 'ingest_run_id', 'ingest_hash', 'ingested_at')
    ORDER BY ordinal_position
"""
CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def table_columns(conn: psycopg.Connection, table: str) -> dict[str, str]:
    """Source columns of a registry table (name -> information_schema data_type)."""
    schema, name = table.split(".", 1)
    rows = conn.execute(COLUMNS_SQL, (schema, name)).fetchall()
    if not rows:
        raise LookupError(f"table {table} not found or not readable")
    return dict(rows)


def snake(name: str) -> str:
    """identificatieLokaalID -> identificatie_lokaal_id, AKRGemeente -> akr_gemeente."""
    return CAMEL_RE.sub("_", name).replace(".", "_").replace("-", "_").lower()


def column_for(name: str, collection: Collection, columns: dict[str, str]) -> str | None:
    """The column a source property goes to: configured rename, same name, or its snake_case."""
    target = collection.rename.get(name, name)
    if target in columns:
        return target
    target = snake(target)
    return target if target in columns else None


def coerce(value: Any, data_type: str) -> Any:
    """Empty strings as NULL (MapServer writes NULL so); arrays for ARRAY columns; lists joined."""
    if value == "":
        return None
    if data_type == "ARRAY":
        if value is None or isinstance(value, list):
            return value
        parts = [part.strip() for part in str(value).split(",")]
        return parts if all(part.isdigit() for part in parts) else [str(value)]
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return value


def typed_properties(
    feature: dict, collection: Collection, columns: dict[str, str], feature_ids: bool
) -> dict:
    """Column -> value for a typed table (brk.perceel, bag.*); unknown properties are left out."""
    row: dict[str, Any] = {}
    for name, value in (feature.get("properties") or {}).items():
        column = column_for(name, collection, columns)
        if column is not None:
            row[column] = coerce(value, columns[column])
    if feature_ids and "feature_id" in columns and feature.get("id") is not None:
        row["feature_id"] = str(feature["id"])
    return row


def jsonb_properties(feature: dict, collection: Collection) -> dict:
    """Source properties (renamed, optionally only the configured ones) for jsonb tables."""
    props = {collection.rename.get(k, k): v for k, v in (feature.get("properties") or {}).items()}
    if collection.properties is not None:
        keep = {*collection.properties, collection.key}
        props = {k: v for k, v in props.items() if k in keep}
    return props


def staged_row(
    feature: dict, collection: Collection, columns: dict[str, str], feature_ids: bool, url: str
) -> tuple[str, dict]:
    """(source id, properties) of a feature; PageError when the feature has no source id."""
    if collection.group_column is None:
        props = typed_properties(feature, collection, columns, feature_ids)
    else:
        props = jsonb_properties(feature, collection)
    source_id = props.get(collection.key)
    if source_id in (None, "") and collection.key == "id":
        source_id = feature.get("id")
    if source_id in (None, ""):
        label = feature.get("id") or "zonder id"
        raise PageError(url, f"feature {label} heeft geen {collection.key}")
    return str(source_id), props
