"""The Excel delivery writer: one sheet per table, a header row, typed cells that read back."""

from __future__ import annotations

import io
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from plugins.processes.writers import DeliveryWriteError
from plugins.processes.writers import Field
from plugins.processes.writers import Table
from plugins.processes.writers import xlsx

PLAN_FIELDS = [
    Field("ID", "text", nullable=False),
    Field("Plannaam", "text", nullable=False),
    Field("Knelpunten", "list"),
    Field("Studentenwoningen", "integer", nullable=False),
    Field("Sleutelproject", "boolean"),
    Field("Realisatiekans", "real"),
    Field("Startdatum", "date"),
    Field("Laatst gewijzigd", "datetime"),
    Field("Nieuwbouw 2024", "integer"),
]
PLANS = [
    {
        "ID": "0b6b5a3e-8a11-4c55-9d1e-2f0c5c1a0001",
        "Plannaam": "Kop van Noord",
        "Knelpunten": ["Stikstof", "Nuts"],
        "Studentenwoningen": 12,
        "Sleutelproject": True,
        "Realisatiekans": Decimal("0.8"),
        "Startdatum": date(2025, 4, 1),
        "Laatst gewijzigd": datetime(2025, 6, 2, 12, 15, tzinfo=UTC),  # 14:15 in Middelburg
        "Nieuwbouw 2024": None,
    },
    {
        "ID": "0b6b5a3e-8a11-4c55-9d1e-2f0c5c1a0002",
        "Plannaam": "Dorpsrand Kapelle",
        "Knelpunten": [],
        "Studentenwoningen": Decimal(0),
        "Sleutelproject": False,
        "Realisatiekans": None,
        "Startdatum": datetime(2026, 1, 1, 0, 30, tzinfo=UTC),
        "Laatst gewijzigd": date(2025, 1, 2),
        "Nieuwbouw 2024": 40,
    },
]


def _workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_each_table_becomes_a_sheet_with_a_header_row_and_typed_cells(tmp_path: Path) -> None:
    tables = [
        Table("Uitgebreid", PLAN_FIELDS, PLANS),
        Table(
            "Draaitabel", [Field("ID", "text"), Field("2043", "integer")], [{"ID": "x", "2043": 3}]
        ),
    ]
    workbook = _workbook(xlsx.write(tables, tmp_path))
    assert workbook.sheetnames == ["Uitgebreid", "Draaitabel"]
    sheet = workbook["Uitgebreid"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(field.name for field in PLAN_FIELDS)
    assert sheet["A1"].font.bold
    assert rows[1] == (
        "0b6b5a3e-8a11-4c55-9d1e-2f0c5c1a0001",
        "Kop van Noord",
        "Stikstof, Nuts",
        12,
        True,
        0.8,
        datetime(2025, 4, 1),  # openpyxl reads every date cell back as a datetime
        datetime(2025, 6, 2, 14, 15),
        None,
    )
    assert rows[2][2:] == (None, 0, False, None, datetime(2026, 1, 1), datetime(2025, 1, 2), 40)
    assert [sheet.cell(2, column).data_type for column in (4, 5, 6, 7, 8)] == [
        "n",
        "b",
        "n",
        "d",
        "d",
    ]
    assert sheet["G2"].number_format == "yyyy-mm-dd"
    assert sheet["H2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert list(workbook["Draaitabel"].iter_rows(values_only=True)) == [("ID", "2043"), ("x", 3)]
    assert list(tmp_path.iterdir()) == []  # the work files are cleaned up


def test_an_empty_table_still_gets_its_header(tmp_path: Path) -> None:
    workbook = _workbook(xlsx.write([Table("Uitgebreid", PLAN_FIELDS, [])], tmp_path))
    assert list(workbook["Uitgebreid"].iter_rows(values_only=True)) == [
        tuple(field.name for field in PLAN_FIELDS)
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"Plannaam": None}, "Plannaam", "verplicht veld is leeg"),
        ({"Studentenwoningen": 2.5}, "Studentenwoningen", "geen geheel getal"),
        ({"Sleutelproject": "ja"}, "Sleutelproject", "geen ja/nee-waarde"),
        ({"Startdatum": "2025-04-01"}, "Startdatum", "geen datum"),
    ],
)
def test_values_that_do_not_fit_their_field_are_refused_with_table_row_and_field(
    tmp_path: Path, change: dict, field: str, message: str
) -> None:
    rows = [PLANS[0], PLANS[1] | change]
    with pytest.raises(
        DeliveryWriteError, match=f"^tabel Uitgebreid, rij 2, veld {field}: .*{message}"
    ):
        xlsx.write([Table("Uitgebreid", PLAN_FIELDS, rows)], tmp_path)


def test_sheet_names_excel_cannot_hold_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DeliveryWriteError, match="ongeldige werkbladnaam"):
        xlsx.write([Table("Plannen 2024/2025", PLAN_FIELDS, [])], tmp_path)
