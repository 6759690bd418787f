"""Excel workbook writer: one sheet per table, a header row of field names and typed cells."""

from __future__ import annotations

import tempfile
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from plugins.processes.writers import DeliveryWriteError
from plugins.processes.writers import Field
from plugins.processes.writers import Table

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # Excel has no time zones: show Dutch wall-clock time
FORBIDDEN_TITLE_CHARACTERS = frozenset("[]:*?/\\")
LIST_SEPARATOR = ", "  # as Planmonitor Wonen joins its multiple-choice values
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def write(tables: list[Table], work_dir: Path) -> bytes:
    """Write every table as a sheet (header = field names) and return the .xlsx bytes."""
    for table in tables:  # refuse before streaming: a half-written sheet stream cannot be closed
        _sheet_title(table.name)
        for number, row in enumerate(table.rows, start=1):
            for field in table.fields:
                _value(row.get(field.name), field, table.name, number)
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.name))
        _write_sheet(sheet, table)
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="xlsx-") as tmp:
        path = Path(tmp) / "delivery.xlsx"
        workbook.save(path)
        return path.read_bytes()


def _sheet_title(name: str) -> str:
    if not name or len(name) > 31 or FORBIDDEN_TITLE_CHARACTERS & set(name):
        raise DeliveryWriteError(
            "ongeldige werkbladnaam (1-31 tekens, zonder []:*?/\\)", table=name
        )
    return name


def _write_sheet(sheet: WriteOnlyWorksheet, table: Table) -> None:
    bold = Font(bold=True)
    header = []
    for field in table.fields:
        cell = WriteOnlyCell(sheet, value=field.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for number, row in enumerate(table.rows, start=1):
        sheet.append(
            [_cell(sheet, row.get(field.name), field, table.name, number) for field in table.fields]
        )


def _cell(sheet: WriteOnlyWorksheet, value: Any, field: Field, table: str, row: int) -> Any:
    typed = _value(value, field, table, row)
    if isinstance(typed, datetime | date):
        cell = WriteOnlyCell(sheet, value=typed)
        cell.number_format = DATETIME_FORMAT if isinstance(typed, datetime) else DATE_FORMAT
        return cell
    return typed


def _value(value: Any, field: Field, table: str, row: int) -> Any:
    if value is None or (isinstance(value, list) and not value):
        if not field.nullable:
            raise DeliveryWriteError(
                "verplicht veld is leeg", table=table, row=row, field=field.name
            )
        return None
    try:
        return _typed(value, field.type)
    except (TypeError, ValueError) as error:
        raise DeliveryWriteError(str(error), table=table, row=row, field=field.name) from None


def _typed(value: Any, kind: str) -> Any:
    """Turn a value into the Python type openpyxl stores as the matching Excel cell type."""
    if kind == "integer":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | Decimal)
            or int(value) != value
        ):
            raise ValueError(f"{value!r} is geen geheel getal")
        return int(value)
    if kind == "real":
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValueError(f"{value!r} is geen getal")
        return float(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is geen ja/nee-waarde")
        return value
    if kind in ("date", "datetime"):
        return _moment(value, kind)
    if kind == "list":
        return (
            LIST_SEPARATOR.join(str(part) for part in value)
            if isinstance(value, list | tuple)
            else str(value)
        )
    return str(value)


def _moment(value: Any, kind: str) -> date | datetime:
    if isinstance(value, datetime):
        local = value.astimezone(LOCAL_TIME).replace(tzinfo=None) if value.tzinfo else value
        return local.date() if kind == "date" else local
    if isinstance(value, date):
        return value if kind == "date" else datetime(value.year, value.month, value.day)
    raise ValueError(f"{value!r} is geen datum")
