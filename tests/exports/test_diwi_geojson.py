"""DIWI GeoJSON export: DIWI's template shape, enum names, every breakdown filled, our GUIDs."""

import json
from datetime import date

import pytest
from flask import Flask
from shapely.geometry import shape

from tests.exports import golden
from webapp.exports.geojson import feature_collection
from webapp.exports.queries import Selection
from webapp.exports.queries import load_export

pytestmark = pytest.mark.db


def export(app: Flask, viewer: dict, day: date = golden.PEILDATUM, **kw) -> dict:
    with app.app_context():
        # through JSON, as the download sends it
        return json.loads(json.dumps(feature_collection(load_export(viewer, Selection(day, **kw)))))


def feature_of(collection: dict, project_id: str) -> dict:
    return next(f for f in collection["features"] if f["id"] == project_id)


def test_collection_in_rd_with_one_feature_per_project(app, gold) -> None:
    collection = export(app, gold.viewer)
    assert collection["type"] == "FeatureCollection"
    assert collection["crs"] == {"type": "name", "properties": {"name": "EPSG:28992"}}
    ours = [
        f["id"]
        for f in collection["features"]
        if f["properties"]["projectgegevens"]["locatie"]["gemeentecode"] == golden.MUNICIPALITY
    ]
    assert sorted(ours) == sorted([gold.project, gold.empty_project])
    area = shape(feature_of(collection, gold.project)["geometry"])
    assert area.geom_type == "MultiPolygon" and area.is_valid
    assert area.area == pytest.approx(200 * 200)
    assert area.bounds == pytest.approx((190000, 470000, 190200, 470200))
    assert feature_of(collection, gold.empty_project)["geometry"] is None


def test_project_properties_use_enum_names(app, gold) -> None:
    props = feature_of(export(app, gold.viewer), gold.project)["properties"]["projectgegevens"]
    assert props["diwi_id"] == gold.project
    assert props["basisgegevens"] == {
        "identificatie_nr": "GLD-001",
        "naam": "Gouden Hoek",
        "diwi_id": gold.project,
    }
    details = props["projectgegevens"]
    assert details["plan_soort"] == ["HERSTRUCTURERING", "VERDICHTING"]
    assert details["vertrouwelijkheid"] == "EXTERNAL_GOVERNMENTAL"
    assert details["status"] == "ACTIVE"
    assert details["prioritering"] == "Hoog"
    assert details["rol_gemeente"] == ["Opdrachtgever", "Grondeigenaar"]
    assert details["eigenaar"] == "Team Goud"
    assert details["in_programmering"] is None  # its blocks differ
    assert details["kleur"] == "#123456"
    assert props["projectduur"] == {"start_project": "2024-01-01", "eind_project": "2030-01-01"}
    assert props["projectfasen"]["_3_DEFINITION"] == "2024-01-01"
    assert props["projectfasen"]["_4_DESIGN"] == "2025-06-01"
    assert props["projectfasen"]["_1_CONCEPT"] is None
    assert list(props["projectfasen"]) == [
        "_1_CONCEPT",
        "_2_INITIATIVE",
        "_3_DEFINITION",
        "_4_DESIGN",
        "_5_PREPARATION",
        "_6_REALIZATION",
        "_7_AFTERCARE",
    ]
    statuses = props["planologische_planstatus"]
    assert list(statuses)[:3] == [
        "_4A_OPGENOMEN_IN_VISIE",
        "_4B_NIET_OPGENOMEN_IN_VISIE",
        "_3_IN_VOORBEREIDING",
    ]
    assert list(statuses)[-2:] == ["5A Ambtelijk met locatie", "5B Ambtelijk zonder locatie"]
    assert statuses["_4A_OPGENOMEN_IN_VISIE"] == "2024-01-01"
    assert statuses["_3_IN_VOORBEREIDING"] == "2025-06-01"
    assert props["locatie"] == {
        "gemeente": "Test GM9801",
        "wijk": "Oud Centrum",
        "buurt": "Kerkbuurt",
        "gemeentecode": golden.MUNICIPALITY,
        "wijkcodes": [golden.DISTRICT[0]],
        "buurtcodes": [golden.NEIGHBOURHOOD[0]],
    }
    assert props["maatwerk_projecteigenschappen"] == {
        "Kenmerken": ["Optie A", "Optie B"],
        "Parkeerplaatsen": "12",
    }


def blocks_of(collection: dict, project_id: str) -> dict:
    blocks = feature_of(collection, project_id)["properties"]["woning_blokken"]
    return {b["diwi_id"]: b for b in blocks}


def test_construction_block_has_every_breakdown(app, gold) -> None:
    block = blocks_of(export(app, gold.viewer), gold.project)[gold.construction]
    assert block["name"] == "Blok A"
    assert block["in_programmering"] is True
    assert block["mutatiegegevens"]["mutatie_type"] == "CONSTRUCTION"
    assert block["mutatiegegevens"]["aantal"] == 20
    assert block["mutatiegegevens"]["eigendom_type"] is None  # several lines: see eigendom
    assert block["einddatum"] == "2027-09-01"
    assert block["startdatum"] == "2025-01-01"
    assert block["einddatum_woningblok"] == "2028-01-01"
    assert block["vroegste_opleverdatum"] == "2027-03-01"
    assert block["grootte"] == {"laag": 60, "hoog": 80}
    assert block["eigendom"] == [
        {"eigendom_type": "KOOPWONING", "aantal": 8, "waarde": 300000},
        {"eigendom_type": "KOOPWONING", "aantal": 4, "categorie": "Betaalbaar"},
        {
            "eigendom_type": "HUURWONING_PARTICULIERE_VERHUURDER",
            "aantal": 5,
            "laag": 900,
            "hoog": 1200,
        },
        {"eigendom_type": "HUURWONING_WONINGCORPORATIE", "aantal": 2},
    ]
    assert block["woning_type"] == {"eengezinswoning": 12, "meergezinswoning": 8, "onbekend": 0}
    assert block["fysiek_voorkomen"] == [
        {"fysiek_voorkomen": "Tussenwoning", "aantal": 12},
        {"fysiek_voorkomen": "Galerijflat", "aantal": 8},
    ]
    assert block["doelgroep"] == [
        {"doelgroep_categorie": "Regulier", "aantal": 15},
        {"doelgroep_categorie": "Ouderen", "aantal": 5},
    ]
    assert block["grondpositie"] == {
        "GEEN_TOESTEMMING_GRONDEIGENAAR": None,
        "INTENTIE_MEDEWERKING_GRONDEIGENAAR": None,
        "FORMELE_TOESTEMMING_GRONDEIGENAAR": 20,
    }
    assert block["maatwerk_woningeigenschappen"] == {"Levensloop": "true"}


def test_a_block_of_one_ownership_type_uses_diwis_own_shape(app, gold) -> None:
    block = blocks_of(export(app, gold.viewer), gold.project)[gold.demolition]
    assert block["mutatiegegevens"]["mutatie_type"] == "DEMOLITION"
    assert block["mutatiegegevens"]["eigendom_type"] == "HUURWONING_WONINGCORPORATIE"
    assert block["mutatiegegevens"]["woning_type"] == "MEERGEZINSWONING"
    assert block["waarde"] == {"laag": None, "hoog": None, "categorie": None}
    assert block["eigendom"] == []
    assert block["einddatum"] == "2025-01-01"  # no delivery dates: the block's end
    assert block["grootte"] == {"waarde": 70}
    assert block["in_programmering"] is False


def test_every_demo_block_fills_physical_appearance_and_target_group(sign_in) -> None:
    client = sign_in("user_plus")
    response = client.get(f"/exporteren/diwi.geojson?peildatum={golden.PEILDATUM}")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert "attachment" in response.headers["Content-Disposition"]
    collection = response.get_json()
    blocks = [b for f in collection["features"] for b in f["properties"]["woning_blokken"]]
    assert len(blocks) > 20
    assert sum(1 for b in blocks if b["fysiek_voorkomen"]) > len(blocks) / 2
    assert sum(1 for b in blocks if b["doelgroep"]) > len(blocks) / 2
    for block in blocks:
        amount = block["mutatiegegevens"]["aantal"]
        assert sum(x["aantal"] for x in block["fysiek_voorkomen"]) <= amount
        assert sum(block["woning_type"].values()) == amount
    ids = [f["properties"]["projectgegevens"]["diwi_id"] for f in collection["features"]]
    assert len(set(ids)) == len(ids)
