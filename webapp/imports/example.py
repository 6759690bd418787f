"""Filling DIWI's Excel template from Python: the shipped example file and the tests' files.

Run `python -m webapp.imports.example` to rewrite webapp/diwi_format/templates/examples/.
"""

import io
import json
from datetime import date

import openpyxl

from webapp.diwi_format import excel as fmt

KINDS = {"Bouw gegevens": "construction", "Sloop gegevens": "demolition"}


class TemplateBook:
    """DIWI's template with its example sub-headers cleared; cells addressed by header."""

    def __init__(self) -> None:
        self.book = openpyxl.load_workbook(fmt.EXCEL_TEMPLATE)
        self.ws = self.book.worksheets[0]
        self.row_number = fmt.FIRST_DATA_ROW
        self.columns: dict[tuple[str | None, str], list[int]] = {}
        self.scan(clear=True)

    def scan(self, clear: bool = False) -> None:
        """Find the columns by section and header (clear: empty the example sub-headers)."""
        self.columns = {}
        section = None
        for col in range(1, self.ws.max_column + 1):
            section = self.ws.cell(fmt.SECTION_ROW, col).value or section
            header = self.ws.cell(fmt.HEADER_ROW, col).value
            if header and section not in fmt.CONTROL_SECTIONS:
                self.columns.setdefault((KINDS.get(section), header), []).append(col)
                if clear and fmt.header_key(header) in fmt.SUBHEADER_KEYS:
                    self.ws.cell(fmt.SUBHEADER_ROW, col).value = None

    def grow(self, kind: str | None, header: str, needed: int) -> None:
        """Insert columns into a repeated group that has fewer than `needed` (before any row)."""
        cols = self.columns[(kind, header)]
        extra = needed - len(cols)
        if extra <= 0:
            return
        at = cols[-1] + 1
        self.ws.insert_cols(at, extra)
        for col in range(at, at + extra):
            self.ws.cell(fmt.HEADER_ROW, col).value = header
        self.scan()

    def sub(self, kind: str | None, header: str, names: list) -> None:
        """Set the sub-headers of a repeated column group (first columns first)."""
        cols = self.columns[(kind, header)]
        for col, name in zip(cols, names, strict=False):
            self.ws.cell(fmt.SUBHEADER_ROW, col).value = name

    def column(self, key: str | tuple) -> int:
        if isinstance(key, str):
            return self.columns[(None, key)][0]
        kind, header, *sub = key
        cols = self.columns[(kind, header)]
        if not sub:
            return cols[0]
        return next(c for c in cols if self.ws.cell(fmt.SUBHEADER_ROW, c).value == sub[0])

    def add(self, values: dict) -> int:
        """Write one data row; returns its Excel row number."""
        number = self.row_number
        for key, value in values.items():
            self.ws.cell(number, self.column(key)).value = value
        self.row_number += 1
        return number

    def extension(self, headers: list[str]) -> None:
        """Add the round-trip extension section right of the template."""
        start = self.ws.max_column + 2
        self.ws.cell(fmt.SECTION_ROW, start).value = fmt.EXTENSION_SECTION
        for offset, header in enumerate(headers):
            self.ws.cell(fmt.HEADER_ROW, start + offset).value = header
            self.columns[(None, header)] = [start + offset]

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


C, D = "construction", "demolition"
EXAMPLE_SUBHEADERS = {
    (None, "Maatwerk project eigenschap"): ["Aantal parkeerplaatsen", "Duurzaamheidsambitie"],
    (C, "Opleverdatum"): [date(2028, 6, 1), date(2029, 3, 1)],
    (C, "Koopprijs categorie"): ["Betaalbare koop", "Dure koop", "Onbekend"],
    (C, "Huurprijs woningcorporatie categorie"): ["Sociale huur"],
    (C, "Fysiek voorkomen"): ["Tussenwoning", "Portiekflat"],
    (C, "Doelgroep categorie"): ["Regulier", "Ouderen"],
    (C, "Maatwerk woning eigenschap"): ["Levensloopbestendig"],
    (D, "Opleverdatum"): [date(2027, 9, 1)],
}
EXAMPLE_PROJECT = {  # project-level columns of the first project (repeated on its two rows)
    "Naam": "Voorbeeldproject Zuidbroek",
    "Vertrouwelijkheid": "Intern ambtelijk",
    "Plan soort": "Verdichting",
    "In programmering": "ja",
    "Priorisering": "Hoog",
    "Rol gemeente": "Opdrachtgever",
    "Project status": "Actief",
    "Start project": date(2025, 1, 1),
    "Eind project": date(2030, 12, 31),
    "1 Concept": date(2025, 1, 1),
    "3 Definitie": date(2025, 9, 1),
    "6 Realisatie": date(2027, 6, 1),
    "3 In voorbereiding": date(2025, 1, 1),
    "Gemeente": "Apeldoorn",
    "Wijk": "Zuidbroek",
    (None, "Maatwerk project eigenschap", "Aantal parkeerplaatsen"): 40,
    (None, "Maatwerk project eigenschap", "Duurzaamheidsambitie"): "Energieneutraal",
}
EXAMPLE_CONSTRUCTION = {  # 30 dwellings built, every breakdown adding up
    "Bouw": 30,
    (C, "Opleverdatum", date(2028, 6, 1)): 20,
    (C, "Opleverdatum", date(2029, 3, 1)): 10,
    (C, "Koopwoning"): 20,
    (C, "Huur woningcorporatie"): 10,
    (C, "Koopprijs categorie", "Betaalbare koop"): 12,
    (C, "Koopprijs categorie", "Dure koop"): 8,
    (C, "Huurprijs woningcorporatie categorie", "Sociale huur"): 10,
    (C, "Eengezins woning"): 20,
    (C, "Meergezins woning"): 10,
    (C, "Fysiek voorkomen", "Tussenwoning"): 20,
    (C, "Fysiek voorkomen", "Portiekflat"): 10,
    (C, "Doelgroep categorie", "Regulier"): 24,
    (C, "Doelgroep categorie", "Ouderen"): 6,
    (C, "Formele toestemming eigenaar"): 30,
    (C, "Maatwerk woning eigenschap", "Levensloopbestendig"): "ja",
}
EXAMPLE_DEMOLITION = {
    "Sloop": 4,
    (D, "Opleverdatum", date(2027, 9, 1)): 4,
    (D, "Huur woningcorporatie"): 4,
}
EXAMPLE_SECOND = {
    "Naam": "Voorbeeldproject Binnenstad",
    "Vertrouwelijkheid": "Extern mede-overheden",
    "Plan soort": "Pand Transformatie",
    "Project status": "Nieuw",
    "Start project": date(2027, 1, 1),
    "Eind project": date(2029, 12, 31),
    "2 Initiatief": date(2027, 1, 1),
    "2a Vastgesteld": date(2027, 6, 1),
    "Gemeente": "Apeldoorn",
    "Wijk": "Apeldoorn-Centrum",
    "Buurt": "Binnenstad",
    "Bouw": 12,
    (C, "Opleverdatum", date(2029, 3, 1)): 12,
    (C, "Meergezins woning"): 12,
}


def example_rows(prefix: str = "VB", owner: str | None = "Team Wonen") -> list[dict]:
    """The example's three rows: two projects (the first over two rows, with demolition)."""
    first = {**EXAMPLE_PROJECT, "Identificatie nr": f"{prefix}-001", "Eigenaar": owner}
    return [
        {**first, **EXAMPLE_CONSTRUCTION},
        {**first, **EXAMPLE_DEMOLITION},
        {**EXAMPLE_SECOND, "Identificatie nr": f"{prefix}-002", "Eigenaar": owner},
    ]


def build_book(subs: dict[tuple, list], rows: list[dict]) -> TemplateBook:
    """The template with these sub-headers (groups grown where needed) and rows."""
    book = TemplateBook()
    for (kind, header), names in subs.items():
        book.grow(kind, header, len(names))
    for (kind, header), names in subs.items():
        book.sub(kind, header, names)
    for row in rows:
        book.add({k: v for k, v in row.items() if v is not None})
    return book


def example_book(prefix: str = "VB", owner: str = "Team Wonen") -> TemplateBook:
    """Two projects for the demo municipality Apeldoorn (one over two rows, with demolition)."""
    return build_book(EXAMPLE_SUBHEADERS, example_rows(prefix, owner))


SQUARE = [[194000, 469000], [194200, 469000], [194200, 469200], [194000, 469200], [194000, 469000]]
EXAMPLE_HOUSEBLOCK = {
    "name": "Blok A",
    "mutatiegegevens": {
        "mutatie_type": "CONSTRUCTION",
        "eigendom_type": "KOOPWONING",
        "woning_type": "EENGEZINSWONING",
        "aantal": 8,
    },
    "einddatum": "2028-06-01",
    "waarde": {"laag": 300000, "hoog": 400000, "categorie": None},
    "fysiek_voorkomen": [{"fysiek_voorkomen": "Vrijstaand", "aantal": 8}],
    "doelgroep": [],
    "grondpositie": {"FORMELE_TOESTEMMING_GRONDEIGENAAR": 8},
    "maatwerk_woningeigenschappen": {},
}


def example_geojson(prefix: str = "VBG", owner: str = "Team Wonen") -> dict:
    """One project in DIWI's GeoJSON template shape (EPSG:28992), for the demo municipality."""
    project = {
        "basisgegevens": {"identificatie_nr": f"{prefix}-001", "naam": "GeoJSON-voorbeeld"},
        "projectgegevens": {
            "plan_soort": "UITBREIDING_OVERIG",
            "in_programmering": True,
            "prioritering": "Middel",
            "rol_gemeente": None,
            "status": "ACTIVE",
            "eigenaar": owner,
            "vertrouwelijkheid": "INTERNAL_CIVIL",
        },
        "rollen": {},
        "projectduur": {"start_project": "2025-01-01", "eind_project": "2030-12-31"},
        "projectfasen": {"_1_CONCEPT": "2025-01-01", "_6_REALIZATION": "2027-01-01"},
        "planologische_planstatus": {"_3_IN_VOORBEREIDING": "2025-01-01"},
        "locatie": {"gemeente": "Apeldoorn", "wijk": None, "buurt": None},
        "maatwerk_projecteigenschappen": {},
    }
    feature = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
        "properties": {
            "projectgegevens": project,
            "woning_blokken": [json.loads(json.dumps(EXAMPLE_HOUSEBLOCK))],
        },
    }
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
        "features": [feature],
    }


def main() -> None:
    fmt.EXAMPLE_EXCEL.parent.mkdir(parents=True, exist_ok=True)
    fmt.EXAMPLE_EXCEL.write_bytes(example_book().bytes())
    fmt.EXAMPLE_GEOJSON.write_text(json.dumps(example_geojson(), indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
