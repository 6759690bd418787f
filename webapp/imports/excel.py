"""Reading DIWI's Excel template (first sheet "Data") into projects, collecting every error."""

import io
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import fields

import openpyxl
from openpyxl.utils import get_column_letter

from webapp.diwi_format import excel as fmt
from webapp.imports import cells
from webapp.imports import fields as fld
from webapp.imports.cells import CellError
from webapp.imports.context import Context
from webapp.imports.issues import ImportFailed
from webapp.imports.issues import Issue
from webapp.imports.issues import cell_issue
from webapp.imports.model import HouseblockIn
from webapp.imports.model import OwnershipLine
from webapp.imports.model import ProjectIn
from webapp.imports.model import Where
from webapp.imports.safety import check_xlsx

MAX_COLUMNS = 1000
HEAD_ROWS = 10  # the section row is searched in the first rows


@dataclass
class Column:
    """A recognised column: its 1-based index, key, header text, houseblock kind and sub-header."""

    index: int
    key: str
    header: str
    kind: str | None = None  # construction / demolition for houseblock columns
    target: object = None  # the resolved sub-header


class Sheet:
    """The recognised columns of the data sheet and the errors found in it."""

    def __init__(self, name: str, ctx: Context) -> None:
        self.name = name
        self.ctx = ctx
        self.columns: list[Column] = []
        self.issues: list[Issue] = []
        self.sub_row = fmt.SUBHEADER_ROW

    def issue(self, code: str, row: int, col: Column, value: object = None, **kw) -> None:
        text = None if value is None else str(value)[:200]
        self.issues.append(
            cell_issue(code, self.name, row, col.index, col.header, value=text, **kw)
        )

    def one(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def of(self, key: str, kind: str | None = None) -> list[Column]:
        return [c for c in self.columns if c.key == key and c.kind == kind]


def open_sheet(data: bytes):
    """The workbook's data sheet ("Data", else the first) in read-only mode with cached values."""
    check_xlsx(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
    except Exception as exc:  # any malformed workbook: openpyxl raises many kinds
        raise ImportFailed([Issue("io_error", detail=type(exc).__name__)]) from exc
    return book, sheet


def read_excel(
    data: bytes, ctx: Context, max_rows: int
) -> tuple[list[ProjectIn], list[Issue], Callable]:
    """Projects of an Excel file, the errors found and a locator for rule errors.

    Level-1 errors (headers, sub-headers) stop before the data rows are read.
    """
    book, ws = open_sheet(data)
    try:
        return read_sheet(ws, ctx, max_rows)
    except ImportFailed:
        raise
    except Exception as exc:  # a damaged sheet fails while streaming, with any exception type
        raise ImportFailed([Issue("io_error", sheet=ws.title, detail=type(exc).__name__)]) from exc
    finally:
        book.close()


def read_sheet(ws, ctx: Context, max_rows: int) -> tuple[list[ProjectIn], list[Issue], Callable]:
    rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    head = [row for _, row in zip(range(HEAD_ROWS), rows, strict=False)]
    section_row = find_section_row(head)
    if section_row is None:
        raise ImportFailed([Issue("no_data_sheet", sheet=ws.title)])
    sheet = Sheet(ws.title, ctx)
    sheet.sub_row = section_row + 3
    header_rows = [
        head[section_row - 1 + i] if section_row - 1 + i < len(head) else () for i in range(4)
    ]
    read_columns(sheet, *header_rows)
    check_headers(sheet, section_row + 2, header_rows[2])
    locate = locator(sheet.name, sheet.columns)
    if sheet.issues:
        return [], sheet.issues, locate
    data_start = section_row + 4
    rest = (head[i] for i in range(data_start - 1, len(head)))
    projects = read_rows(sheet, data_start, chain(rest, rows), max_rows)
    return projects, sheet.issues, locate


def chain(*parts: Iterator) -> Iterator:
    for part in parts:
        yield from part


def find_section_row(head: list[tuple]) -> int | None:
    """1-based number of the first row naming a DIWI section."""
    for number, row in enumerate(head, start=1):
        if any(isinstance(v, str) and v.strip() in fmt.SECTIONS for v in row):
            return number
    return None


def read_columns(
    sheet: Sheet, sections: tuple, _groups: tuple, headers: tuple, subs: tuple
) -> None:
    """Recognise the header and sub-header of every column left of the control sections."""
    section, previous = None, None
    for index, header in enumerate(headers, start=1):
        label = sections[index - 1] if index - 1 < len(sections) else None
        if isinstance(label, str) and label.strip():
            section = label.strip()
        if section in fmt.CONTROL_SECTIONS or not isinstance(header, str):
            continue
        text = " ".join(header.split())
        key = fmt.header_key(text)
        if key is None and text == fmt.UNKNOWN_HEADER:
            key = fmt.UNKNOWN_AFTER.get(previous)
        if key is None:
            continue
        previous = key
        kind = fmt.HOUSEBLOCK_SECTIONS.get(section)
        if key in fmt.HOUSEBLOCK_HEADERS.values() and kind is None:
            continue
        column = Column(index, key, text, kind if key in fmt.HOUSEBLOCK_HEADERS.values() else None)
        sub = subs[index - 1] if index - 1 < len(subs) else None
        if key in fmt.SUBHEADER_KEYS and not resolve_subheader(sheet, column, sub):
            continue
        sheet.columns.append(column)


def check_headers(sheet: Sheet, header_row: int, headers: tuple) -> None:
    """All 55 DIWI headers must be present (missing_headers names the missing ones)."""
    found = {" ".join(h.split()) for h in headers if isinstance(h, str)}
    missing = [h for h in fmt.KNOWN_HEADERS if h not in found]
    if missing:
        sheet.issues.insert(
            0, Issue("missing_headers", sheet=sheet.name, row=header_row, value=", ".join(missing))
        )


def resolve_subheader(sheet: Sheet, col: Column, sub: object) -> bool:
    """Resolve a row-5 sub-header; False: no sub-header (the column is not used)."""
    if cells.empty(sub):
        return False
    row = sheet.sub_row
    try:
        col.target = SUB_RESOLVERS[col.key](sheet.ctx, sub)
    except CellError as err:
        code = err.code
        prop = CREATE_HINTS.get(code)
        create = {"object_type": prop[0], "name": str(sub).strip()} if prop else None
        sheet.issue(code, row, col, sub, create=create)
    return True


CREATE_HINTS = {
    "unknown_project_category_property": ("project",),
    "unknown_project_property": ("project",),
    "unknown_houseblock_property": ("houseblock",),
}


def property_resolver(object_type: str, code: str, category_only: bool = False) -> Callable:
    def resolve(ctx: Context, sub: object) -> dict:
        prop = ctx.prop(object_type, sub)
        if prop is None or (category_only and prop["value_type"] != "category"):
            raise CellError(code, sub)
        return prop

    return resolve


def price_resolver(price_kind: str, code: str) -> Callable:
    def resolve(ctx: Context, sub: object) -> str | None:
        if str(sub).strip().lower() == fmt.UNKNOWN_SUBHEADER:
            return None
        found = ctx.price(price_kind, sub)
        if found is None:
            raise CellError(code, sub)
        return found

    return resolve


def value_resolver(ctx: Context, sub: object) -> tuple | None:
    if str(sub).strip().lower() == fmt.UNKNOWN_SUBHEADER:
        return None
    return cells.euro_range(sub)


def size_resolver(ctx: Context, sub: object) -> tuple | None:
    if str(sub).strip().lower() == fmt.UNKNOWN_SUBHEADER:
        return None
    return cells.size_range(sub)


def option_resolver(kind: str) -> Callable:
    def resolve(ctx: Context, sub: object) -> str:
        code = ctx.code(kind, sub)
        if code is None:
            raise CellError("unknown_fixed_option", sub)
        return code

    return resolve


SUB_RESOLVERS: dict[str, Callable] = {
    "role_property": property_resolver("project", "unknown_project_category_property", True),
    "project_property": property_resolver("project", "unknown_project_property"),
    "houseblock_property": property_resolver("houseblock", "unknown_houseblock_property"),
    "delivery": lambda ctx, sub: cells.day(sub),
    "size": size_resolver,
    "purchase_category": price_resolver("purchase", "unknown_price_buy_range_category"),
    "private_rent_category": price_resolver("rent", "unknown_price_rent_range_category"),
    "social_rent_category": price_resolver("rent", "unknown_price_rent_range_category"),
    "purchase_value": value_resolver,
    "private_rent_value": value_resolver,
    "social_rent_value": value_resolver,
    "physical_appearance": option_resolver("physical_appearance"),
    "target_group": option_resolver("target_group"),
}


# --- data rows ---------------------------------------------------------------------------------


class Row:
    """One data row: typed access to its cells; type errors are collected on the sheet."""

    def __init__(self, sheet: Sheet, number: int, values: tuple) -> None:
        self.sheet = sheet
        self.number = number
        self.values = values
        self.identification: str | None = None

    def raw(self, col: Column | None) -> object:
        if col is None or col.index - 1 >= len(self.values):
            return None
        return self.values[col.index - 1]

    def get(self, col: Column | None, reader: Callable) -> object:
        if col is None:
            return None
        try:
            return reader(self.raw(col))
        except CellError as err:
            self.sheet.issue(
                err.code,
                self.number,
                col,
                err.value,
                identification=self.identification,
                **err.extra,
            )
            return None

    def key(self, key: str, reader: Callable) -> object:
        return self.get(self.sheet.one(key), reader)

    def required(self, key: str, reader: Callable, code: str) -> object:
        col = self.sheet.one(key)
        value = self.get(col, reader)
        if value is None and cells.empty(self.raw(col)) and col is not None:
            self.sheet.issue(code, self.number, col, identification=self.identification)
        return value


def read_rows(sheet: Sheet, start: int, rows: Iterator, max_rows: int) -> list[ProjectIn]:
    """Projects of the data rows; rows with the same Identificatie nr are merged."""
    projects: dict[str, ProjectIn] = {}
    counted = 0
    id_col = sheet.one("municipal_id")
    for number, values in enumerate(rows, start=start):
        if values is None or all(cells.empty(v) for v in values):
            continue
        counted += 1
        if counted > max_rows:  # only this error: the rest of the file was not read
            sheet.issues[:] = [
                Issue("too_many_rows", sheet=sheet.name, row=number, value=str(max_rows))
            ]
            break
        row = Row(sheet, number, values)
        municipal_id = row.get(id_col, cells.text)
        if municipal_id is None:
            continue  # DIWI: an empty Identificatie nr skips the row
        row.identification = municipal_id
        merge(sheet, projects, read_project(row), row)
    return list(projects.values())


def signature(project: ProjectIn) -> tuple:
    skip = {"where", "houseblocks", "rows"}
    return tuple(repr(getattr(project, f.name)) for f in fields(project) if f.name not in skip)


def merge(sheet: Sheet, projects: dict[str, ProjectIn], project: ProjectIn, row: Row) -> None:
    found = projects.get(project.municipal_id)
    if found is None:
        projects[project.municipal_id] = project
        return
    if signature(found) != signature(project):
        col = sheet.one("municipal_id")
        sheet.issue(
            "project_level_data_invalid",
            row.number,
            col,
            project.municipal_id,
            identification=project.municipal_id,
            detail=f"eerste rij: {found.rows[0]}",
        )
        return
    found.houseblocks.extend(project.houseblocks)
    found.rows.extend(project.rows)


def read_project(row: Row) -> ProjectIn:
    """The project-level columns of a row."""
    ctx = row.sheet.ctx
    project = ProjectIn(
        where=Where(sheet=row.sheet.name, row=row.number),
        municipal_id=row.identification,
        guid=row.key("project_guid", cells.text),
        name=row.required("name", cells.text, "no_project_name"),
        owners=fld.split(row.key("owner", cells.text)),
        confidentiality=row.required(
            "confidentiality",
            lambda v: fld.coded(ctx, "confidentiality", v),
            "no_project_confidentiality",
        ),
        colour=row.key("colour", cells.text),
        priority=row.key("priority", lambda v: fld.coded(ctx, "priority", v)),
        municipality_roles=row.key(
            "municipality_role", lambda v: fld.coded_list(ctx, "municipality_role", v)
        )
        or [],
        status=row.required(
            "project_status", lambda v: fld.coded(ctx, "project_status", v), "no_project_status"
        ),
        start_date=row.required("start_date", cells.day, "no_project_start_date"),
        end_date=row.required("end_date", cells.day, "no_project_end_date"),
        rows=[row.number],
    )
    read_plan_types(row, project)
    read_dates(row, project)
    read_location(row, project)
    read_custom(row, project, "role_property", "project_property")
    for kind in ("construction", "demolition"):
        block = read_houseblock(row, project, kind)
        if block is not None:
            project.houseblocks.append(block)
    apply_houseblock_extension(row, project)
    return project


def read_plan_types(row: Row, project: ProjectIn) -> None:
    ctx = row.sheet.ctx
    many = row.key("plan_types", lambda v: fld.coded_list(ctx, "plan_type", v))
    one = row.key("plan_type", lambda v: fld.coded(ctx, "plan_type", v))
    project.plan_types = many or ([one] if one else [])


def read_dates(row: Row, project: ProjectIn) -> None:
    for header, code in fmt.PHASE_HEADERS.items():
        found = row.get(column_by_header(row.sheet, header), cells.day)
        if found:
            project.phases[code] = found
    for header, code in {
        **fmt.PLANNING_STATUS_HEADERS,
        **fmt.EXTENSION_PLANNING_STATUS_HEADERS,
    }.items():
        found = row.get(column_by_header(row.sheet, header), cells.day)
        if found:
            project.planning_statuses[code] = found


def column_by_header(sheet: Sheet, header: str) -> Column | None:
    return next((c for c in sheet.columns if c.header == header), None)


def read_location(row: Row, project: ProjectIn) -> None:
    ctx = row.sheet.ctx
    code = row.key("municipality_code", cells.text)
    name = row.key("municipality", cells.text)
    for given in (code, name):
        if given and fld.normalised(given) not in ctx.municipality_names:
            col = row.sheet.one("municipality_code" if given is code else "municipality")
            row.sheet.issue(
                "unknown_property_value",
                row.number,
                col,
                given,
                identification=project.municipal_id,
            )
    project.municipality = ctx.municipality_code if (code or name) else None
    project.districts = (
        row.key("district_codes", lambda v: fld.area_codes(ctx.districts, v))
        or row.key("district", lambda v: fld.area_codes(ctx.districts, v))
        or []
    )
    project.neighbourhoods = (
        row.key("neighbourhood_codes", lambda v: fld.area_codes(ctx.neighbourhoods, v))
        or row.key("neighbourhood", lambda v: fld.area_codes(ctx.neighbourhoods, v))
        or []
    )


def read_custom(row: Row, target, *keys: str, kind: str | None = None) -> None:
    """Custom property values of the sub-headed columns (an empty cell clears the value)."""
    for key in keys:
        for col in row.sheet.of(key, kind):
            if not isinstance(col.target, dict):
                continue
            prop = col.target
            if isinstance(target, ProjectIn):
                target.custom_columns.add(prop["id"])
            value = row.get(col, lambda v, p=prop: fld.custom_value(p, v))
            if value is not None:
                target.custom_values[prop["id"]] = value


def block_columns(sheet: Sheet, kind: str) -> list[Column]:
    return [c for c in sheet.columns if c.kind == kind]


def read_houseblock(row: Row, project: ProjectIn, kind: str) -> HouseblockIn | None:
    """The houseblock of one mutation kind in a row (None: no amount and no data)."""
    sheet = row.sheet
    amount_col = sheet.one(kind)
    amount = row.get(amount_col, cells.count)
    used = [c for c in block_columns(sheet, kind) if not cells.empty(row.raw(c))]
    if not amount and not used:
        return None
    block = HouseblockIn(
        where=Where(sheet=sheet.name, row=row.number),
        mutation_kind=kind,
        amount=amount,
        name="Bouw" if kind == "construction" else "Sloop",
        programming=row.key("programming", cells.boolean),  # per houseblock (ours); DIWI: per row
        lenient=any(c.key in fmt.EXTENSION_HEADERS.values() for c in sheet.columns),
    )
    read_counts(row, block, kind)
    read_prices(row, block, kind)
    read_breakdowns(row, block, kind)
    read_custom(row, block, "houseblock_property", kind=kind)
    return block


def counted(row: Row, col: Column) -> int:
    return row.get(col, cells.count) or 0


def read_counts(row: Row, block: HouseblockIn, kind: str) -> None:
    sheet = row.sheet
    for col in sheet.of("delivery", kind):
        n = counted(row, col)
        if n and col.target:
            block.deliveries.append((col.target, n))
    sizes = [col.target for col in sheet.of("size", kind) if col.target and counted(row, col)]
    if sizes:
        block.size_m2 = (min(s[0] for s in sizes), max(s[1] for s in sizes))
    for key in (*fmt.OWNERSHIP_KEYS, "ownership_unknown"):
        n = sum(counted(row, col) for col in sheet.of(key, kind))
        if any(not cells.empty(row.raw(col)) for col in sheet.of(key, kind)):
            block.ownership_counts[key] = n


def read_prices(row: Row, block: HouseblockIn, kind: str) -> None:
    sheet = row.sheet
    for key, (ownership, _) in fmt.CATEGORY_KEYS.items():
        for col in sheet.of(key, kind):
            n = counted(row, col)
            if n:
                block.lines.append(
                    OwnershipLine(
                        ownership,
                        n,
                        "category" if col.target else None,
                        price_category_id=col.target,
                        column=col.header,
                    )
                )
    for key, ownership in fmt.VALUE_KEYS.items():
        for col in sheet.of(key, kind):
            n = counted(row, col)
            if not n:
                continue
            line = OwnershipLine(ownership, n, "value" if col.target else None, column=col.header)
            if col.target:
                low, high = col.target
                if low == high:
                    line.price_cents = low
                else:
                    line.price_range_cents = (low, high)
            block.lines.append(line)


def read_breakdowns(row: Row, block: HouseblockIn, kind: str) -> None:
    sheet = row.sheet
    for key in fmt.HOUSE_TYPE_KEYS:
        add_breakdown(row, block, "house_type", key, sheet.of(key, kind), key)
    block.house_type_unknown = sum(counted(row, c) for c in sheet.of("house_type_unknown", kind))
    if any(not cells.empty(row.raw(c)) for c in sheet.of("house_type_unknown", kind)):
        block.breakdown.setdefault("house_type", {})
    for key in fmt.GROUND_POSITION_KEYS:
        add_breakdown(row, block, "ground_position", key, sheet.of(key, kind), key)
    for prop in ("physical_appearance", "target_group"):
        for col in sheet.of(prop, kind):
            if col.target:
                add_breakdown(row, block, prop, col.target, [col], col.target)


def add_breakdown(
    row: Row, block: HouseblockIn, prop: str, _key: str, cols: list, code: str
) -> None:
    if not cols or all(cells.empty(row.raw(c)) for c in cols):
        return
    counts = block.breakdown.setdefault(prop, {})
    counts[code] = counts.get(code, 0) + sum(counted(row, c) for c in cols)


def apply_houseblock_extension(row: Row, project: ProjectIn) -> None:
    """The round-trip columns (GUID, name, dates, size) apply when the row has one houseblock."""
    if len(project.houseblocks) != 1:
        return
    block = project.houseblocks[0]
    block.guid = row.key("houseblock_guid", cells.text)
    block.name = row.key("houseblock_name", cells.text) or block.name
    block.start_date = row.key("houseblock_start", cells.day)
    block.end_date = row.key("houseblock_end", cells.day)
    block.delivery_earliest = row.key("delivery_earliest", cells.day)
    size = row.key("houseblock_size", lambda v: None if cells.empty(v) else cells.size_range(v))
    block.size_m2 = size or block.size_m2


# rule field -> the column key it is reported at (see rules.Checker.add)
RULE_COLUMNS = {
    "phases": "concept",
    "planning_statuses": "4A",
    "amount": None,  # the Bouw / Sloop column of the houseblock's kind
    "owner_occupied_price": "purchase_category",
    "private_rental_price": "private_rent_category",
    "social_rental_price": "social_rent_category",
    "house_type": "single_family",
    "ground_position": "no_permission",
}


def locator(sheet_name: str, columns: list[Column]) -> Callable[..., dict]:
    """Issue arguments (sheet, row, column letter and header) of a rule field in a row."""

    def locate(where, what: str, kind: str | None) -> dict:
        key = RULE_COLUMNS.get(what, what) or kind
        col = next((c for c in columns if c.key == key and c.kind in (kind, None)), None)
        if col is None:
            return {"sheet": sheet_name, "row": where.row}
        return {
            "sheet": sheet_name,
            "row": where.row,
            "column": get_column_letter(col.index),
            "header": col.header,
        }

    return locate
