"""Value labels of DIWI's formats: the texts DIWI reads and writes, mapped to our codes.

The code lists live in SQL (ref.* with label_nl and diwi_name; fixed property options in
plan.property_option); `lookup_tables` reads them once per import. Only the texts DIWI's Excel
uses that differ from our labels are spelled out here.
"""

import unicodedata

import psycopg

# DIWI's Excel strings (ExcelStrings.java) where they differ from ref.*.label_nl; writers use these.
EXCEL_CONFIDENTIALITY = {
    "private": "Prive",
    "internal_civil": "Intern ambtelijk",
    "internal_management": "Intern bestuurlijk",
    "internal_council": "Intern raad",
    "external_regional": "Extern woonregio",
    "external_governmental": "Extern mede-overheden",
    "public": "Openbaar",
}
EXCEL_PLAN_TYPE = {
    "building_transformation": "Pand Transformatie",
    "transformation_area": "Transformatiegebied",
    "restructuring": "Herstructurering",
    "densification": "Verdichting",
    "extension_outskirts": "Uitbreiding uitleg",
    "extension_other": "Uitbreiding overig",
}
# Project status (not stored: derived from dates; DIWI's import checks it against them)
PROJECT_STATUS = {
    "NEW": "Nieuw",
    "ACTIVE": "Actief",
    "REALIZED": "Afgerond",
    "TERMINATED": "Afgebroken",
}
BOOLEAN_TEXTS = {
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "ja": True,
    "nee": False,
    "waar": True,
    "onwaar": False,
    "yes": True,
    "no": False,
}
EXCEL_BOOLEAN = {True: "Ja", False: "Nee"}  # what our export writes; DIWI reads true/false/1/0 too

# ref table -> key column, extra accepted text columns
REF_TABLES = {
    "confidentiality": ("ref.confidentiality_level", "code", ("label_nl", "label_en", "diwi_name")),
    "plan_type": ("ref.plan_type", "code", ("label_nl", "label_en", "diwi_name")),
    "phase": ("ref.project_phase", "code", ("label_nl", "label_en", "diwi_name")),
    "planning_status": ("ref.planning_status", "code", ("label_nl", "label_en", "diwi_name")),
    "priority": ("ref.priority", "code", ("label_nl", "label_en")),
    "municipality_role": ("ref.municipality_role", "code", ("label_nl", "label_en")),
    "mutation_kind": ("ref.mutation_kind", "code", ("label_nl", "label_en", "diwi_name")),
    "ownership_type": ("ref.ownership_type", "code", ("label_nl", "label_en", "diwi_name")),
    "milestone_status": ("ref.milestone_status", "code", ("label_nl", "label_en", "diwi_name")),
}
# Extra texts DIWI writes or reads that are not in ref.* (normalised on use)
EXTRA_TEXTS = {
    "confidentiality": {v: k for k, v in EXCEL_CONFIDENTIALITY.items()},
    "plan_type": {v: k for k, v in EXCEL_PLAN_TYPE.items()},
    # DIWI's GeoJSON export writes phase labels without their number ("Voorbereiding")
    "phase": {
        "Concept": "concept",
        "Initiatief": "initiative",
        "Definitie": "definition",
        "Ontwerp": "design",
        "Voorbereiding": "preparation",
        "Realisatie": "realisation",
        "Nazorg": "aftercare",
    },
    "priority": {"LAAG": "low", "MIDDEL": "medium", "HOOG": "high"},
    "ground_position": {
        "GEEN_TOESTEMMING_GRONDEIGENAAR": "no_permission",
        "INTENTIE_MEDEWERKING_GRONDEIGENAAR": "intended_cooperation",
        "FORMELE_TOESTEMMING_GRONDEIGENAAR": "formal_permission",
    },
    "house_type": {"EENGEZINSWONING": "single_family", "MEERGEZINSWONING": "multi_family"},
    "physical_appearance": {"Twee onder een kap": "semi_detached", "Gallerijflat": "gallery_flat"},
    "target_group": {"Student": "students", "GHZ": "disabled_and_care"},
    "project_status": {
        **{v: k for k, v in PROJECT_STATUS.items()},
        **{k: k for k in PROJECT_STATUS},
        "Nieuw project": "NEW",
        "Gerealiseerd": "REALIZED",
    },
}
FIXED_BREAKDOWNS = ("house_type", "physical_appearance", "target_group", "ground_position")
# DIWI's progression, after our municipal-only stages 5B and 5A
PLANNING_STATUS_ORDER = ("5B", "5A", "4A", "4B", "3", "2A", "2B", "2C", "1A", "1B", "1C")


def normalise(text: object) -> str:
    """A label for comparison: no accents, lower case, single spaces."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def lookup_tables(conn: psycopg.Connection) -> dict[str, dict[str, str]]:
    """Per kind: normalised accepted text (code, label, DIWI enum name) -> our code."""
    tables: dict[str, dict[str, str]] = {}
    for kind, (table, key, columns) in REF_TABLES.items():
        found: dict[str, str] = {}
        for row in conn.execute(f"SELECT {key}::text, {', '.join(columns)} FROM {table}"):
            for text in (row[0], *row[1:]):
                if text:
                    found[normalise(text)] = row[0]
        tables[kind] = found
    options = conn.execute(
        "SELECT p.key, o.code, o.label_nl, o.label_en FROM plan.property p "
        "JOIN plan.property_option o ON o.property_id = p.id "
        "WHERE p.kind = 'fixed' AND o.disabled_at IS NULL"
    )
    for key, code, label_nl, label_en in options:
        for text in (code, label_nl, label_en):
            if text:
                tables.setdefault(key, {})[normalise(text)] = code
    for kind, extra in EXTRA_TEXTS.items():
        for text, code in extra.items():
            tables.setdefault(kind, {})[normalise(text)] = code
    return tables


def write_labels(conn: psycopg.Connection, kind: str) -> dict[str, str]:
    """Our code -> the Dutch text our exports write (DIWI's Excel strings where they differ)."""
    if kind == "confidentiality":
        return dict(EXCEL_CONFIDENTIALITY)
    if kind == "plan_type":
        return dict(EXCEL_PLAN_TYPE)
    if kind in FIXED_BREAKDOWNS:
        rows = conn.execute(
            "SELECT o.code, o.label_nl FROM plan.property p JOIN plan.property_option o "
            "ON o.property_id = p.id WHERE p.key = %s ORDER BY o.sort_order",
            (kind,),
        )
        return {code: label for code, label in rows}
    table, key, _ = REF_TABLES[kind]
    return {
        code: label for code, label in conn.execute(f"SELECT {key}::text, label_nl FROM {table}")
    }


def diwi_names(conn: psycopg.Connection, kind: str) -> dict[str, str]:
    """Our code -> DIWI's enum name (GeoJSON values), for kinds whose ref table has diwi_name."""
    table, key, columns = REF_TABLES[kind]
    if "diwi_name" not in columns:
        return {}
    rows = conn.execute(f"SELECT {key}::text, diwi_name FROM {table} WHERE diwi_name IS NOT NULL")
    return {code: name for code, name in rows}
