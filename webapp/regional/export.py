"""The acceleration table as a spreadsheet (openpyxl) or CSV, one row per key project."""

import csv
import io
from datetime import date

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# (column title, function of the row)
COLUMNS = [
    ("Gemeente", lambda r: r["municipality_name"]),
    ("Project", lambda r: r["name"]),
    ("GUID", lambda r: r["id"]),
    ("Bron", lambda r: r["instance"] or "deze DIWI"),
    ("Fase", lambda r: r["phase_label"]),
    ("Planstatus", lambda r: r["planning_status_label"]),
    ("Woningen netto", lambda r: r["net_plan_capacity"]),
    ("Koop", lambda r: r["owner_occupied"]),
    ("Huur particulier", lambda r: r["private_rental"]),
    ("Sociale huur", lambda r: r["social_rental"]),
    ("Oplevering gepland", lambda r: r["planned_delivery"]),
    ("Prognose p10", lambda r: r["forecast_p10"]),
    ("Prognose p50", lambda r: r["forecast_p50"]),
    ("Prognose p90", lambda r: r["forecast_p90"]),
    ("Oplevering volgens processtappen", lambda r: r["process_delivery"]),
    ("Stappen klaar", lambda r: r["steps_done"]),
    ("Stappen lopend", lambda r: r["steps_running"]),
    ("Stappen te laat", lambda r: r["steps_late"]),
    ("Knelpunten", lambda r: "; ".join(f"{b['step']}: {b['reason']}" for b in r["bottlenecks"])),
    ("Versnellingsopties", lambda r: "; ".join(option_text(o) for o in r["acceleration"])),
    ("Maximale winst (dagen)", lambda r: r["max_gain_days"]),
    ("Waarom sleutelproject", lambda r: r["key_reason"]),
]


def option_text(option: dict) -> str:
    """An acceleration option in Dutch."""
    return f"{option['source']} en {option['target']} tegelijk: {option['gain_days']} dagen eerder"


def cells(row: dict) -> list:
    return [value(row) for _title, value in COLUMNS]


def to_csv(rows: list[dict]) -> str:
    """Semicolon-separated CSV (as Dutch spreadsheets open it), ISO dates."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([title for title, _value in COLUMNS])
    for row in rows:
        writer.writerow(["" if v is None else v for v in cells(row)])
    return out.getvalue()


def to_xlsx(rows: list[dict]) -> bytes:
    """One sheet "Versnellingstafel" with a bold, frozen header row and date cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Versnellingstafel"
    sheet.append([title for title, _value in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(cells(row))
    for index, (title, _value) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) + 2)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "dd-mm-yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
