"""Validating the list query and the project form; rule codes map to form fields."""

import json
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time

from flask_wtf.csrf import CSRFError
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

from webapp.projects.queries import COLUMNS
from webapp.projects.queries import FILTER_SQL
from webapp.properties import parse_custom_values

# rule code -> project form field that shows its message
RULE_FIELDS = {
    "project_name_blank": "name",
    "project_phase_unknown": "phase",
    "planning_status_unknown": "planning_status",
    "confidentiality_level_unknown": "confidentiality_level",
    "hard_status_needs_external_governmental": "confidentiality_level",
    "plan_type_unknown": "plan_types",
    "colour_invalid": "colour",
    "project_dates_out_of_order": "end_date",
    "houseblock_outside_project_period": "end_date",
    "milestone_overlaps_neighbours": "end_date",
    "project_owner_missing": "owner_group_ids",
    "owner_group_not_yours": "owner_group_ids",
    "municipality_unknown": "name",
    "priority_unknown": "priority",
    "municipality_role_unknown": "municipality_roles",
    "district_not_in_municipality": "district_codes",
    "neighbourhood_not_in_district": "neighbourhood_codes",
    "plan_area_invalid": "plan_area",
    "plan_area_outside_netherlands": "plan_area",
    "plan_area_outside_municipality": "plan_area",
    "parcel_unknown": "plan_area",
    "building_unknown": "plan_area",
    "parcel_area_empty": "plan_area",
    "parcel_subselection_outside": "plan_area",
    "parcel_subselection_invalid": "plan_area",
}
CUSTOM_FIELD = "custom_values"  # custom_* rule codes show at the plusvelden fieldset
LIST_FIELDS = ("plan_types", "municipality_roles", "district_codes", "neighbourhood_codes")
OWNER_NOT_YOURS = "Kies minstens één eigenaar (gebruikersgroep) waarvan u lid bent."


def csrf_ok(form: MultiDict) -> bool:
    """Whether the form carries a valid CSRF token."""
    try:
        validate_csrf(form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return False
    return True


def parse_date(value: str | None) -> date | None:
    """An ISO date, or None when empty or malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_moment(value: str | None) -> datetime | None:
    """'Zoals vastgelegd op': a date (end of that day) or a date-time; None when empty."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) == 10:
        moment = datetime.combine(moment.date(), time.max)
    return moment if moment.tzinfo else moment.astimezone(UTC)


def list_query(args: MultiDict, columns: list[str]) -> dict:
    """Search, filters, sorting, page and reference date of the project list."""
    sort = args.get("sorteer", "name")
    try:
        page = max(1, int(args.get("pagina", "1")))
    except ValueError:
        page = 1
    return {
        "filters": {key: args.get(key, "").strip() for key in ("q", *FILTER_SQL)},
        "sort": sort if sort in COLUMNS else "name",
        "descending": args.get("richting") == "af",
        "page": page,
        "reference_date": parse_date(args.get("peildatum")) or date.today(),
        "columns": columns,
    }


def chosen_columns(form: MultiDict) -> list[str]:
    """The columns ticked in the column chooser, in display order."""
    ticked = set(form.getlist("kolom"))
    return [key for key in COLUMNS if key in ticked]


def project_form(form: MultiDict, is_new: bool, properties: list[dict]) -> tuple[dict, dict]:
    """The project form as JSON for plan.create_project/update_project, and field errors."""
    errors: dict[str, str] = {}
    data: dict = {
        "name": form.get("name", "").strip(),
        "municipal_id": form.get("municipal_id", "").strip() or None,
        "phase": form.get("phase") or None,
        "planning_status": form.get("planning_status") or None,
        "confidentiality_level": form.get("confidentiality_level") or None,
        "priority": form.get("priority") or None,
        **{key: form.getlist(key) for key in LIST_FIELDS},
        "owner_group_ids": form.getlist("owner_group_ids"),
        "colour": form.get("colour") or "#1F77B4",
        "custom_values": parse_custom_values(form, properties, errors),
    }
    data.update(plan_area_field(form, is_new, errors))
    if picked := parcel_area_field(form, errors):  # parcels chosen on the map win over a drawing
        data.pop("plan_area", None)
        data.update(picked)
    required_fields(data, errors)
    for key, label in (("start_date", "startdatum"), ("end_date", "einddatum")):
        value = parse_date(form.get(key))
        if value is None:
            errors[key] = f"Vul een geldige {label} in (jjjj-mm-dd)."
        data[key] = value.isoformat() if value else None
    return data, errors


def plan_area_field(form: MultiDict, is_new: bool, errors: dict) -> dict:
    """The plan area drawn on the map (GeoJSON, CRS84) when it is new or was changed."""
    if not is_new and form.get("plan_area_changed") != "1":
        return {}
    text = form.get("plan_area", "").strip()
    if not text:
        return {} if is_new else {"plan_area": None, "area_source": None}
    try:
        area = json.loads(text)
    except ValueError:
        area = None
    if not isinstance(area, dict) or area.get("type") not in ("Polygon", "MultiPolygon"):
        errors["plan_area"] = "Het plangebied moet een of meer vlakken zijn."
        return {}
    return {"plan_area": area, "area_source": "drawn"}


def parcel_area_field(form: MultiDict, errors: dict) -> dict:
    """Parcels (sub-selections in CRS84) and buildings chosen with the parcel picker, if changed."""
    if form.get("area_mode") != "parcels" or form.get("parcels_changed") != "1":
        return {}
    try:
        chosen = json.loads(form.get("parcel_selection") or "{}")
    except ValueError:
        chosen = None
    if not isinstance(chosen, dict):
        errors["plan_area"] = "De gekozen percelen konden niet worden gelezen."
        return {}
    keys = ("cadastral_municipality_code", "section", "parcel_number", "subselection")
    parcels = [
        {k: p.get(k) for k in keys} for p in chosen.get("parcels", []) if isinstance(p, dict)
    ]
    buildings = [
        str(b.get("identificatie")) for b in chosen.get("buildings", []) if isinstance(b, dict)
    ]
    if not parcels and not buildings:
        errors["plan_area"] = "Kies minstens één perceel of pand voor het plangebied."
        return {}
    return {"area_source": "parcels", "parcels": parcels, "buildings": buildings}


def required_fields(data: dict, errors: dict) -> None:
    """Dutch messages for the fields every project needs."""
    if not data["name"]:
        errors["name"] = "Vul een projectnaam in."
    if not data["phase"]:
        errors["phase"] = "Kies een projectfase."
    if not data["confidentiality_level"]:
        errors["confidentiality_level"] = "Kies een vertrouwelijkheidsniveau."
    if not data["owner_group_ids"]:
        errors["owner_group_ids"] = "Kies minstens één eigenaar (gebruikersgroep)."


def changed_fields(data: dict, current: dict) -> dict:
    """Only the fields whose value differs from the project as planned today."""
    now = {
        key: current[key]
        for key in ("name", "municipal_id", "phase", "planning_status", "confidentiality_level")
    }
    now |= {key: list(current[key]) for key in LIST_FIELDS}
    now |= {
        "priority": current["priority"],
        "owner_group_ids": sorted(current["owner_group_ids"]),
        "colour": current["colour"],
        "custom_values": current["custom_values"],
        "start_date": current["start_date"].isoformat(),
        "end_date": current["end_date"].isoformat(),
    }
    compare = dict(data, owner_group_ids=sorted(data["owner_group_ids"]))
    changed = {key: data[key] for key, value in compare.items() if now.get(key, value) != value}
    if "plan_area" in data:  # sent only when the user drew, edited or removed the area
        changed |= {"plan_area": data["plan_area"], "area_source": data["area_source"]}
    if "parcels" in data:  # sent only when the user changed the chosen parcels or buildings
        changed |= {key: data[key] for key in ("area_source", "parcels", "buildings")}
    return changed


def rule_errors(code: str, message: str, fields: dict[str, str], default: str) -> dict:
    """A rule refusal as {field: Dutch message}."""
    if code == "owner_group_not_yours":
        message = OWNER_NOT_YOURS
    if code.startswith("custom_"):
        return {CUSTOM_FIELD: message}
    return {fields.get(code, default): message}
