"""The filled-in example adapted to the importer's municipality and its mandatory plusvelden."""

import copy
from datetime import date

import psycopg
from psycopg.rows import dict_row

from webapp.imports.context import Context
from webapp.imports.context import load_context
from webapp.imports.example import EXAMPLE_SUBHEADERS
from webapp.imports.example import C
from webapp.imports.example import D
from webapp.imports.example import build_book
from webapp.imports.example import example_geojson
from webapp.imports.example import example_rows

PROJECT_HEADER = "Maatwerk project eigenschap"
HOUSEBLOCK_HEADER = "Maatwerk woning eigenschap"
MANDATORY_SQL = """
    SELECT p.object_type, p.name, p.value_type, p.rules,
           (SELECT o.label_nl FROM plan.property_option o
            WHERE o.property_id = p.id AND o.disabled_at IS NULL
            ORDER BY o.sort_order, o.label_nl LIMIT 1) AS first_option
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.mandatory AND p.disabled_at IS NULL
      AND p.municipality_code = %s
    ORDER BY p.object_type, p.sort_order, p.name
"""
# price-category sub-header groups -> price kind
PRICE_GROUPS = {"Koopprijs categorie": "purchase", "Huurprijs woningcorporatie categorie": "rent"}


def example_value(prop: dict) -> object:
    """A valid value: the first option, the minimum (or 0), false, or "voorbeeld"."""
    kind = prop["value_type"]
    if kind in ("category", "ordinal"):
        return prop["first_option"]
    if kind == "numeric":
        rules = prop["rules"] or {}
        return rules.get("min", min(0, rules.get("max", 0)))
    if kind == "boolean":
        return False
    return "voorbeeld"


def mandatory(conn: psycopg.Connection, municipality: str) -> list[dict]:
    props = conn.cursor(row_factory=dict_row).execute(MANDATORY_SQL, (municipality,)).fetchall()
    return [p | {"value": example_value(p)} for p in props if example_value(p) is not None]


def known(ctx: Context, kind: str | None, header: str, name: object) -> bool:
    """Whether the municipality knows a sub-header of the example (plusveld, price category)."""
    if header == PROJECT_HEADER:
        return ctx.prop("project", name) is not None
    if header == HOUSEBLOCK_HEADER:
        return ctx.prop("houseblock", name) is not None
    if header in PRICE_GROUPS:
        return name == "Onbekend" or ctx.price(PRICE_GROUPS[header], name) is not None
    return True


def local_subheaders(ctx: Context, props: list[dict]) -> dict[tuple, list]:
    subs = {
        key: [n for n in names if known(ctx, key[0], key[1], n)]
        for key, names in EXAMPLE_SUBHEADERS.items()
    }
    for prop in props:
        groups = [(None, PROJECT_HEADER)]
        if prop["object_type"] == "houseblock":
            groups = [(C, HOUSEBLOCK_HEADER), (D, HOUSEBLOCK_HEADER)]
        for group in groups:
            names = subs.setdefault(group, [])
            if prop["name"] not in names:
                names.append(prop["name"])
    return subs


def local_row(ctx: Context, name: str, row: dict, subs: dict, props: list[dict]) -> dict:
    """One example row for the municipality: its name, known areas, mandatory values."""
    kept = {
        k: v
        for k, v in row.items()
        if not (isinstance(k, tuple) and len(k) == 3 and k[2] not in subs.get(k[:2], []))
    }
    kept["Gemeente"] = name
    for key, lookup in (("Wijk", ctx.districts), ("Buurt", ctx.neighbourhoods)):
        if key in kept and lookup.get(normalised(kept[key])) is None:
            kept.pop(key)
    if "Buurt" in kept and "Wijk" not in kept:
        kept.pop("Buurt")
    for prop in props:
        kinds = [None] if prop["object_type"] == "project" else [C, D]
        for kind in kinds:
            amount = {None: True, C: row.get("Bouw"), D: row.get("Sloop")}[kind]
            header = PROJECT_HEADER if kind is None else HOUSEBLOCK_HEADER
            if amount:
                kept.setdefault((kind, header, prop["name"]), prop["value"])
    return kept


def normalised(text: object) -> str:
    from webapp.diwi_format.labels import normalise

    return normalise(text)


def municipality_name(conn: psycopg.Connection, municipality: str) -> str:
    row = conn.execute("SELECT name FROM ref.municipality WHERE code = %s", (municipality,))
    found = row.fetchone()
    return found[0] if found else municipality


def local_example_excel(conn: psycopg.Connection, municipality: str) -> bytes:
    """The Excel example for a municipality; owners are left empty (the importer owns them)."""
    ctx = load_context(conn, municipality)
    props = mandatory(conn, municipality)
    subs = local_subheaders(ctx, props)
    name = municipality_name(conn, municipality)
    rows = [local_row(ctx, name, row, subs, props) for row in example_rows(owner=None)]
    return build_book(subs, rows).bytes()


def local_example_geojson(conn: psycopg.Connection, municipality: str) -> dict:
    """The GeoJSON example for a municipality (mandatory plusvelden filled in)."""
    doc = copy.deepcopy(example_geojson(owner=None))
    props = mandatory(conn, municipality)
    for feature in doc["features"]:
        project = feature["properties"]["projectgegevens"]
        project["locatie"]["gemeente"] = municipality_name(conn, municipality)
        project["maatwerk_projecteigenschappen"] = {
            p["name"]: json_value(p["value"]) for p in props if p["object_type"] == "project"
        }
        for block in feature["properties"]["woning_blokken"]:
            block["maatwerk_woningeigenschappen"] = {
                p["name"]: json_value(p["value"]) for p in props if p["object_type"] == "houseblock"
            }
    return doc


def json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
