"""Zipped Esri File Geodatabase writer that fills a copy of the province's own template GDB."""

from __future__ import annotations

import io
import logging
import tempfile
import uuid
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import fiona
import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from shapely.geometry import MultiPolygon
from shapely.geometry import Polygon

from plugins.processes.writers import DeliveryWriteError
from plugins.processes.writers import Table

LOGGER = logging.getLogger(__name__)
__all__ = [
    "DeliveryWriteError",
    "TemplateSchema",
    "read_template_schema",
    "unpack_template",
    "write",
]

TEMPLATE = Path(__file__).resolve().parent.parent / "assets" / "Gelderland.gdb.zip"
# Maintained by GDAL itself (FID, geometry length/area): never written from a Table.
COMPUTED_FIELDS = frozenset(
    {"OBJECTID", "SHAPE_Length", "SHAPE_Area", "Shape_Length", "Shape_Area"}
)
INTEGER_RANGES = {"SmallInteger": (-(2**15), 2**15 - 1), "Integer": (-(2**31), 2**31 - 1)}
NUMPY_TYPES = {
    "SmallInteger": "int16",
    "Integer": "int32",
    "Double": "float64",
    "Single": "float64",
}
UUID_TYPES = frozenset({"GlobalID", "GUID"})
KEEP_GLOBALID_OPTION = "OPENFILEGDB_REGENERATE_GLOBALID"


@dataclass(frozen=True)
class TemplateField:
    """One field of a template layer as the geodatabase defines it."""

    name: str
    esri_type: str  # String, SmallInteger, Integer, Double, Date, GlobalID, GUID, ...
    nullable: bool
    domain: str | None
    width: int  # maximum characters of a String field, 0 = not limited


@dataclass(frozen=True)
class TemplateLayer:
    """One feature class or table of the template, its fields in template order."""

    name: str
    fields: dict[str, TemplateField]
    geometry_type: str | None
    crs: str | None


@dataclass(frozen=True)
class TemplateSchema:
    """Layers and coded-value domains (domain -> code -> label) of a template geodatabase."""

    layers: dict[str, TemplateLayer]
    domains: dict[str, dict[str, str]]


def write(tables: list[Table], work_dir: Path, template: Path = TEMPLATE) -> bytes:
    """Append the tables' rows to a copy of the template geodatabase and return it zipped."""
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="filegdb-") as tmp:
        gdb = unpack_template(template, Path(tmp))
        schema = read_template_schema(gdb)
        prepared = [_prepare(table, schema) for table in tables]  # refuse before writing anything
        with _keep_global_ids():
            for batch in prepared:
                _append(gdb, batch)
        return _zip_directory(gdb)


def unpack_template(template: Path, target: Path) -> Path:
    """Extract a zipped .gdb into target and return the .gdb directory."""
    with zipfile.ZipFile(template) as archive:
        archive.extractall(target)
    found = sorted(path for path in target.rglob("*.gdb") if path.is_dir())
    if not found:
        raise ValueError(f"{template.name} bevat geen .gdb-map")
    return found[0]


def read_template_schema(gdb: Path) -> TemplateSchema:
    """Read layers, field definitions and coded-value domains from a geodatabase's GDB_Items."""
    domains: dict[str, dict[str, str]] = {}
    definitions: dict[str, ET.Element] = {}
    for definition in _item_definitions(gdb):
        root = ET.fromstring(definition)
        if root.tag == "GPCodedValueDomain2":
            domains[root.findtext("DomainName", "")] = _coded_values(root)
        elif root.tag in ("DEFeatureClassInfo", "DETableInfo"):
            definitions[root.findtext("Name", "")] = root
    layers = {}
    for name, _geometry in pyogrio.list_layers(gdb):
        layers[name] = _template_layer(gdb, name, definitions[name])
    return TemplateSchema(layers=layers, domains=domains)


def _item_definitions(gdb: Path) -> list[str]:
    meta, _fids, _geometry, data = pyogrio.raw.read(gdb, layer="GDB_Items", LIST_ALL_TABLES="YES")
    column = list(meta["fields"]).index("Definition")
    return [value for value in data[column] if value]


def _coded_values(root: ET.Element) -> dict[str, str]:
    return {
        value.findtext("Code", ""): value.findtext("Name", "") for value in root.iter("CodedValue")
    }


def _template_layer(gdb: Path, name: str, definition: ET.Element) -> TemplateLayer:
    info = pyogrio.read_info(gdb, layer=name)
    with fiona.open(gdb, layer=name) as source:
        widths = {key: _width(kind) for key, kind in source.schema["properties"].items()}
    fields = {}
    for item in definition.iter("GPFieldInfoEx"):
        field_name = item.findtext("Name", "")
        esri_type = item.findtext("FieldType", "").removeprefix("esriFieldType")
        if esri_type in ("OID", "Geometry") or field_name in COMPUTED_FIELDS:
            continue
        fields[field_name] = TemplateField(
            name=field_name,
            esri_type=esri_type,
            nullable=item.findtext("IsNullable") != "false",
            domain=item.findtext("DomainName") or None,
            width=widths.get(field_name, 0),
        )
    return TemplateLayer(name, fields, info["geometry_type"], info["crs"])


def _width(kind: str) -> int:
    _base, _sep, width = kind.partition(":")
    return int(width.split(".")[0]) if width else 0


@dataclass
class _Batch:
    layer: TemplateLayer
    names: list[str]
    arrays: list[np.ndarray]
    masks: list[np.ndarray | None]
    geometry: np.ndarray | None
    count: int


def _prepare(table: Table, schema: TemplateSchema) -> _Batch:
    layer = schema.layers.get(table.name)
    if layer is None:
        raise DeliveryWriteError("deze laag bestaat niet in het sjabloon", table=table.name)
    _check_table_fields(table, layer)
    names, arrays, masks = [], [], []
    order = list(
        layer.fields
    )  # pyogrio maps by position when all fields are given: keep template order
    for field in sorted(table.fields, key=lambda field: order.index(field.name)):
        template_field = layer.fields[field.name]
        values = [
            _convert(row.get(field.name), template_field, schema, table.name, number)
            for number, row in enumerate(table.rows, start=1)
        ]
        if not field.nullable:
            _require_values(values, table.name, field.name)
        array, mask = _column(values, template_field.esri_type)
        names.append(field.name)
        arrays.append(array)
        masks.append(mask)
    geometry = _geometry_column(table, layer)
    return _Batch(layer, names, arrays, masks, geometry, len(table.rows))


def _check_table_fields(table: Table, layer: TemplateLayer) -> None:
    given = {field.name for field in table.fields}
    for field in table.fields:
        template_field = layer.fields.get(field.name)
        if template_field is None:
            raise DeliveryWriteError(
                "dit veld bestaat niet in het sjabloon", table=table.name, field=field.name
            )
        if field.domain is not None and field.domain != template_field.domain:
            message = f"domein {field.domain} wijkt af van het sjabloon ({template_field.domain})"
            raise DeliveryWriteError(message, table=table.name, field=field.name)
    for name, template_field in layer.fields.items():
        required = not template_field.nullable and template_field.esri_type != "GlobalID"
        if required and name not in given and table.rows:
            raise DeliveryWriteError(
                "verplicht veld (NOT NULL) ontbreekt", table=table.name, field=name
            )


def _require_values(values: list[Any], table: str, field: str) -> None:
    for number, value in enumerate(values, start=1):
        if value is None:
            raise DeliveryWriteError("verplicht veld is leeg", table=table, row=number, field=field)


def _convert(value: Any, field: TemplateField, schema: TemplateSchema, table: str, row: int) -> Any:
    """Check one value against its template field and turn it into what GDAL writes."""

    def refuse(message: str) -> DeliveryWriteError:
        return DeliveryWriteError(message, table=table, row=row, field=field.name)

    if value is None and field.esri_type == "GlobalID":
        return _to_uuid(uuid.uuid4(), field)  # as ArcGIS would; GDAL refuses an explicit NULL
    if value is None or (isinstance(value, list) and not value):
        if not field.nullable:
            raise refuse("verplicht veld (NOT NULL) is leeg")
        return None
    try:
        converted = _CONVERTERS[field.esri_type](value, field)
    except KeyError:
        raise refuse(f"veldtype {field.esri_type} wordt niet ondersteund") from None
    except (TypeError, ValueError) as error:
        raise refuse(str(error)) from None
    if field.domain is not None:
        codes = schema.domains.get(field.domain, {})
        outside = [part for part in _parts(value) if part not in codes]
        if outside:
            raise refuse(f"waarde {outside[0]!r} ligt niet in domein {field.domain}")
    return converted


def _parts(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _to_text(value: Any, field: TemplateField) -> str:
    text = ",".join(str(part) for part in value) if isinstance(value, list | tuple) else str(value)
    if field.width and len(text) > field.width:
        raise ValueError(f"tekst van {len(text)} tekens is langer dan de toegestane {field.width}")
    return text


def _to_integer(value: Any, field: TemplateField) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | Decimal)
        or int(value) != value
    ):
        raise ValueError(f"{value!r} is geen geheel getal")
    low, high = INTEGER_RANGES[field.esri_type]
    if not low <= value <= high:
        raise ValueError(f"{value} ligt buiten het bereik {low}..{high}")
    return int(value)


def _to_real(value: Any, _field: TemplateField) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{value!r} is geen getal")
    return float(value)


def _to_datetime(value: Any, _field: TemplateField) -> np.datetime64:
    if isinstance(value, datetime):
        moment = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        raise ValueError(f"{value!r} is geen datum")
    return np.datetime64(moment, "ms")


def _to_uuid(value: Any, _field: TemplateField) -> str:
    try:
        parsed = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise ValueError(f"{value!r} is geen UUID") from None
    return "{" + str(parsed).upper() + "}"


_CONVERTERS = {
    "String": _to_text,
    "SmallInteger": _to_integer,
    "Integer": _to_integer,
    "Double": _to_real,
    "Single": _to_real,
    "Date": _to_datetime,
    "GlobalID": _to_uuid,
    "GUID": _to_uuid,
}


def _column(values: list[Any], esri_type: str) -> tuple[np.ndarray, np.ndarray | None]:
    mask = np.array([value is None for value in values], dtype=bool)
    if esri_type in NUMPY_TYPES:
        filled = [0 if value is None else value for value in values]
        return np.array(filled, dtype=NUMPY_TYPES[esri_type]), mask
    if esri_type == "Date":
        filled = [np.datetime64("NaT") if value is None else value for value in values]
        return np.array(filled, dtype="datetime64[ms]"), mask
    return np.array(values, dtype=object), mask


def _geometry_column(table: Table, layer: TemplateLayer) -> np.ndarray | None:
    geometries = table.geometries or [None] * len(table.rows)
    if len(geometries) != len(table.rows):
        raise DeliveryWriteError(
            "aantal geometrieën wijkt af van het aantal rijen", table=table.name
        )
    if layer.geometry_type is None:
        if any(geometry is not None for geometry in geometries):
            raise DeliveryWriteError("deze tabel heeft geen geometrie", table=table.name)
        return None
    values = [
        _multipolygon(geometry, table.name, row) for row, geometry in enumerate(geometries, start=1)
    ]
    return np.array(values, dtype=object)


def _multipolygon(geometry: Any, table: str, row: int) -> bytes | None:
    if geometry is None or geometry.is_empty:
        return None
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon([geometry])
    if not isinstance(geometry, MultiPolygon):
        raise DeliveryWriteError(
            f"{geometry.geom_type} is geen (multi)polygoon", table=table, row=row
        )
    if not geometry.is_valid:
        raise DeliveryWriteError("ongeldige geometrie", table=table, row=row)
    return shapely.to_wkb(geometry)


@contextmanager
def _keep_global_ids() -> Iterator[None]:
    """Let GDAL keep the GlobalID values we give (DetailPlanning.parent_globalid points at them)."""
    previous = pyogrio.get_gdal_config_option(KEEP_GLOBALID_OPTION)
    pyogrio.set_gdal_config_options({KEEP_GLOBALID_OPTION: "NO"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({KEEP_GLOBALID_OPTION: previous})


def _append(gdb: Path, batch: _Batch) -> None:
    if not batch.count:
        return
    date_offsets = {  # 100 = GDAL's flag for UTC; all dates were converted to UTC
        name: np.full(batch.count, 100, dtype="int32")
        for name, array in zip(batch.names, batch.arrays, strict=True)
        if array.dtype.kind == "M"
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pyogrio.raw.write(
            str(gdb),
            batch.geometry,
            batch.arrays,
            batch.names,
            field_mask=batch.masks,
            layer=batch.layer.name,
            driver="OpenFileGDB",
            append=True,
            geometry_type=batch.layer.geometry_type,
            crs=batch.layer.crs,
            gdal_tz_offsets=date_offsets,
        )
    for warning in caught:
        LOGGER.warning("GDAL bij schrijven van %s: %s", batch.layer.name, warning.message)


def _zip_directory(gdb: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(gdb, f"{gdb.name}/")
        for path in sorted(gdb.rglob("*")):
            archive.write(path, f"{gdb.name}/{path.relative_to(gdb).as_posix()}")
    return buffer.getvalue()
