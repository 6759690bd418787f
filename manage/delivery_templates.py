"""Validate the province delivery templates (sql/delivery/*.yml); load them into the ref table."""

import datetime
import json
import logging
import re
from pathlib import Path
from typing import Any

import psycopg
import yaml

LOGGER = logging.getLogger(__name__)

TOP_KEYS = {
    "id",
    "title",
    "description",
    "province_code",
    "format",
    "media_type",
    "file_name",
    "min_confidentiality",
    "confidentiality_map",
    "price_bands",
    "checks",
    "tables",
}
REQUIRED_TOP = (
    "id",
    "title",
    "province_code",
    "format",
    "file_name",
    "min_confidentiality",
    "tables",
)
TABLE_KEYS = {"name", "per", "geometry", "fields", "description"}
FIELD_KEYS = {
    "name",
    "type",
    "nullable",
    "domain",
    "description",
    "source",
    "constant",
    "mapped",
    "values",
    "default",
    "single",
    "mandatory",
    "join",
    "nested",
    "at_most",
}
MAPPED_KEYS = {"accepts", "mandatory", "single", "options", "at_most"}
VALUE_KINDS = ("source", "constant", "mapped", "nested")
FORMATS = {"geojson", "filegdb", "xlsx"}
FIELD_TYPES = {"text", "integer", "real", "date", "datetime", "boolean", "list"}
ACCEPTS = {"category", "ordinal", "text", "numeric", "boolean"}
PER = {"project", "project_year"}
CHECK_CODES = {
    "missing_mandatory_value",
    "multiple_single_select_values",
    "value_larger_than_construction_houseblocks",
    "missing_dataexchange_mapping",
    "numeric_range_value",
    "ownership_range_mapping_error",
    "min_confidentiality_error",
    "project_does_not_have_geometry",
}
BANDS = {
    "purchase": {"KOOP1", "KOOP2", "KOOP3", "KOOP4"},
    "rent": {"HUUR1", "HUUR2", "HUUR3", "HUUR4"},
}
ID_RE = re.compile(r"^[a-z][a-z0-9-]+$")


class TemplateError(ValueError):
    """A template file that cannot be loaded: names the file and the key."""


class _Checker:
    """Validation of one template file against the known facts and code lists."""

    def __init__(self, path: Path, facts: dict[str, str], levels: set[str]) -> None:
        self.path = path
        self.facts = facts
        self.levels = levels

    def fail(self, key: str, message: str) -> None:
        raise TemplateError(f"{self.path.name}: {key}: {message}")

    def keys(self, where: str, data: Any, allowed: set[str]) -> None:
        if not isinstance(data, dict):
            self.fail(where, "must be a mapping")
        unknown = sorted(set(data) - allowed)
        if unknown:
            self.fail(f"{where}.{unknown[0]}" if where else unknown[0], "unknown key")

    def template(self, data: Any) -> None:
        self.keys("", data, TOP_KEYS)
        for key in REQUIRED_TOP:
            if key not in data:
                self.fail(key, "missing")
        if data["id"] != self.path.stem.removesuffix(".yml") or not ID_RE.match(str(data["id"])):
            self.fail("id", f"must be the file name ({self.path.stem})")
        if data["format"] not in FORMATS:
            self.fail("format", f"unknown format {data['format']!r} ({', '.join(sorted(FORMATS))})")
        if not isinstance(data["title"], dict) or "nl" not in data["title"]:
            self.fail("title", "must have nl (and en)")
        self.codes(data)
        self.price_bands(data.get("price_bands") or {})
        self.tables(data["tables"], data)

    def codes(self, data: dict) -> None:
        """Confidentiality levels and check codes that exist."""
        if data["min_confidentiality"] not in self.levels:
            self.fail("min_confidentiality", f"unknown level {data['min_confidentiality']!r}")
        for level in data.get("confidentiality_map") or {}:
            if level not in self.levels:
                self.fail(f"confidentiality_map.{level}", "unknown confidentiality level")
        for index, code in enumerate(data.get("checks") or []):
            if code not in CHECK_CODES:
                self.fail(f"checks[{index}]", f"unknown check {code!r}")

    def price_bands(self, bands: Any) -> None:
        self.keys("price_bands", bands, set(BANDS))
        for kind, periods in bands.items():
            if not isinstance(periods, list) or not periods:
                self.fail(f"price_bands.{kind}", "must be a list of periods")
            for n, period in enumerate(periods):
                self.period(f"price_bands.{kind}[{n}]", kind, period)

    def period(self, where: str, kind: str, period: Any) -> None:
        self.keys(where, period, {"valid_from", "valid_to", "bands"})
        for key in ("valid_from", "valid_to"):
            value = period.get(key)
            if not (isinstance(value, datetime.date) or (key == "valid_to" and value is None)):
                self.fail(f"{where}.{key}", "must be a date (YYYY-MM-DD)")
        previous = -1
        bands = period.get("bands") or []
        for n, band in enumerate(bands):
            self.keys(f"{where}.bands[{n}]", band, {"code", "max_cents"})
            if band.get("code") not in BANDS[kind]:
                self.fail(f"{where}.bands[{n}].code", f"unknown {kind} band {band.get('code')!r}")
            top = band.get("max_cents")
            last = n == len(bands) - 1
            if (top is None) != last or (
                top is not None and (not isinstance(top, int) or top <= previous)
            ):
                self.fail(
                    f"{where}.bands[{n}].max_cents", "must rise; only the last band is open (null)"
                )
            previous = top if top is not None else previous
        if not bands:
            self.fail(f"{where}.bands", "missing")

    def tables(self, tables: Any, data: dict) -> None:
        if not isinstance(tables, list) or not tables:
            self.fail("tables", "must be a non-empty list")
        names = [t.get("name") if isinstance(t, dict) else None for t in tables]
        for n, table in enumerate(tables):
            where = f"tables[{n}]"
            self.keys(where, table, TABLE_KEYS)
            if table.get("per") not in PER:
                self.fail(f"{where}.per", f"must be one of {', '.join(sorted(PER))}")
            if not isinstance(table.get("fields"), list) or not table["fields"]:
                self.fail(f"{where}.fields", "must be a non-empty list")
            for m, field in enumerate(table["fields"]):
                self.field(f"{table.get('name')}.fields[{m}]", field, table["per"], names, data)

    def field(self, where: str, field: Any, per: str, tables: list, data: dict) -> None:
        self.keys(where, field, FIELD_KEYS)
        if "name" not in field:
            self.fail(f"{where}.name", "missing")
        where = f"{where.split('.')[0]}.{field['name']}"
        if field.get("type") not in FIELD_TYPES:
            self.fail(
                f"{where}.type",
                f"bad type {field.get('type')!r} ({', '.join(sorted(FIELD_TYPES))})",
            )
        kinds = [k for k in VALUE_KINDS if k in field]
        if len(kinds) != 1:
            self.fail(where, "needs exactly one of source, constant, mapped, nested")
        if "source" in field:
            self.fact(f"{where}.source", field["source"], per)
        if "at_most" in field:
            self.fact(f"{where}.at_most", field["at_most"], "project")
        if "nested" in field and field["nested"] not in tables:
            self.fail(f"{where}.nested", f"unknown table {field['nested']!r}")
        values = field.get("values")
        if values is not None and values != "confidentiality_map" and not isinstance(values, dict):
            self.fail(f"{where}.values", "must be a mapping or 'confidentiality_map'")
        if values == "confidentiality_map" and not data.get("confidentiality_map"):
            self.fail(f"{where}.values", "the template has no confidentiality_map")
        if "mapped" in field:
            self.mapped(f"{where}.mapped", field["mapped"])

    def fact(self, where: str, name: Any, per: str) -> None:
        found = self.facts.get(name)
        if found is None:
            self.fail(where, f"unknown fact {name!r}")
        if per == "project" and found != "project":
            self.fail(where, f"fact {name!r} exists only per project_year")

    def mapped(self, where: str, mapped: Any) -> None:
        self.keys(where, mapped, MAPPED_KEYS)
        accepts = mapped.get("accepts")
        if not isinstance(accepts, list) or not accepts or set(accepts) - ACCEPTS:
            self.fail(f"{where}.accepts", f"must be a list of {', '.join(sorted(ACCEPTS))}")
        for key in ("mandatory", "single"):
            if not isinstance(mapped.get(key, False), bool):
                self.fail(f"{where}.{key}", "must be true or false")
        options = mapped.get("options")
        if options is not None and (
            not isinstance(options, list) or not all(isinstance(o, str) for o in options)
        ):
            self.fail(f"{where}.options", "must be a list of texts")
        if "at_most" in mapped:
            self.fact(f"{where}.at_most", mapped["at_most"], "project")


def _plain(value: Any) -> Any:
    """YAML values as JSON: dates as ISO text, mapping keys as text (true -> 'true')."""
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def read_template(path: Path, facts: dict[str, str], levels: set[str]) -> dict[str, Any]:
    """One template file, validated, as the JSON stored in ref.delivery_template.definition."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path.name}: not valid YAML: {exc}") from exc
    _Checker(path, facts, levels).template(data)
    return _plain(data)


def load_templates(conn: psycopg.Connection, directory: Path) -> list[str]:
    """Validate every template in directory and upsert it; nothing is loaded when one is invalid."""
    paths = sorted(directory.glob("*.yml")) if directory.is_dir() else []
    if not paths:
        return []
    facts = dict(conn.execute("SELECT name, per FROM publication.delivery_fact_names()").fetchall())
    levels = {r[0] for r in conn.execute("SELECT code FROM ref.confidentiality_level")}
    templates = [read_template(path, facts, levels) for path in paths]
    with conn.transaction():
        for t in templates:
            conn.execute(
                "INSERT INTO ref.delivery_template (id, province_code, title_nl, definition) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET province_code = "
                "excluded.province_code, title_nl = excluded.title_nl, "
                "definition = excluded.definition, loaded_at = now()",
                (t["id"], t["province_code"], t["title"]["nl"], json.dumps(t)),
            )
    LOGGER.info("loaded %d delivery template(s)", len(templates))
    return [t["id"] for t in templates]
