"""Bulk files for data lakes: visible projects and houseblocks as GeoParquet or CSV, in chunks."""

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from functools import cache
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq
from pyproj import CRS

from webapp import db
from webapp.viewer import set_viewer

CHUNK_ROWS = 2000
SPOOL_BYTES = 32 * 1024 * 1024  # Parquet files up to this size stay in memory, larger go to disk
READ_BYTES = 1024 * 1024
ARROW_TYPES = {
    "text": pa.string(),
    "json": pa.string(),
    "int": pa.int32(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "list": pa.list_(pa.string()),
    "geometry": pa.binary(),
}


@dataclass(frozen=True)
class BulkColumn:
    """One column of a bulk file: English name (glossary), kind and what it holds."""

    name: str
    kind: str
    description: str


def cols(*specs: tuple[str, str, str]) -> tuple[BulkColumn, ...]:
    return tuple(BulkColumn(*spec) for spec in specs)


GEOMETRY = ("geometry", "geometry", "Plan area, MultiPolygon in EPSG:28992 (WKB; WKT in CSV)")
PROJECT_COMMON = (
    ("id", "text", "Project GUID"),
    ("municipal_id", "text", "The municipality's own project number"),
    ("name", "text", "Project name"),
    ("municipality_code", "text", "CBS municipality code (GM....)"),
    ("phase", "text", "Project phase code (concept ... aftercare)"),
    ("planning_status", "text", "Planning status 1A ... 5B"),
    ("plan_types", "list", "Plan type codes"),
    ("confidentiality_level", "text", "Confidentiality level code (private ... public)"),
    ("priority", "text", "Priority code (high, medium, low)"),
    ("municipality_roles", "list", "Municipality role codes"),
    ("district_codes", "list", "CBS district codes (WK...)"),
    ("neighbourhood_codes", "list", "CBS neighbourhood codes (BU...)"),
    ("colour", "text", "Map colour #RRGGBB"),
    ("area_source", "text", "Plan area source (drawn, imported, parcels)"),
    ("area_ha", "float", "Plan area in hectares"),
    ("custom_values", "json", "Custom property values keyed by property id (JSON)"),
)
HOUSEBLOCK_COMMON = (
    ("id", "text", "Houseblock GUID"),
    ("project_id", "text", "Project GUID"),
    ("name", "text", "Houseblock name"),
    ("mutation_kind", "text", "construction or demolition"),
    ("amount", "int", "Number of dwellings built or demolished"),
    ("delivery_earliest", "date", "Earliest delivery date"),
    ("delivery_latest", "date", "Latest delivery date"),
    ("size_min_m2", "float", "Dwelling size, lower bound (m2)"),
    ("size_max_m2", "float", "Dwelling size, upper bound (m2)"),
    ("programming", "bool", "Counts in the municipal housing programme"),
    ("owner_occupied", "int", "Owner-occupied dwellings"),
    ("private_rental", "int", "Private-rental dwellings"),
    ("social_rental", "int", "Social-rental dwellings"),
    ("single_family", "int", "Single-family dwellings"),
    ("multi_family", "int", "Multi-family dwellings"),
    ("custom_values", "json", "Custom property values keyed by property id (JSON)"),
)
AT_DATE = (("reference_date", "date", "The reference date (peildatum) the row describes"),)
HISTORY = (
    ("version_id", "text", "GUID of this version"),
    ("valid_from", "date", "First day the version is planned to hold (valid time)"),
    ("valid_to", "date", "Day the version stops holding (exclusive)"),
    ("recorded_at", "timestamp", "When the version was recorded (transaction time)"),
    ("superseded_at", "timestamp", "When a later record replaced it (empty: current)"),
    ("removed_at", "timestamp", "When the project or houseblock was removed (empty: not removed)"),
)
DATASETS = {
    ("projects", False): cols(
        *PROJECT_COMMON[:4],
        ("municipality_name", "text", "Municipality name"),
        ("province_code", "text", "CBS province code (PV..)"),
        ("region_code", "text", "Housing region code"),
        *PROJECT_COMMON[4:6],
        ("planning_status_hard", "bool", "Hard planning status (1A, 1B, 2A, 2B)"),
        ("counts_as_plan_capacity", "bool", "Counts as plan capacity (not 5A/5B)"),
        *PROJECT_COMMON[6:12],
        ("start_date", "date", "Project start"),
        ("end_date", "date", "Project end"),
        ("status", "text", "future, running or completed at the reference date"),
        ("construction_amount", "int", "Dwellings built (all houseblocks)"),
        ("demolition_amount", "int", "Dwellings demolished"),
        ("gross_plan_capacity", "int", "Gross plan capacity"),
        ("net_plan_capacity", "int", "Net plan capacity (construction - demolition)"),
        ("houseblock_count", "int", "Number of houseblocks"),
        *PROJECT_COMMON[12:],
        ("recorded_at", "timestamp", "When the version shown was recorded"),
        *AT_DATE,
        GEOMETRY,
    ),
    ("projects", True): cols(HISTORY[0], *PROJECT_COMMON, *HISTORY[1:], GEOMETRY),
    ("houseblocks", False): cols(
        *HOUSEBLOCK_COMMON[:5],
        ("start_date", "date", "Houseblock start"),
        ("end_date", "date", "Houseblock end"),
        *HOUSEBLOCK_COMMON[5:],
        ("municipality_code", "text", "CBS municipality code of the project"),
        ("recorded_at", "timestamp", "When the version shown was recorded"),
        *AT_DATE,
        (GEOMETRY[0], GEOMETRY[1], "The project's plan area at the reference date (EPSG:28992)"),
    ),
    ("houseblocks", True): cols(
        HISTORY[0],
        *HOUSEBLOCK_COMMON,
        *HISTORY[1:],
        (GEOMETRY[0], GEOMETRY[1], "The project's plan area when the version starts (EPSG:28992)"),
    ),
}
SOURCES = {
    ("projects", False): "publication.projects_at(%s) ORDER BY municipality_code, id",
    ("projects", True): "publication.project_history() ORDER BY id, recorded_at, valid_from",
    ("houseblocks", False): "publication.houseblocks_at(%s) ORDER BY project_id, id",
    ("houseblocks", True): "publication.houseblock_history() ORDER BY id, recorded_at, valid_from",
}


def select_sql(dataset: str, history: bool, geometry_as: str) -> str:
    """The SELECT of a bulk file; geometry_as is ST_AsBinary (Parquet) or ST_AsText (CSV)."""
    parts = []
    for column in DATASETS[(dataset, history)]:
        if column.kind == "geometry":
            parts.append(f"{geometry_as}(geometry) AS geometry")
        elif column.kind in ("text", "json"):
            parts.append(f"{column.name}::text AS {column.name}")
        elif column.kind == "float":
            parts.append(f"{column.name}::float8 AS {column.name}")
        else:
            parts.append(column.name)
    return f"SELECT {', '.join(parts)} FROM {SOURCES[(dataset, history)]}"


def bulk_rows(
    viewer: dict, dataset: str, history: bool, reference_date: date, geometry_as: str
) -> Iterator[list[tuple]]:
    """The visible rows in chunks, read through a server-side cursor."""
    params = [] if history else [reference_date]
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        with conn.cursor(name="diwi_bulk_export") as cur:
            cur.execute(select_sql(dataset, history, geometry_as), params)
            while chunk := cur.fetchmany(CHUNK_ROWS):
                yield chunk


@cache
def geo_metadata() -> bytes:
    """GeoParquet 1.1 metadata of the geometry column (EPSG:28992 as PROJJSON)."""
    meta = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["MultiPolygon"],
                "crs": CRS.from_epsg(28992).to_json_dict(),
            }
        },
    }
    return json.dumps(meta).encode()


def arrow_schema(dataset: str, history: bool) -> pa.Schema:
    columns = DATASETS[(dataset, history)]
    fields = [
        pa.field(c.name, ARROW_TYPES[c.kind], metadata={"description": c.description})
        for c in columns
    ]
    return pa.schema(fields, metadata={"geo": geo_metadata()})


def parquet_file(viewer: dict, dataset: str, history: bool, reference_date: date) -> IO[bytes]:
    """A GeoParquet file (one row group per chunk), spooled to disk when large; rewound."""
    schema = arrow_schema(dataset, history)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by file_chunks)
    with pq.ParquetWriter(spool, schema, compression="zstd") as writer:
        writer.write_table(schema.empty_table())
        for chunk in bulk_rows(viewer, dataset, history, reference_date, "ST_AsBinary"):
            arrays = [
                pa.array(values, type=field.type)
                for values, field in zip(zip(*chunk, strict=True), schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    spool.seek(0)
    return spool


def file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """A file's bytes in chunks; closes it at the end."""
    with handle:
        while block := handle.read(READ_BYTES):
            yield block


def csv_text(value: object) -> object:
    """A value as CSV text: ISO dates, true/false, JSON arrays; empty for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_chunks(viewer: dict, dataset: str, history: bool, reference_date: date) -> Iterator[bytes]:
    """The CSV file (RFC 4180: comma, double quotes, CRLF; UTF-8; geometry as WKT) in chunks."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in DATASETS[(dataset, history)]])
    for chunk in bulk_rows(viewer, dataset, history, reference_date, "ST_AsText"):
        writer.writerows([csv_text(v) for v in row] for row in chunk)
        yield out.getvalue().encode()
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode()


def columns_doc() -> str:
    """The bulk files' columns as Markdown tables (for the README)."""
    lines = []
    for (dataset, history), columns in DATASETS.items():
        title = f"{dataset}, {'history=true' if history else 'peildatum'}"
        lines += [f"#### {title}", "", "| column | type | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{c.name}` | {c.kind} | {c.description} |" for c in columns]
        lines.append("")
    return "\n".join(lines)
