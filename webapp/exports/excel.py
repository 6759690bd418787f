"""The DIWI Excel export: DIWI's template, one row per houseblock, plus the round-trip section."""

import io
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from functools import cache
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from webapp.diwi_format import excel as layout
from webapp.diwi_format.labels import EXCEL_BOOLEAN
from webapp.diwi_format.labels import EXCEL_CONFIDENTIALITY
from webapp.diwi_format.labels import EXCEL_PLAN_TYPE
from webapp.diwi_format.labels import PROJECT_STATUS
from webapp.exports import values as v
from webapp.exports.queries import ExportData

EXPORT_TEMPLATE = layout.TEMPLATES_DIR / "Excel_export_template.xlsx"
DATE_FORMAT = "dd/mm/yyyy"
SEPARATOR = layout.LIST_SEPARATOR + " "
# Extension headers our export adds to the contract's (listed in var/helper-notes/exports.md).
STATUS_EXTENSION = {"5A": "5a Ambtelijk met locatie", "5B": "5b Ambtelijk zonder locatie"}
EXTRA_EXTENSION = ("Wijkcodes", "Buurtcodes", "Projectkleur")


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the template: its texts in rows 1-5, styles in rows 1-6, width, meaning."""

    index: int
    texts: tuple
    section: str | None
    key: str | None


@dataclass
class Column:
    """One column of the export: its template column (style), header texts and cell getter."""

    src: int
    texts: list
    get: Callable[["Row"], object] | None = None


@dataclass
class Row:
    """What one data row shows: a project and one of its houseblocks (or none)."""

    data: ExportData
    project: dict
    block: dict | None
    prices: dict = field(default_factory=dict)

    def block_in(self, section: str | None) -> dict | None:
        """The block when it belongs to this Bouw/Sloop section (None otherwise)."""
        if self.block is None or section is None:
            return None
        return self.block if self.block["mutation_kind"] == section else None


@cache
def template_columns(path: Path = EXPORT_TEMPLATE) -> tuple[TemplateColumn, ...]:
    """The template's columns with the section they are in and the key of their header."""
    sheet = openpyxl.load_workbook(path)[layout.DATA_SHEET]
    columns, section, previous = [], None, None
    for index in range(1, sheet.max_column + 1):
        texts = tuple(sheet.cell(row, index).value for row in range(1, 6))
        section = texts[layout.SECTION_ROW - 1] or section
        header = texts[layout.HEADER_ROW - 1]
        key = None if section in layout.CONTROL_SECTIONS else layout.header_key(header)
        if header == layout.UNKNOWN_HEADER:
            key = layout.UNKNOWN_AFTER.get(previous, key)
        previous = key or previous
        columns.append(TemplateColumn(index, texts, section, key))
    return tuple(columns)


def runs(columns: tuple[TemplateColumn, ...]) -> list[list[TemplateColumn]]:
    """Consecutive columns with the same section and repeated header key, as one run each."""
    found: list[list[TemplateColumn]] = []
    for column in columns:
        last = found[-1][-1] if found else None
        same = last is not None and column.key is not None and last.key == column.key
        if same and last.section == column.section and column.key in layout.SUBHEADER_KEYS:
            found[-1].append(column)
        else:
            found.append([column])
    return found


def section_kind(column: TemplateColumn) -> str | None:
    """construction / demolition for the Bouw and Sloop sections, else None."""
    return layout.HOUSEBLOCK_SECTIONS.get(column.section)


# --- headers that repeat with a sub-header --------------------------------------------------------


def sub_headers(data: ExportData, key: str, kind: str | None) -> list:
    """The row-5 sub-headers of a repeated header, generated from the data (DIWI §5.3)."""
    blocks = [b for p in data.projects for b in p["houseblocks"] if b["mutation_kind"] == kind]
    if key == "project_property":
        return unique(p["name"] for p in data.custom["project"])
    if key == "houseblock_property":
        return unique(p["name"] for p in data.custom["houseblock"])
    if key == "delivery":
        return sorted({delivery_date(b) for b in blocks})
    if key == "size":
        return sorted({v.size_label(b) for b in blocks} - {None}, key=v.price_sort_key)
    if key in layout.CATEGORY_KEYS:
        return category_names(data, key, blocks)
    if key in layout.VALUE_KEYS:
        labels = {label for b in blocks for (k, label) in block_prices(b) if k == key}
        return sorted(labels - {v.UNKNOWN}, key=v.price_sort_key)
    if key in ("physical_appearance", "target_group"):
        return [label for _, label in data.breakdowns.get(key, [])]
    return []


def unique(items) -> list:
    return list(dict.fromkeys(items))


def delivery_date(block: dict) -> date:
    return block["delivery_latest"] or block["end_date"]


def category_names(data: ExportData, key: str, blocks: list[dict]) -> list[str]:
    """Price categories of the key's kind valid at the date (by minimum), plus any used."""
    kind = layout.CATEGORY_KEYS[key][1]
    known = [
        c["name"]
        for c in sorted(data.price_categories, key=lambda c: c["min_cents"])
        if c["price_kind"] == kind
    ]
    used = [label for b in blocks for (k, label) in block_prices(b) if k == key]
    return unique([*known, *(u for u in used if u != v.UNKNOWN)])


def block_prices(block: dict) -> dict[tuple[str, str], int]:
    """(price key, sub-header) -> dwellings: categories, values/ranges and Onbekend (cached)."""
    if "_prices" in block:
        return block["_prices"]
    prices: dict[tuple[str, str], int] = {}
    category_of = {own: key for key, (own, _) in layout.CATEGORY_KEYS.items()}
    value_of = {own: key for key, own in layout.VALUE_KEYS.items()}
    for line in block["lines"]:
        own = line["ownership_type"]
        label = line["category"] or v.price_label(line)
        if line["category"]:
            slot = (category_of[own], label)
        elif label is not None:
            slot = (value_of[own], label)
        else:
            valued = any(v.price_label(o) for o in block["lines"] if o["ownership_type"] == own)
            slot = (value_of[own] if valued else category_of[own], v.UNKNOWN)
        prices[slot] = prices.get(slot, 0) + line["amount"]
    block["_prices"] = prices
    return prices


def repeated_getter(key: str, sub: object, kind: str | None) -> Callable[[Row], object] | None:
    """The cell getter of one column of a repeated header with sub-header `sub`."""
    if sub in (None, ""):
        return None
    if key == "project_property":
        return lambda row: custom_cell(row.data.custom["project"], row.project, sub)
    if key == "houseblock_property":
        return in_block(kind, lambda b, row: custom_cell(row.data.custom["houseblock"], b, sub))
    if key == "delivery":
        return in_block(kind, lambda b, row: b["amount"] if delivery_date(b) == sub else None)
    if key == "size":
        return in_block(kind, lambda b, row: b["amount"] if v.size_label(b) == sub else None)
    if key in layout.CATEGORY_KEYS or key in layout.VALUE_KEYS:
        return in_block(kind, lambda b, row: block_prices(b).get((key, sub)))
    if key in ("physical_appearance", "target_group"):
        return in_block(kind, lambda b, row: breakdown_by_label(row.data, b, key, sub))
    return None


def in_block(kind: str | None, get: Callable[[dict, Row], object]) -> Callable[[Row], object]:
    """A getter that applies to rows whose block is of this section's mutation kind."""

    def getter(row: Row) -> object:
        block = row.block_in(kind)
        return None if block is None else get(block, row)

    return getter


def breakdown_by_label(data: ExportData, block: dict, key: str, label: str) -> int | None:
    codes = [code for code, text in data.breakdowns.get(key, []) if text == label]
    amounts = block["breakdown"].get(key, {})
    return next((amounts[c] for c in codes if amounts.get(c)), None)


def custom_cell(props: list[dict], item: dict, name: str) -> object:
    """A custom value by property name: option labels `; `-joined, booleans Ja/Nee."""
    for prop in props:
        if prop["name"] != name:
            continue
        value = v.custom_value(prop, item["custom_values"])
        if isinstance(value, list):
            return SEPARATOR.join(value)
        if isinstance(value, bool):
            return EXCEL_BOOLEAN[value]
        if value is not None:
            return value
    return None


# --- headers with one column ----------------------------------------------------------------------


def joined(items: list) -> str | None:
    return SEPARATOR.join(items) if items else None


def first_plan_type(row: Row) -> str | None:
    chosen = [k for k in row.data.codes["plan_type"] if k in row.project["plan_types"]]
    return EXCEL_PLAN_TYPE[chosen[0]] if chosen else None


def all_plan_types(row: Row) -> str | None:
    chosen = [k for k in row.data.codes["plan_type"] if k in row.project["plan_types"]]
    return joined([EXCEL_PLAN_TYPE[k] for k in chosen])


def roles(row: Row) -> str | None:
    codes = row.data.codes["municipality_role"]
    return joined([c["label"] for k, c in codes.items() if k in row.project["municipality_roles"]])


def programming(row: Row) -> str | None:
    if row.block is None or row.block["programming"] is None:
        return None
    return EXCEL_BOOLEAN[row.block["programming"]]


PROJECT_GETTERS: dict[str, Callable[[Row], object]] = {
    "municipal_id": lambda row: row.project["municipal_id"],
    "name": lambda row: row.project["name"],
    "owner": lambda row: joined(row.project["owner_names"]),
    "confidentiality": lambda row: EXCEL_CONFIDENTIALITY[row.project["confidentiality_level"]],
    "plan_type": first_plan_type,
    "programming": programming,
    "priority": lambda row: row.project["priority_label"],
    "municipality_role": roles,
    "project_status": lambda row: PROJECT_STATUS[
        v.project_status(row.project, row.data.reference_date)
    ],
    "start_date": lambda row: row.project["start_date"],
    "end_date": lambda row: row.project["end_date"],
    "municipality": lambda row: row.project["municipality_name"],
    "district": lambda row: joined(row.project["district_names"]),
    "neighbourhood": lambda row: joined(row.project["neighbourhood_names"]),
}
OWNERSHIP = ("owner_occupied", "private_rental", "social_rental")


def block_value(key: str, block: dict) -> int | None:
    """A one-column houseblock count (ownership, house type, ground position); None for 0."""
    if key in OWNERSHIP:
        amount = sum(line["amount"] for line in block["lines"] if line["ownership_type"] == key)
    elif key == "ownership_unknown":
        amount = v.ownership_unknown(block)
    elif key == "house_type_unknown":
        amount = v.house_type_unknown(block)
    elif key in layout.HOUSE_TYPE_KEYS:
        amount = block["breakdown"].get("house_type", {}).get(key, 0)
    else:
        amount = block["breakdown"].get("ground_position", {}).get(key, 0)
    return amount or None


def control_totals(row: Row, kind: str) -> dict[str, object]:
    """The control section of one mutation kind: totals per group and the deviating groups."""
    block = row.block_in(kind)
    if block is None:
        return {}
    parts = block["breakdown"]
    lines = sum(line["amount"] for line in block["lines"])
    totals = {
        "Mutatie gegevens": block["amount"],
        "Oplevering": block["amount"],
        "Grootte": block["amount"] if v.size_label(block) else 0,
        "Eigendom type": lines + v.ownership_unknown(block),
        "Woning waarde en huurprijs": lines,
        "Woning type": sum(parts.get("house_type", {}).values()) + v.house_type_unknown(block),
        "Fysiek voorkomen": sum(parts.get("physical_appearance", {}).values()),
        "Doelgroep": sum(parts.get("target_group", {}).values()),
        "Grondpositie": sum(parts.get("ground_position", {}).values()),
    }
    odd = [name for name, total in totals.items() if total not in (0, block["amount"])]
    return totals | {"Afwijkende totalen": ", ".join(odd) or None}


CONTROL_KINDS = dict(zip(layout.CONTROL_SECTIONS, ("construction", "demolition"), strict=True))


def fixed_getter(column: TemplateColumn) -> Callable[[Row], object] | None:
    """The getter of a template column that is not a repeated header."""
    header, key, kind = column.texts[layout.HEADER_ROW - 1], column.key, section_kind(column)
    if column.section in CONTROL_KINDS:
        control = CONTROL_KINDS[column.section]
        return lambda row: control_totals(row, control).get(header)
    if key in PROJECT_GETTERS:
        return PROJECT_GETTERS[key]
    if header in layout.PHASE_HEADERS:
        return lambda row: row.project["phase_dates"].get(key)
    if header in layout.PLANNING_STATUS_HEADERS:
        return lambda row: row.project["status_dates"].get(key)
    if header in layout.AMOUNT_HEADERS:
        return lambda row: row.block["amount"] if row.block_in(key) else None
    if key is not None and kind is not None:
        return in_block(kind, lambda b, row: block_value(key, b))
    return None


# --- the layout: template runs expanded, then the extension section -------------------------------


def build_columns(data: ExportData) -> list[Column]:
    """Every column of the export sheet, left to right."""
    columns: list[Column] = []
    for run in runs(template_columns()):
        first = run[0]
        if first.key in layout.SUBHEADER_KEYS:
            columns.extend(expand(data, run))
        else:
            columns.append(Column(first.index, list(first.texts), fixed_getter(first)))
    columns.append(Column(1, [None] * 5))
    return columns + extension_columns()


def expand(data: ExportData, run: list[TemplateColumn]) -> list[Column]:
    """A repeated header with one column per sub-header (at least the template's count)."""
    first, kind = run[0], section_kind(run[0])
    closing = run[-1].texts[layout.SUBHEADER_ROW - 1] == v.UNKNOWN
    subs = sub_headers(data, first.key, kind)
    slots = max(len(run) - closing, len(subs))
    subs = subs + [None] * (slots - len(subs)) + ([v.UNKNOWN] if closing else [])
    columns = []
    for position, sub in enumerate(subs):
        src = run[min(position, len(run) - 1)] if sub != v.UNKNOWN else run[-1]
        texts = list(first.texts) if position == 0 else [None, None, None, first.texts[3], None]
        texts[layout.SUBHEADER_ROW - 1] = sub
        columns.append(Column(src.index, texts, repeated_getter(first.key, sub, kind)))
    return columns


def extension_columns() -> list[Column]:
    """The round-trip section (contract headers, then ours), styled like the project columns."""
    headers: list[tuple[str, object, Callable[[Row], object]]] = [
        ("Project GUID", None, lambda row: str(row.project["id"])),
        ("Woningblok GUID", None, lambda row: str(row.block["id"]) if row.block else None),
        ("Woningblok naam", None, lambda row: row.block["name"] if row.block else None),
        ("Woningblok startdatum", None, lambda row: row.block["start_date"] if row.block else None),
        ("Woningblok einddatum", None, lambda row: row.block["end_date"] if row.block else None),
        ("Plan soorten", None, all_plan_types),
        ("Gemeentecode", None, lambda row: row.project["municipality_code"]),
        ("Vroegste opleverdatum", None, earliest_delivery),
        ("Woningblok grootte", None, lambda row: v.size_label(row.block) if row.block else None),
    ]
    for code, header in STATUS_EXTENSION.items():
        headers.append((header, "Startdatum", status_getter(code)))
    headers += [
        ("Wijkcodes", None, lambda row: joined(row.project["district_codes_sorted"])),
        ("Buurtcodes", None, lambda row: joined(row.project["neighbourhood_codes_sorted"])),
        ("Projectkleur", None, lambda row: row.project["colour"]),
    ]
    columns = []
    for position, (header, sub, get) in enumerate(headers):
        section = layout.EXTENSION_SECTION if position == 0 else None
        columns.append(Column(2, [None, section, None, header, sub], get))
    return columns


def status_getter(code: str) -> Callable[[Row], object]:
    return lambda row: row.project["status_dates"].get(code)


def earliest_delivery(row: Row) -> date | None:
    """The block's earliest delivery date when it differs from the latest (importer contract)."""
    if row.block is None or row.block["delivery_earliest"] is None:
        return None
    earliest = row.block["delivery_earliest"]
    return earliest if earliest != delivery_date(row.block) else None


# --- writing -------------------------------------------------------------------------------------


def rows_of(data: ExportData) -> list[Row]:
    """One row per houseblock; a project without houseblocks gets one row."""
    return [
        Row(data, project, block)
        for project in data.projects
        for block in (project["houseblocks"] or [None])
    ]


def workbook_bytes(data: ExportData) -> bytes:
    """The export as an xlsx file."""
    book = openpyxl.load_workbook(EXPORT_TEMPLATE)
    template = book[layout.DATA_SHEET]
    sheet = book.create_sheet(layout.DATA_SHEET + "_", 0)
    columns = build_columns(data)
    write_headers(template, sheet, columns)
    write_rows(template, sheet, columns, rows_of(data))
    book.remove(template)
    sheet.title = layout.DATA_SHEET
    sheet.freeze_panes = "D6"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_headers(template: Worksheet, sheet: Worksheet, columns: list[Column]) -> None:
    """Rows 1-5 with the template's styles and column widths."""
    widths = template_widths(template)
    for index, column in enumerate(columns, start=1):
        for row in range(1, 6):
            cell = sheet.cell(row, index, column.texts[row - 1])
            cell._style = copy(template.cell(row, column.src)._style)
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
        width = widths.get(column.src)
        if width:
            sheet.column_dimensions[get_column_letter(index)].width = width
    for row in (layout.HEADER_ROW,):
        sheet.row_dimensions[row].height = template.row_dimensions[row].height


def template_widths(template: Worksheet) -> dict[int, float]:
    widths = {}
    for dimension in template.column_dimensions.values():
        for index in range(dimension.min or 0, (dimension.max or 0) + 1):
            widths[index] = dimension.width
    return widths


def write_rows(template: Worksheet, sheet: Worksheet, columns: list[Column], rows: list[Row]):
    """The data rows from row 6, each cell styled as the template's first data row."""
    styles = [template.cell(layout.FIRST_DATA_ROW, c.src)._style for c in columns]
    for offset, row in enumerate(rows):
        number = layout.FIRST_DATA_ROW + offset
        for index, column in enumerate(columns, start=1):
            value = column.get(row) if column.get else None
            cell = sheet.cell(number, index, value)
            cell._style = copy(styles[index - 1])
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
