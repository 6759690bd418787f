"""Import errors: DIWI's error codes with level, Dutch and English message, and where they occur."""

from dataclasses import asdict
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

# code -> (level, Dutch message, English message). Level 1: file, headers and missing properties;
# 2: cell contents; 3: business rules (DIWI's levels, import.errorCodes.* in its nl.json).
MESSAGES: dict[str, tuple[int, str, str]] = {
    "io_error": (1, "Het bestand kan niet worden gelezen.", "The file cannot be read."),
    "no_data_sheet": (
        1,
        "Het Excel-bestand heeft geen werkblad met de DIWI-indeling "
        "(sectie op rij 2, koppen op rij 4).",
        "The Excel file has no sheet in DIWI's layout (sections on row 2, headers on row 4).",
    ),
    "missing_headers": (
        1,
        "Het Excel-bestand bevat niet alle verwachte koppen.",
        "The Excel file does not contain all expected headers.",
    ),
    "file_too_large": (
        1,
        "Het bestand is te groot.",
        "The file is too large.",
    ),
    "too_many_rows": (
        1,
        "Het bestand heeft meer rijen dan er in één keer geïmporteerd kunnen worden.",
        "The file has more rows than can be imported at once.",
    ),
    "too_many_errors": (
        1,
        "Er zijn te veel fouten; alleen de eerste worden getoond.",
        "There are too many errors; only the first ones are shown.",
    ),
    "unknown_project_category_property": (
        1,
        "Onbekende categorie-eigenschap (plusveld) van projecten.",
        "Unknown project category property (custom property).",
    ),
    "unknown_project_property": (
        1,
        "Onbekende eigenschap (plusveld) van projecten.",
        "Unknown project property (custom property).",
    ),
    "unknown_houseblock_property": (
        1,
        "Onbekende eigenschap (plusveld) van woningblokken.",
        "Unknown houseblock property (custom property).",
    ),
    "unknown_price_buy_range_category": (
        1,
        "Onbekende koopprijscategorie.",
        "Unknown purchase price category.",
    ),
    "unknown_price_rent_range_category": (
        1,
        "Onbekende huurprijscategorie.",
        "Unknown rent price category.",
    ),
    "unknown_fixed_option": (
        1,
        "Onbekende optie van een vaste eigenschap (fysiek voorkomen of doelgroep).",
        "Unknown option of a fixed property (physical appearance or target group).",
    ),
    "not_string": (2, "De cel bevat geen tekst.", "The cell does not contain text."),
    "not_numeric": (2, "De cel bevat geen getal.", "The cell does not contain a number."),
    "not_date": (
        2,
        "De cel bevat geen datum (gebruik een datumcel of JJJJ-MM-DD).",
        "The cell does not contain a date (use a date cell or YYYY-MM-DD).",
    ),
    "not_boolean": (
        2,
        "De cel bevat geen ja/nee-waarde (true/false/1/0/ja/nee).",
        "The cell does not contain a yes/no value (true/false/1/0/ja/nee).",
    ),
    "unknown_property_value": (
        2,
        "Deze waarde is geen bekende optie.",
        "This value is not a known option.",
    ),
    "invalid_plan_type": (2, "Onbekend plantype.", "Unknown plan type."),
    "invalid_numeric_range": (
        2,
        "Ongeldig getal of bereik (verwacht bijvoorbeeld 250000, 200000-300000 of 400000-Inf).",
        "Invalid number or range (expected e.g. 250000, 200000-300000 or 400000-Inf).",
    ),
    "no_project_name": (2, "De projectnaam ontbreekt.", "The project name is missing."),
    "no_project_status": (2, "De projectstatus ontbreekt.", "The project status is missing."),
    "no_project_start_date": (
        2,
        "De startdatum van het project ontbreekt.",
        "The project start date is missing.",
    ),
    "no_project_end_date": (
        2,
        "De einddatum van het project ontbreekt.",
        "The project end date is missing.",
    ),
    "no_project_confidentiality": (
        2,
        "Het vertrouwelijkheidsniveau ontbreekt.",
        "The confidentiality level is missing.",
    ),
    "feature_error": (
        2,
        "Dit object heeft niet de verwachte opbouw van het DIWI GeoJSON-sjabloon.",
        "This feature does not have the structure of DIWI's GeoJSON template.",
    ),
    "project_level_data_invalid": (
        3,
        "Rijen met hetzelfde identificatienummer hebben verschillende projectgegevens.",
        "Rows with the same identification number have different project data.",
    ),
    "project_owner_unknown": (
        3,
        "De eigenaar is geen actieve gebruiker of gebruikersgroep van deze gemeente die projecten "
        "mag bezitten.",
        "The owner is not an active user or user group of this municipality that may own projects.",
    ),
    "project_owner_not_yours": (
        3,
        "U mag alleen projecten importeren waarvan u (of een groep van u) eigenaar bent.",
        "You may only import projects owned by you or one of your groups.",
    ),
    "project_not_editable": (
        3,
        "Dit bestaande project mag u niet bewerken.",
        "You may not edit this existing project.",
    ),
    "project_duplicate": (
        3,
        "Dit project komt meer dan eens in het bestand voor.",
        "This project occurs more than once in the file.",
    ),
    "project_dates_error": (
        3,
        "De einddatum van het project moet na de startdatum liggen.",
        "The project end date must be after its start date.",
    ),
    "project_dates_status_mismatch": (
        3,
        "De projectstatus past niet bij de start- en einddatum ten opzichte van vandaag.",
        "The project status does not match its start and end date relative to today.",
    ),
    "wrong_project_phase_dates": (
        3,
        "De startdatums van de projectfasen moeten op of na de projectstart liggen, in volgorde, "
        "en voor het projecteinde.",
        "Phase start dates must be on or after the project start, in order, and before its end.",
    ),
    "wrong_project_plan_status_dates": (
        3,
        "De startdatums van de planstatussen moeten op of na de projectstart liggen, in volgorde "
        "(4A, 4B, 3, 2A ... 1C), en voor het projecteinde.",
        "Plan status start dates must be on or after the project start, in order (4A, 4B, 3, "
        "2A ... 1C), and before its end.",
    ),
    "incomplete_project_location": (
        3,
        "Een buurt vereist een wijk en een gemeente; een wijk vereist een gemeente.",
        "A neighbourhood needs a district and a municipality; a district needs a municipality.",
    ),
    "houseblock_delivery_date": (
        3,
        "De laatste opleverdatum ligt na het einde van het project.",
        "The latest delivery date is after the project end.",
    ),
    "houseblock_housing_number": (
        3,
        "Het aantal woningen van een woningblok moet groter dan 0 zijn.",
        "The number of dwellings of a houseblock must be greater than 0.",
    ),
    "houseblock_delivery_total": (
        3,
        "De aantallen per opleverdatum tellen niet op tot het aantal woningen.",
        "The amounts per delivery date do not add up to the number of dwellings.",
    ),
    "houseblock_delivery_phase": (
        3,
        "Een opleverdatum ligt voor de start van fase 6 Realisatie (of buiten de projectduur).",
        "A delivery date is before the start of phase 6 Realisation (or outside the project).",
    ),
    "houseblock_ownership_total": (
        3,
        "De aantallen per eigendomssoort tellen niet op tot het aantal woningen.",
        "The amounts per ownership type do not add up to the number of dwellings.",
    ),
    "houseblock_ownership_owner_total": (
        3,
        "De aantallen per koopprijs tellen niet op tot het aantal koopwoningen.",
        "The amounts per purchase price do not add up to the number of owner-occupied dwellings.",
    ),
    "houseblock_ownership_landlord_total": (
        3,
        "De aantallen per huurprijs (particulier) tellen niet op tot het aantal woningen van "
        "particuliere verhuurders.",
        "The amounts per private rent do not add up to the number of private rentals.",
    ),
    "houseblock_ownership_housing_assoc_total": (
        3,
        "De aantallen per huurprijs (corporatie) tellen niet op tot het aantal corporatiewoningen.",
        "The amounts per social rent do not add up to the number of social rentals.",
    ),
    "houseblock_ownership_owner_multiple_types": (
        3,
        "Gebruik voor koopwoningen óf prijscategorieën óf prijzen, niet beide.",
        "Use either price categories or prices for owner-occupied dwellings, not both.",
    ),
    "houseblock_ownership_landlord_multiple_types": (
        3,
        "Gebruik voor particuliere huur óf prijscategorieën óf prijzen, niet beide.",
        "Use either price categories or prices for private rentals, not both.",
    ),
    "houseblock_ownership_housing_assoc_multiple_types": (
        3,
        "Gebruik voor corporatiehuur óf prijscategorieën óf prijzen, niet beide.",
        "Use either price categories or prices for social rentals, not both.",
    ),
    "houseblock_ownership_multiple_types": (
        3,
        "Geef óf een prijscategorie óf een prijs (laag/hoog), niet beide.",
        "Give either a price category or a price (low/high), not both.",
    ),
    "houseblock_house_type_total": (
        3,
        "De aantallen per woningtype tellen niet op tot het aantal woningen.",
        "The amounts per house type do not add up to the number of dwellings.",
    ),
    "houseblock_physical_appearance_total": (
        3,
        "De aantallen per fysiek voorkomen tellen niet op tot het aantal woningen.",
        "The amounts per physical appearance do not add up to the number of dwellings.",
    ),
    "houseblock_target_group_total": (
        3,
        "De aantallen per doelgroep tellen niet op tot het aantal woningen.",
        "The amounts per target group do not add up to the number of dwellings.",
    ),
    "houseblock_ground_position_total": (
        3,
        "De aantallen per grondpositie tellen niet op tot het aantal woningen.",
        "The amounts per ground position do not add up to the number of dwellings.",
    ),
}
LEVEL_TITLES = {
    1: "Niveau 1: bestand, koppen en ontbrekende eigenschappen",
    2: "Niveau 2: celinhoud",
    3: "Niveau 3: bedrijfsregels",
}
# Codes whose error offers creating the missing custom property (or option) from the error list
CREATABLE = {
    "too_many_errors": (
        1,
        "Er zijn te veel fouten; alleen de eerste worden getoond.",
        "There are too many errors; only the first ones are shown.",
    ),
    "unknown_project_category_property": ("project", "category"),
    "unknown_project_property": ("project", "text"),
    "unknown_houseblock_property": ("houseblock", "text"),
}


@dataclass
class Issue:
    """One import error: its code and where it occurs (1-based Excel row, column letter)."""

    code: str
    sheet: str | None = None
    row: int | None = None
    feature: int | None = None
    column: str | None = None
    header: str | None = None
    property_name: str | None = None
    identification: str | None = None
    houseblock_name: str | None = None
    value: str | None = None
    detail: str | None = None
    message_nl: str = ""
    message_en: str = ""
    level: int = 3
    custom_property_id: str | None = None
    create: dict | None = None  # what a "create" button makes: property or option

    def __post_init__(self) -> None:
        level, nl, en = MESSAGES.get(self.code, (3, "", ""))
        self.level = level
        self.message_nl = self.message_nl or nl
        self.message_en = self.message_en or en

    def as_dict(self) -> dict:
        return asdict(self) | {"location_nl": self.location_nl}

    @property
    def location_nl(self) -> str:
        """Where, in Dutch: werkblad, rij, kolom (letter and header) or the GeoJSON path."""
        parts = []
        if self.sheet:
            parts.append(f"werkblad {self.sheet}")
        if self.row:
            parts.append(f"rij {self.row}")
        if self.feature:
            parts.append(f"object {self.feature}")
        if self.column:
            parts.append(f"kolom {self.column}" + (f" ({self.header})" if self.header else ""))
        if self.property_name:
            parts.append(self.property_name)
        return ", ".join(parts)


def cell_issue(code: str, sheet: str, row: int, col: int, header: str | None, **kw) -> Issue:
    """An issue at a 1-based (row, column index) of a sheet."""
    return Issue(code, sheet=sheet, row=row, column=get_column_letter(col), header=header, **kw)


class ImportFailed(Exception):
    """The file could not be imported; carries every issue found."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} import errors")
        self.issues = issues
