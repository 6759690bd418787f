"""The composer form: its fields <-> a blueprint's components, and the add/move/remove actions."""

from werkzeug.datastructures import MultiDict

BREAKDOWNS = [
    ("", "standaard"),
    ("dwellings", "aantal woningen"),
    ("projects", "aantal projecten"),
    ("hard_soft", "hard/zacht (5A en 5B apart)"),
]
BREAKDOWN_KEYS = {key for key, _ in BREAKDOWNS if key}
FIXED = (("fase", "phases"), ("wijk", "district_codes"), ("plantype", "plan_types"))
MAX_COMPONENTS = 30


def prefix(index: int) -> str:
    return f"onderdeel-{index}-"


def component_of(form: MultiDict, index: int) -> dict | None:
    """One component row of the form ({component, options}); None when it has no component."""
    p = prefix(index)
    key = form.get(p + "component", "")
    if not key:
        return None
    options: dict = {}
    if form.get(p + "indeling") in BREAKDOWN_KEYS:
        options["breakdown"] = form[p + "indeling"]
    fixed = {name: [form[p + param]] for param, name in FIXED if form.get(p + param)}
    if form.get(p + "planstatus"):
        status = form[p + "planstatus"]
        fixed["planning_status"] = status if status in ("hard", "soft") else [status]
    if fixed:
        options["filters"] = fixed
    period = {k: int(form[p + f]) for f, k in (("van", "from"), ("tot", "to")) if year(form, p + f)}
    if period:
        options["period"] = period
    return {"component": key, "options": options}


def year(form: MultiDict, name: str) -> bool:
    value = form.get(name, "").strip()
    return value.isdigit() and 1900 <= int(value) <= 2200


def components_of(form: MultiDict) -> list[dict]:
    """All component rows in form order."""
    count = min(int(form.get("aantal", "0") or 0), MAX_COMPONENTS)
    found = [component_of(form, i) for i in range(count)]
    return [c for c in found if c]


def apply_action(action: str, components: list[dict], new_key: str) -> list[dict]:
    """The list after 'toevoegen', 'omhoog-<i>', 'omlaag-<i>' or 'verwijder-<i>'."""
    result = list(components)
    if action == "toevoegen" and new_key and len(result) < MAX_COMPONENTS:
        result.append({"component": new_key, "options": {}})
        return result
    verb, _, number = action.partition("-")
    if not number.isdigit() or int(number) >= len(result):
        return result
    index = int(number)
    if verb == "verwijder":
        del result[index]
    elif verb == "omhoog" and index > 0:
        result[index - 1], result[index] = result[index], result[index - 1]
    elif verb == "omlaag" and index < len(result) - 1:
        result[index + 1], result[index] = result[index], result[index + 1]
    return result


def blueprint_data(form: MultiDict, components: list[dict]) -> dict:
    """The JSON plan.save_blueprint takes."""
    return {
        "name": form.get("naam", "").strip(),
        "components": components,
        "goal_category_ids": [v for v in form.getlist("doelcategorie") if v],
        "group_ids": [v for v in form.getlist("groep") if v],
    }


def fixed_value(component: dict, name: str) -> str:
    """The single fixed filter value of a component row (for the form's selects)."""
    value = (component.get("options") or {}).get("filters", {}).get(name)
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""
