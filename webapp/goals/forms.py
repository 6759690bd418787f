"""The goal form: request fields to a goal for plan.save_goal, with Dutch field errors."""

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from webapp.admin.forms import parse_decimal
from webapp.goals.queries import BREAKDOWN_KINDS

KINDS = [("number", "Aantal woningen"), ("percentage", "Percentage")]
DIRECTIONS = [("minimum", "Minimaal"), ("maximum", "Maximaal")]
MEASURES = [
    ("construction", "Bouw (opgeleverde woningen)"),
    ("net", "Netto (bouw min sloop)"),
    ("demolition", "Sloop"),
]
ROW_RE = re.compile(r"^cond-(\d+)-kind$")
# rule code from the database -> the form field it is about
RULE_FIELDS = {
    "goal_name_blank": "name",
    "goal_kind_unknown": "kind",
    "goal_direction_unknown": "direction",
    "goal_measure_unknown": "measure",
    "goal_target_negative": "target",
    "goal_target_not_whole": "target",
    "goal_percentage_above_100": "target",
    "goal_percentage_needs_condition": "conditions",
    "goal_conditions_not_list": "conditions",
    "goal_condition_invalid": "conditions",
    "goal_option_unknown": "conditions",
    "goal_period_out_of_order": "period_end",
    "goal_category_unknown": "category_id",
    "goal_area_unknown": "district_codes",
    "goal_area_invalid": "area",
}


def parse_number(text: str | None) -> Decimal | None:
    """A Dutch or plain number ('1.000', '12,5', '30%'); None if empty; ValueError if bad."""
    return parse_decimal((text or "").replace("%", ""))


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def condition_rows(form: MultiDict) -> list[dict]:
    """The condition rows of the form in order: {kind, values}; rows without a kind are dropped."""
    numbers = sorted(int(m.group(1)) for key in form if (m := ROW_RE.match(key)))
    rows = []
    for n in numbers:
        kind = form.get(f"cond-{n}-kind", "").strip()
        if kind:
            rows.append({"kind": kind, "values": form.getlist(f"cond-{n}-values")})
    return rows


def row_condition(row: dict, kinds: dict[str, dict]) -> dict | str:
    """A condition for plan.save_goal from a form row, or a Dutch error."""
    kind, values = row["kind"], [v for v in row["values"] if v]
    spec = kinds.get(kind)
    if spec is None:
        return "Kies een soort voorwaarde uit de lijst."
    allowed = {value for value, _ in spec["options"]}
    if not values:
        return f"Kies bij '{spec['label']}' minstens één waarde."
    if any(v not in allowed for v in values):
        return f"Kies bij '{spec['label']}' alleen waarden uit de lijst."
    if kind in ("phase", "planning_status"):
        return {"kind": kind, "codes": values}
    if kind == "programming" or spec.get("boolean"):
        if len(values) != 1:
            return f"Kies bij '{spec['label']}' ja of nee, niet allebei."
        value = values[0] == "true"
        if kind == "programming":
            return {"kind": kind, "value": value}
        return {"kind": "custom_property", "property_id": kind[7:], "value": value}
    if kind in BREAKDOWN_KINDS:
        return {"kind": kind, "option_ids": values}
    if kind == "ownership":
        return {
            "kind": "ownership",
            "ownership_types": [v[5:] for v in values if v.startswith("type:")],
            "price_category_ids": [v[6:] for v in values if v.startswith("price:")],
        }
    return {"kind": "custom_property", "property_id": kind[7:], "option_ids": values}


def condition_row(condition: dict) -> dict:
    """The form row of a stored condition (the inverse of row_condition)."""
    kind = condition.get("kind")
    if kind in ("phase", "planning_status"):
        return {"kind": kind, "values": condition.get("codes", [])}
    if kind == "programming":
        return {"kind": kind, "values": ["true" if condition.get("value") else "false"]}
    if kind == "ownership":
        return {
            "kind": kind,
            "values": [f"type:{t}" for t in condition.get("ownership_types", [])]
            + [f"price:{p}" for p in condition.get("price_category_ids", [])],
        }
    if kind == "custom_property":
        key = f"custom:{condition.get('property_id')}"
        if "value" in condition:
            return {"kind": key, "values": ["true" if condition["value"] else "false"]}
        return {"kind": key, "values": condition.get("option_ids", [])}
    return {"kind": kind, "values": condition.get("option_ids", [])}


def goal_values(goal: dict) -> dict[str, Any]:
    """Form values of a stored goal."""
    target = goal["target"]
    return {
        **goal,
        "target": f"{target:f}".rstrip("0").rstrip(".").replace(".", ",")
        if target is not None
        else "",
        "period_start": goal["period_start"].isoformat(),
        "period_end": goal["period_end"].isoformat(),
        "rows": [condition_row(c) for c in goal["conditions"]],
    }


def form_values(form: MultiDict) -> dict[str, Any]:
    """What the user entered, to show the form again."""
    return {
        key: form.get(key, "").strip()
        for key in (
            "name",
            "description",
            "category_id",
            "kind",
            "direction",
            "measure",
            "target",
            "period_start",
            "period_end",
        )
    } | {
        "district_codes": form.getlist("district_codes"),
        "neighbourhood_codes": form.getlist("neighbourhood_codes"),
        "area_text": form.get("area", ""),
        "rows": condition_rows(form),
    }


def parse_area(text: str, errors: dict) -> dict | None:
    if not text.strip():
        return None
    try:
        area = json.loads(text)
    except ValueError:
        area = None
    if not isinstance(area, dict) or area.get("type") not in ("Polygon", "MultiPolygon"):
        errors["area"] = "Het gebied moet een of meer vlakken zijn."
        return None
    return area


def goal_data(values: dict, kinds: dict[str, dict]) -> tuple[dict, dict[str, str]]:
    """The goal for plan.save_goal and the field errors found before the database is asked."""
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "Vul de naam van het doel in."
    try:
        target = parse_number(values["target"])
    except ValueError:
        target = None
        errors["target"] = "Vul een getal in, bijvoorbeeld 1.000 of 30."
    if target is None and "target" not in errors:
        errors["target"] = "Vul de doelwaarde in."
    dates = {}
    for key, label in (("period_start", "startdatum"), ("period_end", "einddatum (deadline)")):
        dates[key] = parse_date(values[key])
        if dates[key] is None:
            errors[key] = f"Vul een geldige {label} in (jjjj-mm-dd)."
    conditions = []
    for row in values["rows"]:
        condition = row_condition(row, kinds)
        if isinstance(condition, str):
            errors["conditions"] = condition
        else:
            conditions.append(condition)
    data = {
        "category_id": values["category_id"] or None,
        "name": values["name"],
        "description": values["description"] or None,
        "kind": values["kind"],
        "direction": values["direction"],
        "measure": values["measure"] or "construction",
        "target": str(target) if target is not None else None,
        "period_start": dates["period_start"].isoformat() if dates["period_start"] else None,
        "period_end": dates["period_end"].isoformat() if dates["period_end"] else None,
        "conditions": conditions,
        "district_codes": values["district_codes"],
        "neighbourhood_codes": values["neighbourhood_codes"],
        "area": parse_area(values["area_text"], errors),
    }
    if not data["category_id"]:
        errors["category_id"] = "Kies een categorie."
    return data, errors
