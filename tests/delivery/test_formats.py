"""Golden tests per format: the files the provinces receive, from builder data."""

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pyogrio
import pytest

from tests.delivery.conftest import block
from tests.delivery.conftest import good_project

pytestmark = pytest.mark.db
REF = "2026-06-01"
ZH_YEAR_KEYS = 1 + 33 + 1 + 33 + 1


@pytest.fixture
def world(area_factory, commit):
    """One project in Ede (Gelderland) with a realised block, a planned block and a demolition."""
    area = area_factory(province="PV25", name="Ede")

    def build(c):
        pid = good_project(
            c,
            area,
            name="De Weide",
            planning_status="2A",
            confidentiality_level=6,
            plan_types=["extension_outskirts"],
            custom_values=area.custom(studenten=3, knelpunten=["stikstof", "netcongestie"]),
        )
        block(
            c,
            pid,
            name="Fase 1",
            amount=8,
            delivery_earliest="2025-01-01",
            delivery_latest="2025-09-01",
            breakdown={"house_type": {"single_family": 8}},
            ownership_lines=[
                {"ownership_type": "owner_occupied", "amount": 8, "price_cents": 35_000_000}
            ],
        )
        block(
            c,
            pid,
            name="Fase 2",
            amount=12,
            breakdown={"house_type": {"multi_family": 12}},
            ownership_lines=[
                {"ownership_type": "social_rental", "amount": 12, "price_cents": 70_000}
            ],
        )
        block(
            c,
            pid,
            name="Sloop",
            amount=4,
            mutation_kind="demolition",
            delivery_earliest="2025-01-01",
            delivery_latest="2025-03-01",
        )
        return pid

    return area, commit(build)


def test_zuid_holland_geojson(world, run_delivery):
    area, pid = world
    media_type, payload = run_delivery("zuid-holland", area, reference_date=REF)
    document = json.loads(payload)
    assert media_type == "application/geo+json"
    assert document["type"] == "FeatureCollection"
    assert document["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"
    [feature] = document["features"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    props = feature["properties"]
    assert list(props)[:6] == [
        "plannaam",
        "provincie",
        "regio",
        "gemeente",
        "woonplaats",
        "vertrouwelijkheid",
    ]
    assert props | {} == props  # plain JSON
    assert {
        k: props[k]
        for k in (
            "plannaam",
            "provincie",
            "gemeente",
            "vertrouwelijkheid",
            "plantype",
            "projectfase",
            "status_planologisch",
            "opdrachtgever_type",
            "ph_text1",
            "ph_short2",
            "ph_text9",
            "ph_date3",
            "oplevering_eerste",
            "oplevering_laatste",
            "knelpunten_meerkeuze",
            "ph_short3",
        )
    } == {
        "plannaam": "De Weide",
        "provincie": "Gelderland",
        "gemeente": "Ede",
        "vertrouwelijkheid": "Provincie",
        "plantype": "Uitbreiding uitleg",
        "projectfase": "3. Ontwerp",
        "status_planologisch": "2A. Vastgesteld",
        "opdrachtgever_type": "Gemeente",
        "ph_text1": "1a harde plannen, in voorbereiding of in uitvoering",
        "ph_short2": 3,
        "ph_text9": pid,
        "ph_date3": REF,
        "oplevering_eerste": 2025,
        "oplevering_laatste": 2027,
        "knelpunten_meerkeuze": ["Netcongestie", "Stikstof"],
        "ph_short3": 12,  # corporation rent 700 euro: HUUR2
    }
    years = {y["jaartal"]: y for y in props["year_properties"]}
    assert set(years) == {2025, 2027}
    assert all(len(y) == ZH_YEAR_KEYS for y in years.values())
    assert years[2025]["eengezins_koop2"] == 8 and years[2025]["bouw_gerealiseerd"] == "Ja"
    assert years[2025]["sloop_onbekend_onbekend"] == 4 and years[2025]["sloop_gerealiseerd"] == "Ja"
    assert years[2027]["meergezins_huur2"] == 12 and years[2027]["bouw_gerealiseerd"] == "Nee"
    assert document["diwi_metadata"]["crosstab_method"][pid] == {
        "2025": "proportional",
        "2027": "proportional",
    }


def test_gelderland_file_geodatabase(world, run_delivery, tmp_path: Path):
    area, pid = world
    media_type, payload = run_delivery("gelderland", area, reference_date=REF)
    assert media_type == "application/zip"
    zipfile.ZipFile(io.BytesIO(payload)).extractall(tmp_path)
    [gdb] = [p for p in tmp_path.rglob("*.gdb") if p.is_dir()]
    plans = pyogrio.read_dataframe(gdb, layer="Planregistratie")
    [row] = plans.to_dict("records")
    assert row["GlobalID"].strip("{}").lower() == pid
    assert (row["gemeente"], row["regio"], row["vertrouwelijkheid"]) == (
        "Ede",
        f"Regio {area.region}",
        "ProvincieGemeente",
    )
    assert (row["oplevering_eerste"], row["oplevering_laatste"]) == (2025, 2027)
    assert (row["totaal_bouw"], row["totaal_gerealiseerd"], row["totaal_resterend"]) == (20, 8, 12)
    assert (row["totaal_sloop"], row["totaal_netto"], row["totaal_netto_resterend"]) == (4, 16, 12)
    assert row["knelpunten_meerkeuze"] == "Stikstofruimte,Netcongestie"
    # Gelderland's bands: rent up to 731 euro is HUUR1; the demolished homes have no ownership line
    assert (row["Totaal_koop2"], row["Totaal_huur1"], row["Totaal_eigendom_onbekend"]) == (
        8,
        12,
        -4,
    )
    detail = pyogrio.read_dataframe(gdb, layer="DetailPlanning", read_geometry=False)
    by_year = {r["jaartal"]: r for r in detail.to_dict("records")}
    assert set(by_year) == {2025, 2027}
    assert {r["parent_globalid"] for r in by_year.values()} == {row["GlobalID"]}
    assert by_year[2027]["meergezins_huur1"] == 12 and by_year[2027]["bouw_gerealiseerd"] == "Nee"


def test_zeeland_planmonitor_excel(world, run_delivery):
    area, pid = world
    media_type, payload = run_delivery("zeeland", area, reference_date=REF)
    assert media_type.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(payload)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, values = rows[0], rows[1]
    assert sheet.title == "Uitgebreid" and len(header) == 477
    row = dict(zip(header, values, strict=True))
    assert (
        row["ID"] == pid
        and row["Provincie"] == "Zeeland"
        and row["Plantype"] == "Uitbreiding uitleg"
    )
    assert row["Knelpunten"] == "Stikstof, Nuts" and row["Sleutelproject"] == "nee"
    assert (
        row["Nieuwbouw Totaal"],
        row["Nieuwbouw Gerealiseerd"],
        row["Nieuwbouw Restcapaciteit"],
    ) == (20, 8, 12)
    assert (
        row["Nieuwbouw 2027"] == 12 and row["Sociale huur 2027"] == 12 and row["Sloop Totaal"] == 4
    )
    # PMW's own checks: every group sums to Nieuwbouw, the years sum to the remaining capacity
    for group in (
        ["Eengezins", "Meergezins", "Woningtype Onbekend"],
        [
            "Sociale huur",
            "Huur middenhuur",
            "Huur dure huur",
            "Huur onbekend",
            "Koop betaalbare koop",
            "Koop dure koop",
            "Koop onbekend",
            "Onbekend Koop of Huur",
        ],
    ):
        assert sum(row[f"{c} Totaal"] for c in group) == row["Nieuwbouw Totaal"]
    assert sum(row[f"Nieuwbouw {y}"] for y in range(2024, 2044)) == row["Nieuwbouw Restcapaciteit"]
