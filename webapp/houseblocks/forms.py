"""Validating the houseblock form into the JSON of plan.create_houseblock/update_houseblock."""

from decimal import Decimal
from decimal import InvalidOperation

from werkzeug.datastructures import MultiDict

from webapp.projects.forms import parse_date
from webapp.properties import parse_custom_values

LINE_COUNT = 3
RULE_FIELDS = {
    "houseblock_name_blank": "name",
    "mutation_kind_unknown": "mutation_kind",
    "amount_negative": "amount",
    "size_invalid": "size",
    "delivery_dates_out_of_order": "delivery_latest",
    "delivery_before_houseblock_start": "delivery_earliest",
    "houseblock_outside_project_period": "start_date",
    "houseblock_dates_out_of_order": "end_date",
    "milestone_overlaps_neighbours": "end_date",
    "ownership_type_unknown": "ownership",
    "ownership_amount_negative": "ownership",
    "ownership_exceeds_amount": "ownership",
    "price_negative": "ownership",
    "price_range_invalid": "ownership",
    "price_ambiguous": "ownership",
    "price_category_unknown": "ownership",
    "price_category_kind_mismatch": "ownership",
    "ownership_house_type_unknown": "ownership",
    "breakdown_amount_negative": "breakdown",
    "breakdown_exceeds_amount": "breakdown",
    "breakdown_option_invalid": "breakdown",
}


def whole(value: str | None, field: str, errors: dict, label: str) -> int | None:
    """A whole number from the form, or an error naming the field."""
    if value is None or value.strip() == "":
        return None
    try:
        return int(value.strip())
    except ValueError:
        errors[field] = f"{label} moet een geheel getal zijn."
        return None


def cents(value: str | None, field: str, errors: dict) -> int | None:
    """Euros (comma or point) as cents."""
    if value is None or value.strip() == "":
        return None
    try:
        return int(Decimal(value.strip().replace(".", "").replace(",", ".")) * 100)
    except InvalidOperation:
        errors[field] = "Een prijs moet een bedrag in euro's zijn, bijvoorbeeld 350000 of 950,50."
        return None


def ownership_lines(form: MultiDict, errors: dict) -> list[dict]:
    """The filled-in ownership lines with one price each (value, range or category)."""
    lines = []
    for i in range(LINE_COUNT):
        kind = form.get(f"line_type_{i}")
        if not kind:
            continue
        line: dict = {"ownership_type": kind}
        line["amount"] = whole(form.get(f"line_amount_{i}"), "ownership", errors, "Het aantal") or 0
        price = cents(form.get(f"line_price_{i}"), "ownership", errors)
        low = cents(form.get(f"line_price_min_{i}"), "ownership", errors)
        high = cents(form.get(f"line_price_max_{i}"), "ownership", errors)
        if price is not None:
            line["price_cents"] = price
        if low is not None or high is not None:
            line["price_range_cents"] = [low if low is not None else 0, high]
        if form.get(f"line_category_{i}"):
            line["price_category_id"] = form.get(f"line_category_{i}")
        if form.get(f"line_house_type_{i}"):
            line["house_type"] = form.get(f"line_house_type_{i}")
        lines.append(line)
    return lines


def breakdown(form: MultiDict, properties: list[dict], errors: dict) -> dict:
    """{property key: {option code: amount}} from the bd_<key>_<code> fields."""
    result: dict = {}
    for prop in properties:
        for code, label in prop["options"]:
            field = f"bd_{prop['key']}_{code}"
            amount = whole(form.get(field), "breakdown", errors, f"{prop['name']}: {label}")
            if amount:
                result.setdefault(prop["key"], {})[code] = amount
    return result


def size(form: MultiDict, errors: dict) -> object:
    """A size in m²: a number, a [min, max] range, or None."""
    low = whole(form.get("size_min"), "size", errors, "De grootte")
    high = whole(form.get("size_max"), "size", errors, "De grootte")
    if low is None or high is None or low == high:
        return low if low is not None else high
    return [low, high]


def houseblock_form(
    form: MultiDict, properties: list[dict], custom: list[dict]
) -> tuple[dict, dict]:
    """The houseblock JSON and {field: Dutch message} for what cannot even be sent.

    properties: the national breakdowns; custom: the municipality's plusvelden of houseblocks.
    """
    errors: dict[str, str] = {}
    data: dict = {
        "name": form.get("name", "").strip(),
        "mutation_kind": form.get("mutation_kind") or "construction",
        "amount": whole(form.get("amount"), "amount", errors, "Het aantal woningen"),
        "size_m2": size(form, errors),
        "programming": {"ja": True, "nee": False}.get(form.get("programming", "")),
        "ownership_lines": ownership_lines(form, errors),
        "breakdown": breakdown(form, properties, errors),
        "custom_values": parse_custom_values(form, custom, errors),
    }
    if not data["name"]:
        errors["name"] = "Vul een naam voor het woningblok in."
    if data["amount"] is None and "amount" not in errors:
        errors["amount"] = "Vul het aantal woningen in."
    for key in ("start_date", "end_date", "delivery_earliest", "delivery_latest"):
        raw = form.get(key, "").strip()
        value = parse_date(raw)
        if raw and value is None:
            errors[key] = "Vul een geldige datum in (jjjj-mm-dd)."
        if value is not None:
            data[key] = value.isoformat()
        elif key.startswith("delivery"):
            data[key] = None
    return data, errors
