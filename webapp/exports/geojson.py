"""The DIWI GeoJSON export: one feature per project in the shape of DIWI's import template."""

from datetime import date

from webapp.exports import values as v
from webapp.exports.queries import ExportData

CRS = {"type": "name", "properties": {"name": "EPSG:28992"}}


def feature_collection(data: ExportData) -> dict:
    """The export as a GeoJSON FeatureCollection (EPSG:28992, legacy crs member)."""
    return {
        "type": "FeatureCollection",
        "crs": CRS,
        "features": [feature(data, project) for project in data.projects],
    }


def feature(data: ExportData, project: dict) -> dict:
    """One project as a feature; its plan area (a MultiPolygon) as the geometry."""
    return {
        "type": "Feature",
        "id": str(project["id"]),
        "geometry": project["geometry_geojson"],
        "properties": {
            "projectgegevens": project_part(data, project),
            "woning_blokken": [houseblock_part(data, b) for b in project["houseblocks"]],
        },
    }


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def project_part(data: ExportData, project: dict) -> dict:
    """The `projectgegevens` tree: enum names as DIWI's import expects them."""
    codes = data.codes
    return {
        "diwi_id": str(project["id"]),
        "basisgegevens": {
            "identificatie_nr": project["municipal_id"],
            "naam": project["name"],
            "diwi_id": str(project["id"]),
        },
        "projectgegevens": project_details(data, project),
        "rollen": {},
        "projectduur": {
            "start_project": iso(project["start_date"]),
            "eind_project": iso(project["end_date"]),
        },
        "projectfasen": {
            item["diwi"]: iso(project["phase_dates"].get(code))
            for code, item in codes["phase"].items()
        },
        "planologische_planstatus": {
            status_key(codes["planning_status"], code): iso(project["status_dates"].get(code))
            for code in v.STATUS_ORDER
        },
        "locatie": location(project),
        "maatwerk_projecteigenschappen": custom_part(data.custom["project"], project),
    }


def status_key(statuses: dict, code: str) -> str:
    """DIWI's enum name of a planning status; our Dutch label for 5A/5B, which DIWI lacks."""
    return statuses[code]["diwi"] or statuses[code]["label"]


def project_details(data: ExportData, project: dict) -> dict:
    codes = data.codes
    plan_types = [c["diwi"] for k, c in codes["plan_type"].items() if k in project["plan_types"]]
    roles = [
        c["label"]
        for k, c in codes["municipality_role"].items()
        if k in project["municipality_roles"]
    ]
    programming = {b["programming"] for b in project["houseblocks"]}
    return {
        "plan_soort": v.one_or_list(plan_types),
        "in_programmering": programming.pop() if len(programming) == 1 else None,
        "prioritering": project["priority_label"],
        "rol_gemeente": v.one_or_list(roles),
        "status": v.project_status(project, data.reference_date),
        "eigenaar": v.one_or_list(project["owner_names"]),
        "vertrouwelijkheid": project["confidentiality_name"],
        "kleur": project["colour"],
    }


def location(project: dict) -> dict:
    return {
        "gemeente": project["municipality_name"],
        "wijk": v.one_or_list(project["district_names"]),
        "buurt": v.one_or_list(project["neighbourhood_names"]),
        "gemeentecode": project["municipality_code"],
        "wijkcodes": project["district_codes_sorted"],
        "buurtcodes": project["neighbourhood_codes_sorted"],
    }


def custom_part(props: list[dict], item: dict) -> dict:
    """Custom values by property name, as text (DIWI's import reads strings); lists for several."""
    found = {}
    for prop in props:
        value = v.custom_value(prop, item["custom_values"])
        if value is None:
            continue
        found[prop["name"]] = value if isinstance(value, list) else text(value)
    return found


def text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def houseblock_part(data: ExportData, block: dict) -> dict:
    """One houseblock (woning_blok): every breakdown filled."""
    codes = data.codes
    lines = block["lines"]
    whole = len(lines) == 1 and lines[0]["amount"] == block["amount"]
    house_types = block["breakdown"].get("house_type", {})
    whole_type = [k for k, n in house_types.items() if n == block["amount"] and n > 0]
    return {
        "diwi_id": str(block["id"]),
        "name": block["name"],
        "in_programmering": block["programming"],
        "mutatiegegevens": {
            "mutatie_type": codes["mutation_kind"][block["mutation_kind"]]["diwi"],
            "eigendom_type": codes["ownership_type"][lines[0]["ownership_type"]]["diwi"]
            if whole
            else None,
            "woning_type": v.HOUSE_TYPE_NAMES[whole_type[0]] if whole_type else None,
            "contract_type": None,
            "status": None,
            "aantal": block["amount"],
        },
        **block_dates(block),
        "grootte": size(block),
        "waarde": single_value(lines[0]) if whole else empty_value(),
        "eigendom": [] if whole else [ownership_line(codes, line) for line in lines],
        "woning_type": {
            "eengezinswoning": house_types.get("single_family", 0),
            "meergezinswoning": house_types.get("multi_family", 0),
            "onbekend": v.house_type_unknown(block),
        },
        "fysiek_voorkomen": counted(data, block, "physical_appearance", "fysiek_voorkomen"),
        "doelgroep": counted(data, block, "target_group", "doelgroep_categorie"),
        "grondpositie": {
            name: block["breakdown"].get("ground_position", {}).get(code)
            for code, name in v.GROUND_POSITION_NAMES.items()
        },
        "maatwerk_woningeigenschappen": custom_part(data.custom["houseblock"], block),
    }


def block_dates(block: dict) -> dict:
    """DIWI's `einddatum` (latest delivery) and ours: the block's period and earliest delivery."""
    return {
        "einddatum": iso(block["delivery_latest"] or block["end_date"]),
        "startdatum": iso(block["start_date"]),
        "einddatum_woningblok": iso(block["end_date"]),
        "vroegste_opleverdatum": iso(block["delivery_earliest"]),
    }


def size(block: dict) -> dict:
    """The dwelling size in m²: {waarde} for one value, {laag, hoog} for a range, {} for none."""
    low, high = block["size_min"], block["size_max"]
    if low is None:
        return {}
    if high is None or low == high:
        return {"waarde": number(low)}
    return {"laag": number(low), "hoog": number(high)}


def number(value: object) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def cents_to_euros(cents: int | None) -> int | float | None:
    if cents is None:
        return None
    return cents // 100 if cents % 100 == 0 else cents / 100


def ownership_line(codes: dict, line: dict) -> dict:
    """One ownership line: type, amount and its price (waarde, laag/hoog or categorie) if any."""
    item = {"eigendom_type": codes["ownership_type"][line["ownership_type"]]["diwi"]}
    item["aantal"] = line["amount"]
    if line["category"]:
        item["categorie"] = line["category"]
    elif line["price_cents"] is not None:
        item["waarde"] = cents_to_euros(line["price_cents"])
    elif line["price_min_cents"] is not None:
        item["laag"] = cents_to_euros(line["price_min_cents"])
        item["hoog"] = cents_to_euros(line["price_max_cents"])
    return item


def empty_value() -> dict:
    return {"laag": None, "hoog": None, "categorie": None}


def single_value(line: dict) -> dict:
    """DIWI's import shape `waarde{laag, hoog, categorie}` of a block with one ownership line."""
    if line["price_cents"] is not None:
        low = high = cents_to_euros(line["price_cents"])
    else:
        low, high = cents_to_euros(line["price_min_cents"]), cents_to_euros(line["price_max_cents"])
    return {"laag": low, "hoog": high, "categorie": line["category"]}


def counted(data: ExportData, block: dict, key: str, label_key: str) -> list[dict]:
    """A breakdown as DIWI's list of {label, aantal}, in the options' order."""
    amounts = block["breakdown"].get(key, {})
    return [
        {label_key: label, "aantal": amounts[code]}
        for code, label in data.breakdowns.get(key, [])
        if amounts.get(code)
    ]
