"""DIWI's Excel template layout: rows, sections, the 55 headers and our round-trip extension."""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
EXCEL_TEMPLATE = TEMPLATES_DIR / "Excel_Import.xlsx"
GEOJSON_TEMPLATE = TEMPLATES_DIR / "geojson_template.geojson"
EXAMPLE_EXCEL = TEMPLATES_DIR / "examples" / "voorbeeld-import.xlsx"
EXAMPLE_GEOJSON = TEMPLATES_DIR / "examples" / "voorbeeld-import.geojson"

# 1-based Excel rows of the template (DIWI finds the section row as the first row naming a section).
SECTION_ROW = 2
GROUP_ROW = 3
HEADER_ROW = 4
SUBHEADER_ROW = 5
FIRST_DATA_ROW = 6
DATA_SHEET = "Data"

# Row-2 sections; reading stops at the first control section (its columns are formulas in DIWI).
SECTION_PROJECT = "Projectgegevens"
SECTION_AMOUNTS = "Woning aantallen"
SECTION_CONSTRUCTION = "Bouw gegevens"
SECTION_DEMOLITION = "Sloop gegevens"
CONTROL_SECTIONS = ("Controle Bouw totalen", "Controle Sloop totalen")
EXTENSION_SECTION = "DIWI-uitbreiding"
SECTIONS = (SECTION_PROJECT, SECTION_AMOUNTS, SECTION_CONSTRUCTION, SECTION_DEMOLITION)
HOUSEBLOCK_SECTIONS = {SECTION_CONSTRUCTION: "construction", SECTION_DEMOLITION: "demolition"}

# Row-4 header text -> our key. These are DIWI's 55 known headers (ExcelTableHeader.Column); every
# one must appear somewhere in row 4, else the import stops with missing_headers.
PROJECT_HEADERS = {
    "Identificatie nr": "municipal_id",
    "Naam": "name",
    "Eigenaar": "owner",
    "Vertrouwelijkheid": "confidentiality",
    "Plan soort": "plan_type",
    "In programmering": "programming",
    "Priorisering": "priority",
    "Rol gemeente": "municipality_role",
    "Rol type": "role_property",
    "Project status": "project_status",
    "Start project": "start_date",
    "Eind project": "end_date",
    "Gemeente": "municipality",
    "Wijk": "district",
    "Buurt": "neighbourhood",
    "Maatwerk project eigenschap": "project_property",
}
# phase header -> ref.project_phase.code (the header equals ref.project_phase.label_nl)
PHASE_HEADERS = {
    "1 Concept": "concept",
    "2 Initiatief": "initiative",
    "3 Definitie": "definition",
    "4 Ontwerp": "design",
    "5 Voorbereiding": "preparation",
    "6 Realisatie": "realisation",
    "7 Nazorg": "aftercare",
}
# plan-status header -> ref.planning_status.code, in DIWI's progression order (4A first)
PLANNING_STATUS_HEADERS = {
    "4a Opgenomen in de visie": "4A",
    "4b Niet opgenomen in de visie": "4B",
    "3 In voorbereiding": "3",
    "2a Vastgesteld": "2A",
    "2b Vastgesteld uitwerking nodig": "2B",
    "2c Vastgesteld B&W nodig": "2C",
    "1a Onherroepelijk": "1A",
    "1b Onherroepelijk uitwerking nodig": "1B",
    "1c Onherroepelijk B&W nodig": "1C",
}
AMOUNT_HEADERS = {"Bouw": "construction", "Sloop": "demolition"}
HOUSEBLOCK_HEADERS = {
    "Opleverdatum": "delivery",
    "Grootte categorie": "size",
    "Koopwoning": "owner_occupied",
    "Particuliere verhuurder": "private_rental",
    "Huur woningcorporatie": "social_rental",
    "Eigendom type onbekend": "ownership_unknown",
    "Koopprijs categorie": "purchase_category",
    "Koopprijs waarde": "purchase_value",
    "Huurprijs particuliere verhuurder categorie": "private_rent_category",
    "Huurprijs particuliere verhuurder": "private_rent_value",
    "Huurprijs woningcorporatie categorie": "social_rent_category",
    "Huurprijs woningcorporatie": "social_rent_value",
    "Eengezins woning": "single_family",
    "Meergezins woning": "multi_family",
    "Woning type onbekend": "house_type_unknown",
    "Fysiek voorkomen": "physical_appearance",
    "Doelgroep categorie": "target_group",
    "Geen toestemming eigenaar": "no_permission",
    "Intentie medewerking eigenaar": "intended_cooperation",
    "Formele toestemming eigenaar": "formal_permission",
    "Maatwerk woning eigenschap": "houseblock_property",
}
KNOWN_HEADERS = {
    **PROJECT_HEADERS,
    **PHASE_HEADERS,
    **PLANNING_STATUS_HEADERS,
    **AMOUNT_HEADERS,
    **HOUSEBLOCK_HEADERS,
}
assert len(KNOWN_HEADERS) == 55  # DIWI's count (domain reference 4.1.2)

# The demolition block of the template says just "Onbekend" (ED4, EX4); DIWI ignores those columns,
# we read them by the header before them: after an ownership column it is the unknown ownership
# count, after a house-type column the unknown house-type count.
UNKNOWN_HEADER = "Onbekend"
UNKNOWN_AFTER = {
    "social_rental": "ownership_unknown",
    "private_rental": "ownership_unknown",
    "owner_occupied": "ownership_unknown",
    "single_family": "house_type_unknown",
    "multi_family": "house_type_unknown",
}

# Keys whose row-5 sub-header says what the column holds; without a sub-header the column is unused.
SUBHEADER_KEYS = {
    "role_property",  # name of a custom project category property
    "project_property",  # name of a custom project property
    "houseblock_property",  # name of a custom houseblock property
    "delivery",  # a delivery date (a date cell or text such as 2027-03-01 or 01-03-2027)
    "size",  # m2 value "60" or range "60-80" or "Onbekend"
    "purchase_category",  # name of a purchase price category or "Onbekend"
    "private_rent_category",
    "social_rent_category",
    "purchase_value",  # euros "250000", "200000-300000", "400000-Inf" or "Onbekend"
    "private_rent_value",
    "social_rent_value",
    "physical_appearance",  # label of a physical-appearance option
    "target_group",  # label of a target-group option
}
# Sub-headers Start/Eind project and the phase/status columns carry fixed texts (Startdatum ...)
CATEGORY_KEYS = {
    "purchase_category": ("owner_occupied", "purchase"),
    "private_rent_category": ("private_rental", "rent"),
    "social_rent_category": ("social_rental", "rent"),
}
VALUE_KEYS = {
    "purchase_value": "owner_occupied",
    "private_rent_value": "private_rental",
    "social_rent_value": "social_rental",
}
OWNERSHIP_KEYS = ("owner_occupied", "private_rental", "social_rental")
HOUSE_TYPE_KEYS = ("single_family", "multi_family")
GROUND_POSITION_KEYS = ("no_permission", "intended_cooperation", "formal_permission")
UNKNOWN_SUBHEADER = "onbekend"  # price / size sub-header meaning "no price given" (any case)
INFINITE_UPPER = ("inf", "oneindig", "")  # "400000-Inf": no upper bound

# Round-trip extension (contract): to the right of the template, section row text
# EXTENSION_SECTION, these row-4 headers. DIWI ignores them; we read them when present.
EXTENSION_HEADERS = {
    "Project GUID": "project_guid",
    "Woningblok GUID": "houseblock_guid",
    "Woningblok naam": "houseblock_name",
    "Woningblok startdatum": "houseblock_start",
    "Woningblok einddatum": "houseblock_end",
    "Plan soorten": "plan_types",  # all plan types, ";"-joined labels (column F holds one)
    "Gemeentecode": "municipality_code",  # CBS code GM0200
    # Added by "imports": the block's earliest delivery date when it differs from the latest
    # (our houseblock keeps delivery_earliest/latest; Opleverdatum columns give counts per date).
    "Vroegste opleverdatum": "delivery_earliest",
    "Woningblok grootte": "houseblock_size",  # m2 "60" or "60-80" (the size section is per count)
    # Added by "exports" (read by imports): plan statuses DIWI lacks, CBS codes, the colour
    "5a Ambtelijk met locatie": "5A",  # sub-header Startdatum, like the other plan statuses
    "5b Ambtelijk zonder locatie": "5B",
    "Wijkcodes": "district_codes",  # ;-joined CBS codes WK..., preferred over the Wijk names
    "Buurtcodes": "neighbourhood_codes",  # ;-joined CBS codes BU...
    "Projectkleur": "colour",  # #RRGGBB
}
EXTENSION_PLANNING_STATUS_HEADERS = {
    "5a Ambtelijk met locatie": "5A",
    "5b Ambtelijk zonder locatie": "5B",
}
LIST_SEPARATOR = ";"  # several values in one cell (Plan soorten, Eigenaar, Wijk, Buurt)

# Default column counts of the template per repeated header (exports may insert more columns).
TEMPLATE_COLUMN_COUNTS = {
    "role_property": 3,
    "project_property": 6,
    "delivery": 10,
    "size": 7,
    "houseblock_property": 5,
}


def header_key(text: object) -> str | None:
    """Our key of a row-4 header text (None: not a DIWI header); whitespace-tolerant."""
    if not isinstance(text, str):
        return None
    cleaned = " ".join(text.split())
    return KNOWN_HEADERS.get(cleaned) or EXTENSION_HEADERS.get(cleaned)
