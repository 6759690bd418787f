"""One file per import error code: every error names its code, place and Dutch/English message."""

from datetime import date

import pytest

from tests.imports.conftest import post_file
from tests.imports.files import DROP
from tests.imports.files import C
from tests.imports.files import empty_workbook
from tests.imports.files import excel
from tests.imports.files import geojson
from tests.imports.files import without_header

D = "demolition"
KOOP = (C, "Koopprijs categorie")
# code -> (changes of the base row, sub-headers, expected column letter or None)
CELL_CASES = {
    "not_string": ({"Naam": date(2025, 1, 1)}, {}, "C"),
    "not_numeric": ({"Bouw": "veel"}, {}, "AP"),
    "not_date": ({"Start project": "morgen"}, {}, "N"),
    "not_boolean": ({"In programmering": "misschien"}, {}, "G"),
    "unknown_property_value": ({"Priorisering": "Superhoog"}, {}, "H"),
    "invalid_plan_type": ({"Plan soort": "Kasteel"}, {}, "F"),
    "no_project_name": ({"Naam": DROP}, {}, "C"),
    "no_project_status": ({"Project status": DROP}, {}, "M"),
    "no_project_start_date": ({"Start project": DROP}, {}, "N"),
    "no_project_end_date": ({"Eind project": DROP}, {}, "O"),
    "no_project_confidentiality": ({"Vertrouwelijkheid": DROP}, {}, "E"),
}
SUB_CASES = {
    "unknown_project_category_property": ((None, "Rol type"), "Bestaat niet", "J"),
    "unknown_project_property": ((None, "Maatwerk project eigenschap"), "Onbekend veld", "AI"),
    "unknown_houseblock_property": ((C, "Maatwerk woning eigenschap"), "Kleur dak", "DD"),
    "unknown_price_buy_range_category": (KOOP, "Luxe", "BN"),
    "unknown_price_rent_range_category": (
        (C, "Huurprijs particuliere verhuurder categorie"),
        "Topsegment",
        "BV",
    ),
    "unknown_fixed_option": ((C, "Fysiek voorkomen"), "Woonboot", "CO"),
    "invalid_numeric_range": ((C, "Koopprijs waarde"), "duur-goedkoop", "BR"),
    "not_date": ((C, "Opleverdatum"), "binnenkort", "AS"),
}
D1, D2 = date(2028, 6, 1), date(2031, 6, 1)
RULE_CASES = {
    "project_owner_unknown": ({"Eigenaar": "niemand@example.org"}, {}, "D"),
    "project_dates_error": ({"Eind project": date(2024, 1, 1)}, {}, "O"),
    "project_dates_status_mismatch": ({"Project status": "Nieuw"}, {}, "M"),
    "wrong_project_phase_dates": (
        {"1 Concept": date(2026, 1, 1), "3 Definitie": date(2025, 6, 1)},
        {},
        "P",
    ),
    "wrong_project_plan_status_dates": (
        {"4a Opgenomen in de visie": date(2026, 1, 1), "3 In voorbereiding": date(2025, 6, 1)},
        {},
        "W",
    ),
    "incomplete_project_location": ({"Gemeente": "Apeldoorn", "Buurt": "Binnenstad"}, {}, "AH"),
    "houseblock_housing_number": ({"Bouw": 0, (C, "Koopwoning"): 1}, {}, "AP"),
    "houseblock_delivery_date": ({(C, "Opleverdatum", D2): 10}, {(C, "Opleverdatum"): [D2]}, "AS"),
    "houseblock_delivery_total": ({(C, "Opleverdatum", D1): 7}, {(C, "Opleverdatum"): [D1]}, "AS"),
    "houseblock_delivery_phase": (
        {(C, "Opleverdatum", D1): 10, "6 Realisatie": date(2029, 1, 1)},
        {(C, "Opleverdatum"): [D1]},
        "AS",
    ),
    "houseblock_ownership_total": ({(C, "Koopwoning"): 4}, {}, "BJ"),
    "houseblock_ownership_owner_total": (
        {(C, "Koopwoning"): 10, (*KOOP, "Dure koop"): 3},
        {KOOP: ["Dure koop"]},
        "BN",
    ),
    "houseblock_ownership_landlord_total": (
        {
            (C, "Particuliere verhuurder"): 10,
            (C, "Huurprijs particuliere verhuurder categorie", "Middenhuur"): 2,
        },
        {(C, "Huurprijs particuliere verhuurder categorie"): ["Middenhuur"]},
        "BV",
    ),
    "houseblock_ownership_housing_assoc_total": (
        {
            (C, "Huur woningcorporatie"): 10,
            (C, "Huurprijs woningcorporatie categorie", "Sociale huur"): 2,
        },
        {(C, "Huurprijs woningcorporatie categorie"): ["Sociale huur"]},
        "CD",
    ),
    "houseblock_ownership_owner_multiple_types": (
        {(C, "Koopwoning"): 10, (*KOOP, "Dure koop"): 5, (C, "Koopprijs waarde", "300000"): 5},
        {KOOP: ["Dure koop"], (C, "Koopprijs waarde"): ["300000"]},
        "BN",
    ),
    "houseblock_ownership_landlord_multiple_types": (
        {
            (C, "Particuliere verhuurder"): 10,
            (C, "Huurprijs particuliere verhuurder categorie", "Middenhuur"): 5,
            (C, "Huurprijs particuliere verhuurder", "1000"): 5,
        },
        {
            (C, "Huurprijs particuliere verhuurder categorie"): ["Middenhuur"],
            (C, "Huurprijs particuliere verhuurder"): ["1000"],
        },
        "BV",
    ),
    "houseblock_ownership_housing_assoc_multiple_types": (
        {
            (C, "Huur woningcorporatie"): 10,
            (C, "Huurprijs woningcorporatie categorie", "Sociale huur"): 5,
            (C, "Huurprijs woningcorporatie", "700-800"): 5,
        },
        {
            (C, "Huurprijs woningcorporatie categorie"): ["Sociale huur"],
            (C, "Huurprijs woningcorporatie"): ["700-800"],
        },
        "CD",
    ),
    "houseblock_house_type_total": ({(C, "Eengezins woning"): 3}, {}, "CL"),
    "houseblock_physical_appearance_total": (
        {(C, "Fysiek voorkomen", "Hoekwoning"): 3},
        {(C, "Fysiek voorkomen"): ["Hoekwoning"]},
        "CO",
    ),
    "houseblock_target_group_total": (
        {(C, "Doelgroep categorie", "Jongeren"): 3},
        {(C, "Doelgroep categorie"): ["Jongeren"]},
        "CU",
    ),
    "houseblock_ground_position_total": ({(C, "Geen toestemming eigenaar"): 3}, {}, "DA"),
    # a rule of the database (SQLSTATE 23514, constraint name = code) becomes an import error
    "hard_status_needs_external_governmental": ({"2a Vastgesteld": date(2025, 1, 1)}, {}, None),
}


def errors_of(response) -> list[dict]:
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert body["result"] == [] or body["errors"]
    for error in body["errors"]:
        assert error["message_nl"] and error["message_en"], error
    return body["errors"]


def one(errors: list[dict], code: str) -> dict:
    found = [e for e in errors if e["code"] == code]
    assert found, [e["code"] for e in errors]
    return found[0]


@pytest.mark.parametrize("code", sorted(CELL_CASES))
def test_cell_errors(code, signed_in, prefix):
    changes, subs, column = CELL_CASES[code]
    error = one(errors_of(post_file(signed_in(), excel(prefix, changes, subs), dry_run=True)), code)
    assert (error["sheet"], error["row"], error["column"], error["level"]) == ("Data", 6, column, 2)
    assert error["location_nl"] == f"werkblad Data, rij 6, kolom {column} ({error['header']})"


@pytest.mark.parametrize("code", sorted(SUB_CASES))
def test_subheader_errors(code, signed_in, prefix):
    group, name, column = SUB_CASES[code]
    data = excel(prefix, {}, {group: [name]})
    error = one(errors_of(post_file(signed_in(), data, dry_run=True)), code)
    assert (error["row"], error["column"], error["value"]) == (5, column, name)


@pytest.mark.parametrize("code", sorted(RULE_CASES))
def test_business_rules(code, signed_in, prefix, count_rows):
    changes, subs, column = RULE_CASES[code]
    before = count_rows()
    error = one(errors_of(post_file(signed_in(), excel(prefix, changes, subs))), code)
    assert (error["row"], error["level"], error["identification"]) == (6, 3, f"{prefix}-1")
    if column:
        assert error["column"] == column
    assert count_rows() == before


def test_missing_headers_names_them_on_row_4(signed_in, prefix):
    error = one(errors_of(post_file(signed_in(), without_header("F4"))), "missing_headers")
    assert (error["row"], error["value"], error["level"]) == (4, "Plan soort", 1)
    assert error["message_nl"] == "Het Excel-bestand bevat niet alle verwachte koppen."


def test_not_an_xlsx_and_no_data_sheet(signed_in):
    client = signed_in()
    assert one(errors_of(post_file(client, b"geen excel")), "io_error")
    assert one(errors_of(post_file(client, empty_workbook())), "no_data_sheet")


def test_rows_with_the_same_number_must_agree(signed_in, prefix):
    data = excel(prefix, {}, {}, extra_rows=[{"Naam": "Andere naam"}])
    error = one(errors_of(post_file(signed_in(), data)), "project_level_data_invalid")
    assert error["row"] == 7


def test_row_limit(signed_in, prefix, app, monkeypatch):
    monkeypatch.setitem(app.config, "DIWI_IMPORT_MAX_ROWS", 2)
    rows = [{"Identificatie nr": f"{prefix}-{i}"} for i in (2, 3)]
    error = one(errors_of(post_file(signed_in(), excel(prefix, {}, {}, rows))), "too_many_rows")
    assert (error["row"], error["value"]) == (8, "2")


def test_geojson_errors(signed_in, prefix):
    def broken(doc):
        feature = doc["features"][0]
        block = feature["properties"]["woning_blokken"][0]
        block["waarde"]["categorie"] = "Dure koop"
        doc["features"].append(dict(feature))
        doc["features"].append({"type": "Feature", "properties": "kapot"})
        feature["properties"]["projectgegevens"]["projectduur"]["start_project"] = "ooit"

    errors = errors_of(post_file(signed_in(), geojson(prefix, broken), "geojson", name="x.geojson"))
    assert one(errors, "feature_error")["feature"] == 3
    dates = one(errors, "not_date")
    assert dates["property_name"] == "projectduur -> start_project"
    assert one(errors, "houseblock_ownership_multiple_types")["feature"] == 1
    assert one(errors, "project_duplicate")["feature"] == 2


def test_demolition_unknown_columns_count(signed_in, prefix):
    """The demolition block's "Onbekend" ownership column (ED) counts, unlike in DIWI."""
    ok = {"Bouw": None, "Sloop": 4, (D, "Koopwoning"): 2, (D, "Onbekend"): 2}
    assert post_file(signed_in(), excel(prefix, ok), dry_run=True).status_code == 200
    wrong = {**ok, (D, "Onbekend"): 1}
    error = one(
        errors_of(post_file(signed_in(), excel(prefix, wrong))), "houseblock_ownership_total"
    )
    assert error["column"] == "EA"


def test_too_many_errors_are_capped(signed_in, prefix, monkeypatch):
    monkeypatch.setattr("webapp.imports.service.MAX_ISSUES", 2)
    data = excel(prefix, {"Naam": None, "Bouw": "veel", "Priorisering": "x", "Plan soort": "y"})
    errors = errors_of(post_file(signed_in(), data))
    assert [e["code"] for e in errors][-1] == "too_many_errors" and len(errors) == 3


def test_invalid_plan_area_is_refused_by_the_database_rule(signed_in, prefix):
    def bowtie(doc):
        ring = [
            [194000, 469000],
            [194200, 469200],
            [194200, 469000],
            [194000, 469200],
            [194000, 469000],
        ]
        doc["features"][0]["geometry"]["coordinates"] = [ring]

    errors = errors_of(post_file(signed_in(), geojson(prefix, bowtie), "geojson"))
    assert one(errors, "plan_area_invalid")["feature"] == 1


def test_geojson_feature_needs_an_identification(signed_in, prefix):
    def anonymous(doc):
        doc["features"][0]["properties"]["projectgegevens"]["basisgegevens"]["identificatie_nr"] = (
            None
        )

    errors = errors_of(post_file(signed_in(), geojson(prefix, anonymous), "geojson"))
    assert one(errors, "feature_error")["property_name"] == "basisgegevens -> identificatie_nr"
