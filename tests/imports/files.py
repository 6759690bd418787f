"""Small import files built from the shipped template: one valid project row plus a change."""

import io
import json
from datetime import date

import openpyxl

from webapp.imports.example import TemplateBook
from webapp.imports.example import example_geojson

DROP = object()  # a change that empties the cell
C = "construction"


def base_row(prefix: str) -> dict:
    return {
        "Identificatie nr": f"{prefix}-1",
        "Naam": "Testproject import",
        "Eigenaar": "Team Wonen",
        "Vertrouwelijkheid": "Intern ambtelijk",
        "Project status": "Actief",
        "Start project": date(2025, 1, 1),
        "Eind project": date(2030, 12, 31),
        "Bouw": 10,
    }


def excel(
    prefix: str,
    changes: dict | None = None,
    subs: dict | None = None,
    extra_rows: list[dict] | None = None,
) -> bytes:
    """The template with sub-headers `subs` and one base row changed by `changes`."""
    book = TemplateBook()
    for (kind, header), names in (subs or {}).items():
        book.sub(kind, header, names)
    row = {**base_row(prefix), **(changes or {})}
    book.add({k: (None if v is DROP else v) for k, v in row.items()})
    for extra in extra_rows or []:
        book.add({**base_row(prefix), **extra})
    return book.bytes()


def without_header(header_cell: str) -> bytes:
    book = TemplateBook()
    book.ws[header_cell].value = None
    return book.bytes()


def empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def geojson(prefix: str, change=None) -> bytes:
    doc = example_geojson(prefix)
    if change:
        change(doc)
    return json.dumps(doc).encode()
