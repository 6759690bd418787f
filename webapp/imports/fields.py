"""Turning a cell's value into our code or custom value, shared by the Excel and GeoJSON readers."""

from webapp.diwi_format.excel import LIST_SEPARATOR
from webapp.imports import cells
from webapp.imports.cells import CellError
from webapp.imports.context import Context

# kind of code list -> error code when the text is not one of its values
UNKNOWN_CODE = {"plan_type": "invalid_plan_type"}


def coded(ctx: Context, kind: str, value: object) -> str | None:
    """Our code of a label in a code list (None when empty); unknown labels raise."""
    found = cells.text(value)
    if found is None:
        return None
    code = ctx.code(kind, found)
    if code is None:
        raise CellError(UNKNOWN_CODE.get(kind, "unknown_property_value"), found)
    return code


def coded_list(ctx: Context, kind: str, value: object) -> list[str]:
    """Codes of a ;-separated list of labels (a JSON list is accepted too)."""
    items = value if isinstance(value, list) else split(cells.text(value))
    codes = [coded(ctx, kind, item) for item in items]
    return [c for c in dict.fromkeys(codes) if c]


def split(found: str | None) -> list[str]:
    if not found:
        return []
    return [part.strip() for part in found.split(LIST_SEPARATOR) if part.strip()]


def area_codes(lookup: dict[str, str], value: object) -> list[str]:
    """District or neighbourhood codes from names or CBS codes (;-separated)."""
    items = value if isinstance(value, list) else split(cells.text(value))
    codes = []
    for item in items:
        code = lookup.get(normalised(item))
        if code is None:
            raise CellError("unknown_property_value", item)
        codes.append(code)
    return list(dict.fromkeys(codes))


def normalised(item: object) -> str:
    from webapp.diwi_format.labels import normalise

    return normalise(item)


def custom_value(prop: dict, value: object) -> object:
    """A custom property's typed value from a cell (None: empty)."""
    kind = prop["value_type"]
    if kind == "boolean":
        return cells.boolean(value)
    if kind == "numeric":
        found = cells.number(value)
        return None if found is None else cells.plain_number(found)
    if kind == "text":
        return cells.text(value)
    labels = value if isinstance(value, list) else split(cells.text(value))
    options = {normalised(label): oid for label, oid in prop["options"].items()}
    ids = []
    for label in labels:
        option = options.get(normalised(label))
        if option is None:
            raise CellError(
                "unknown_property_value",
                label,
                custom_property_id=prop["id"],
                create={"property_id": prop["id"], "property": prop["name"], "option": label},
            )
        ids.append(option)
    if not ids:
        return None
    return ids[0] if prop["single_select"] and len(ids) == 1 else ids
