"""Custom properties (plusvelden) in the editor forms: their definitions and typed form values."""

from decimal import Decimal
from decimal import InvalidOperation

from psycopg.rows import dict_row
from werkzeug.datastructures import MultiDict

from webapp import db

PROPERTIES_SQL = """
    SELECT p.id::text, p.name, p.description, p.value_type, p.mandatory,
           coalesce(p.single_select, p.value_type = 'ordinal') AS single_select, p.rules,
           coalesce((SELECT jsonb_agg(jsonb_build_array(o.id::text, o.label_nl)
                                       ORDER BY o.sort_order, o.ordinal_level)
                     FROM plan.property_option o
                     WHERE o.property_id = p.id AND o.disabled_at IS NULL), '[]') AS options
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.municipality_code = %s AND p.object_type = %s
      AND p.disabled_at IS NULL
    ORDER BY p.sort_order, p.name
"""
BOOLEANS = {"ja": True, "nee": False}
ERROR_FIELD = "custom_values"  # the form shows custom-value errors at the plusvelden fieldset


def custom_properties(municipality_code: str | None, object_type: str) -> list[dict]:
    """The municipality's active custom properties of projects or houseblocks, with options."""
    if municipality_code is None:
        return []
    with db.connection() as conn:
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(PROPERTIES_SQL, (municipality_code, object_type)).fetchall()


def field_name(prop: dict) -> str:
    """The form field of a custom property."""
    return f"custom-{prop['id']}"


def form_value(prop: dict, values: dict) -> object:
    """A stored custom value as the form shows it (booleans as ja/nee, options as id lists)."""
    value = values.get(prop["id"])
    if prop["value_type"] == "boolean":
        return {True: "ja", False: "nee"}.get(value, "")
    if prop["value_type"] in ("category", "ordinal"):
        return value if isinstance(value, list) else ([value] if value else [])
    return "" if value is None else value


def parse_custom_values(form: MultiDict, props: list[dict], errors: dict) -> dict:
    """Typed custom values from the form ({property id: value}; empty values are left out)."""
    values: dict = {}
    for prop in props:
        name = field_name(prop)
        if prop["value_type"] in ("category", "ordinal"):
            chosen = [v for v in form.getlist(name) if v]
            values[prop["id"]] = (
                (chosen[0] if chosen else None) if prop["single_select"] else chosen
            )
            continue
        raw = form.get(name, "").strip()
        values[prop["id"]] = typed(prop, raw, errors)
    return {key: value for key, value in values.items() if value not in (None, [])}


def typed(prop: dict, raw: str, errors: dict) -> object:
    """One boolean, numeric or text value; a Dutch error naming the property when malformed."""
    if raw == "":
        return None
    if prop["value_type"] == "boolean":
        return BOOLEANS.get(raw)
    if prop["value_type"] == "numeric":
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            errors[ERROR_FIELD] = f"{prop['name']} moet een getal zijn."
            return None
        return int(number) if number == number.to_integral_value() else float(number)
    return raw


def describe(values: dict, props: list[dict]) -> list[tuple[str, str]]:
    """Custom values as (property name, Dutch text) for reading, in the properties' order."""
    described = []
    for prop in props:
        value = values.get(prop["id"])
        if value is None or value == []:
            continue
        labels = dict(prop["options"])
        if prop["value_type"] == "boolean":
            text = "ja" if value else "nee"
        elif prop["value_type"] in ("category", "ordinal"):
            chosen = value if isinstance(value, list) else [value]
            text = ", ".join(labels.get(v, v) for v in chosen)
        else:
            text = str(value).replace(".", ",") if prop["value_type"] == "numeric" else str(value)
        described.append((prop["name"], text))
    return described
