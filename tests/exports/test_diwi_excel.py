"""DIWI Excel export: DIWI's layout, generated sub-headers, values and the round-trip section."""

import io
from datetime import date
from datetime import datetime

import openpyxl
import psycopg
import pytest
from flask import Flask

from tests.exports import golden
from webapp.diwi_format import excel as layout
from webapp.exports.excel import workbook_bytes
from webapp.exports.queries import Selection
from webapp.exports.queries import load_export

pytestmark = pytest.mark.db
BOUW, SLOOP, PROJECT = "Bouw gegevens", "Sloop gegevens", "Projectgegevens"
EXT = layout.EXTENSION_SECTION


class Sheet:
    """The export's Data sheet, cells found by (section, header, sub-header) and block GUID."""

    def __init__(self, body: bytes) -> None:
        self.book = openpyxl.load_workbook(io.BytesIO(body))
        self.ws = self.book[layout.DATA_SHEET]
        self.columns: dict[tuple, int] = {}
        section = None
        for col in range(1, self.ws.max_column + 1):
            section = self.ws.cell(layout.SECTION_ROW, col).value or section
            header = self.ws.cell(layout.HEADER_ROW, col).value
            sub = plain(self.ws.cell(layout.SUBHEADER_ROW, col).value)
            if header is not None:
                self.columns.setdefault((section, header, sub), col)

    def headers(self, section: str, header: str) -> list:
        return [sub for (s, h, sub) in self.columns if s == section and h == header]

    def row_of(self, block_id: str | None, project_id: str | None = None) -> int:
        guid = self.columns[(EXT, "Woningblok GUID", None)]
        pguid = self.columns[(EXT, "Project GUID", None)]
        for row in range(layout.FIRST_DATA_ROW, self.ws.max_row + 1):
            if block_id and self.ws.cell(row, guid).value == block_id:
                return row
            if project_id and self.ws.cell(row, pguid).value == project_id:
                return row
        raise AssertionError(f"no row for {block_id or project_id}")

    def get(self, row: int, section: str, header: str, sub: object = None) -> object:
        return plain(self.ws.cell(row, self.columns[(section, header, sub)]).value)


def golden_guids(sheet: Sheet) -> list[str]:
    """The Project GUIDs of the golden municipality's rows (others' public projects show too)."""
    guid = sheet.columns[(EXT, "Project GUID", None)]
    code = sheet.columns[(EXT, "Gemeentecode", None)]
    return [
        sheet.ws.cell(r, guid).value
        for r in range(layout.FIRST_DATA_ROW, sheet.ws.max_row + 1)
        if sheet.ws.cell(r, code).value == golden.MUNICIPALITY
    ]


def plain(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


def export(app: Flask, viewer: dict, day: date = golden.PEILDATUM, **kw) -> Sheet:
    with app.app_context():
        return Sheet(workbook_bytes(load_export(viewer, Selection(day, **kw))))


def test_layout_keeps_diwis_headers_and_adds_the_extension(app, gold) -> None:
    sheet = export(app, gold.viewer)
    assert sheet.book.sheetnames == ["Data"]
    headers = {h for (_, h, _) in sheet.columns}
    assert set(layout.KNOWN_HEADERS) <= headers
    sections = [
        sheet.ws.cell(layout.SECTION_ROW, c).value for c in range(1, sheet.ws.max_column + 1)
    ]
    assert [s for s in sections if s] == [*layout.SECTIONS, *layout.CONTROL_SECTIONS, EXT]
    extension = [h for (s, h, _) in sheet.columns if s == EXT]
    assert set(extension) == set(layout.EXTENSION_HEADERS)
    assert sheet.ws.max_column >= 203


def test_sub_headers_are_generated_from_the_data(app, gold) -> None:
    sheet = export(app, gold.viewer)
    assert sheet.headers(PROJECT, "Maatwerk project eigenschap")[:2] == [
        "Kenmerken",
        "Parkeerplaatsen",
    ]
    assert date(2027, 9, 1) in sheet.headers(BOUW, "Opleverdatum")
    assert date(2025, 1, 1) in sheet.headers(SLOOP, "Opleverdatum")
    assert sheet.headers(BOUW, "Koopprijs categorie")[0] == "Betaalbaar"
    assert "300000" in sheet.headers(BOUW, "Koopprijs waarde")
    assert "900-1200" in sheet.headers(BOUW, "Huurprijs particuliere verhuurder")
    assert sheet.headers(BOUW, "Fysiek voorkomen") == [
        "Tussenwoning",
        "Hoekwoning",
        "Twee-onder-een-kap",
        "Vrijstaand",
        "Portiekflat",
        "Galerijflat",
    ]
    assert sheet.headers(BOUW, "Doelgroep categorie")[0] == "Regulier"
    assert sheet.headers(BOUW, "Maatwerk woning eigenschap")[0] == "Levensloop"


def test_project_columns(app, gold) -> None:
    sheet = export(app, gold.viewer)
    row = sheet.row_of(gold.construction)
    expected = {
        "Identificatie nr": "GLD-001",
        "Naam": "Gouden Hoek",
        "Eigenaar": "Team Goud",
        "Vertrouwelijkheid": "Extern mede-overheden",
        "Plan soort": "Herstructurering",
        "In programmering": "Ja",
        "Priorisering": "Hoog",
        "Rol gemeente": "Opdrachtgever; Grondeigenaar",
        "Project status": "Actief",
        "3 Definitie": date(2024, 1, 1),
        "4 Ontwerp": date(2025, 6, 1),
        "1 Concept": None,
        "4a Opgenomen in de visie": date(2024, 1, 1),
        "3 In voorbereiding": date(2025, 6, 1),
        "Gemeente": "Test GM9801",
        "Wijk": "Oud Centrum",
        "Buurt": "Kerkbuurt",
    }
    subs = {
        "3 Definitie",
        "4 Ontwerp",
        "1 Concept",
        "4a Opgenomen in de visie",
        "3 In voorbereiding",
    }
    for header, value in expected.items():
        sub = "Startdatum" if header in subs else None
        assert sheet.get(row, PROJECT, header, sub) == value, header
    assert sheet.get(row, PROJECT, "Start project", "Startdatum") == date(2024, 1, 1)
    assert sheet.get(row, PROJECT, "Eind project", "Einddatum") == date(2030, 1, 1)
    assert sheet.get(row, PROJECT, "Maatwerk project eigenschap", "Parkeerplaatsen") == 12
    assert sheet.get(row, PROJECT, "Maatwerk project eigenschap", "Kenmerken") == "Optie A; Optie B"


def test_construction_block_columns(app, gold) -> None:
    sheet = export(app, gold.viewer)
    row = sheet.row_of(gold.construction)
    expected = [
        ("Woning aantallen", "Bouw", None, 20),
        ("Woning aantallen", "Sloop", None, None),
        (BOUW, "Opleverdatum", date(2027, 9, 1), 20),
        (BOUW, "Grootte categorie", "60-80", 20),
        (BOUW, "Koopwoning", None, 12),
        (BOUW, "Particuliere verhuurder", None, 5),
        (BOUW, "Huur woningcorporatie", None, 2),
        (BOUW, "Eigendom type onbekend", None, 1),
        (BOUW, "Koopprijs categorie", "Betaalbaar", 4),
        (BOUW, "Koopprijs waarde", "300000", 8),
        (BOUW, "Huurprijs particuliere verhuurder", "900-1200", 5),
        (BOUW, "Huurprijs woningcorporatie categorie", "Onbekend", 2),
        (BOUW, "Eengezins woning", None, 12),
        (BOUW, "Meergezins woning", None, 8),
        (BOUW, "Woning type onbekend", None, None),
        (BOUW, "Fysiek voorkomen", "Tussenwoning", 12),
        (BOUW, "Fysiek voorkomen", "Galerijflat", 8),
        (BOUW, "Doelgroep categorie", "Regulier", 15),
        (BOUW, "Doelgroep categorie", "Ouderen", 5),
        (BOUW, "Formele toestemming eigenaar", None, 20),
        (BOUW, "Geen toestemming eigenaar", None, None),
        (BOUW, "Maatwerk woning eigenschap", "Levensloop", "Ja"),
        ("Controle Bouw totalen", "Mutatie gegevens", None, 20),
        ("Controle Bouw totalen", "Woning waarde en huurprijs", None, 19),
        ("Controle Bouw totalen", "Afwijkende totalen", None, "Woning waarde en huurprijs"),
    ]
    for section, header, sub, value in expected:
        assert sheet.get(row, section, header, sub) == value, (section, header, sub)
    assert sheet.get(row, SLOOP, "Opleverdatum", date(2025, 1, 1)) is None


def test_demolition_block_columns(app, gold) -> None:
    sheet = export(app, gold.viewer)
    row = sheet.row_of(gold.demolition)
    assert sheet.get(row, "Woning aantallen", "Sloop") == 6
    assert sheet.get(row, PROJECT, "In programmering") == "Nee"
    assert sheet.get(row, SLOOP, "Opleverdatum", date(2025, 1, 1)) == 6
    assert sheet.get(row, SLOOP, "Grootte categorie", "70") == 6
    assert sheet.get(row, SLOOP, "Huur woningcorporatie") == 6
    assert sheet.get(row, SLOOP, "Meergezins woning") == 6
    assert sheet.get(row, BOUW, "Koopwoning") is None


def test_extension_section_carries_what_diwis_columns_cannot(app, gold) -> None:
    sheet = export(app, gold.viewer)
    row = sheet.row_of(gold.construction)
    expected = {
        "Project GUID": gold.project,
        "Woningblok GUID": gold.construction,
        "Woningblok naam": "Blok A",
        "Woningblok startdatum": date(2025, 1, 1),
        "Woningblok einddatum": date(2028, 1, 1),
        "Plan soorten": "Herstructurering; Verdichting",
        "Gemeentecode": golden.MUNICIPALITY,
        "Vroegste opleverdatum": date(2027, 3, 1),
        "Woningblok grootte": "60-80",
        "Wijkcodes": golden.DISTRICT[0],
        "Buurtcodes": golden.NEIGHBOURHOOD[0],
        "Projectkleur": "#123456",
    }
    for header, value in expected.items():
        assert sheet.get(row, EXT, header) == value, header


def test_a_project_without_houseblocks_gets_one_row(app, gold) -> None:
    sheet = export(app, gold.viewer)
    row = sheet.row_of(None, gold.empty_project)
    assert sheet.get(row, PROJECT, "Naam") == "Lege kavel"
    assert sheet.get(row, EXT, "Woningblok GUID") is None
    assert sheet.get(row, "Woning aantallen", "Bouw") is None
    assert sorted(golden_guids(sheet)) == sorted([gold.project, gold.project, gold.empty_project])


def test_project_status_follows_the_reference_date(app, gold) -> None:
    for day, status in ((date(2023, 6, 1), "Nieuw"), (date(2031, 1, 1), "Afgerond")):
        sheet = export(app, gold.viewer, day, project_ids=[gold.project])
        row = sheet.row_of(gold.construction)
        assert sheet.get(row, PROJECT, "Project status") == status


CHANGED_AMOUNT_SQL = """
    SELECT h.project_id::text, h.id::text, hv.mutation_kind, hv.amount, hv.valid_from
    FROM plan.houseblock_version hv JOIN plan.houseblock h ON h.id = hv.houseblock_id
    JOIN plan.project p ON p.id = h.project_id
    WHERE hv.superseded_at IS NULL AND hv.valid_from < hv.valid_to
      AND p.municipality_code = 'GM0200'
      AND h.id = (SELECT x.houseblock_id FROM plan.houseblock_version x
                  JOIN plan.houseblock y ON y.id = x.houseblock_id
                  JOIN publication.project_cache c ON c.id = y.project_id
                  WHERE x.superseded_at IS NULL AND c.municipality_code = 'GM0200'
                    AND c.confidentiality_rank >= 2
                  GROUP BY x.houseblock_id HAVING count(DISTINCT x.amount) > 1
                  ORDER BY x.houseblock_id LIMIT 1)
    ORDER BY hv.valid_from
"""


def test_values_follow_the_reference_date(sign_in, owner_url) -> None:
    with psycopg.connect(owner_url) as conn:
        versions = conn.execute(CHANGED_AMOUNT_SQL).fetchall()
    assert len({v[3] for v in versions}) > 1, "the demo changes some houseblock amounts"
    client = sign_in("user_plus")
    header = "Bouw" if versions[0][2] == "construction" else "Sloop"
    for project, block, _, amount, valid_from in versions:
        query = f"peildatum={valid_from.isoformat()}&project={project}"
        sheet = Sheet(client.get(f"/exporteren/diwi.xlsx?{query}").data)
        assert sheet.get(sheet.row_of(block), "Woning aantallen", header) == amount


def test_selection_by_minimum_confidentiality(app, gold) -> None:
    sheet = export(app, gold.viewer, min_level=7)
    assert set(golden_guids(sheet)) == {gold.empty_project}


def test_groups_grow_when_more_sub_headers_are_needed(sign_in) -> None:
    client = sign_in("user_plus")
    response = client.get(f"/exporteren/diwi.xlsx?peildatum={golden.PEILDATUM}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = Sheet(response.data)
    deliveries = sheet.headers(BOUW, "Opleverdatum")
    assert len(deliveries) > 10 and deliveries == sorted(deliveries)
    columns = [sheet.columns[(BOUW, "Opleverdatum", d)] for d in deliveries]
    assert columns == list(range(columns[0], columns[0] + len(columns)))
    assert sheet.ws.cell(layout.HEADER_ROW, columns[-1] + 1).value == "Grootte categorie"
    total = sum(
        sheet.ws.cell(r, c).value or 0
        for r in range(layout.FIRST_DATA_ROW, sheet.ws.max_row + 1)
        for c in columns
    )
    bouw = sheet.columns[("Woning aantallen", "Bouw", None)]
    assert total == sum(
        sheet.ws.cell(r, bouw).value or 0
        for r in range(layout.FIRST_DATA_ROW, sheet.ws.max_row + 1)
    )
