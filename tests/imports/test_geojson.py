"""DIWI's GeoJSON template: EPSG:28992 and CRS84 files give projects with an imported area."""

import json

import psycopg

from tests.imports.conftest import post_file
from webapp.imports.example import example_geojson

RD_SQUARE_AREA = 40000.0  # the example's 200 m x 200 m square


def area_of(owner_url: str, municipal_id: str) -> tuple:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT round(ST_Area(v.plan_area)), v.area_source, ST_SRID(v.plan_area), "
            "(SELECT count(*) FROM plan.houseblock h WHERE h.project_id = p.id) "
            "FROM plan.project p JOIN plan.project_version v ON v.project_id = p.id "
            "AND v.superseded_at IS NULL WHERE p.municipal_id = %s",
            (municipal_id,),
        ).fetchall()


def test_geojson_in_rd_creates_project_with_imported_area(signed_in, prefix, owner_url):
    data = json.dumps(example_geojson(prefix)).encode()
    response = post_file(signed_in("user"), data, "geojson", name="x.geojson")
    assert response.status_code == 200, response.get_json()["errors"]
    rows = area_of(owner_url, f"{prefix}-001")
    assert {r[:3] for r in rows} == {(RD_SQUARE_AREA, "imported", 28992)}
    assert rows[0][3] == 1
    again = post_file(signed_in("user"), data, "geojson", name="x.geojson").get_json()
    assert again["counts"]["unchanged"] == 1, again


def test_geojson_in_crs84_is_transformed_to_rd(signed_in, prefix, owner_url):
    doc = example_geojson(prefix)
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    with psycopg.connect(owner_url) as conn:
        lonlat = conn.execute(
            "SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%s), 28992), 4326), 9)",
            (json.dumps({"type": "Polygon", "coordinates": [ring]}),),
        ).fetchone()[0]
    doc["features"][0]["geometry"] = json.loads(lonlat)
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    response = post_file(signed_in("user"), json.dumps(doc).encode(), "geojson", name="x.geojson")
    assert response.status_code == 200, response.get_json()["errors"]
    (area, source, srid, _), *_ = area_of(owner_url, f"{prefix}-001")
    assert abs(area - RD_SQUARE_AREA) <= 1 and source == "imported" and srid == 28992


def test_geojson_accepts_the_dutch_labels_of_diwis_export(signed_in, prefix):
    doc = example_geojson(prefix)
    details = doc["features"][0]["properties"]["projectgegevens"]
    details["projectgegevens"] |= {
        "vertrouwelijkheid": "Intern ambtelijk",
        "status": "Actief",
        "plan_soort": ["Uitbreiding overig"],
        "prioritering": ["Middel"],
    }
    details["projectfasen"] = {"Concept": "2025-01-01", "6 Realisatie": "2027-01-01"}
    details["planologische_planstatus"] = {"3 In voorbereiding": "2025-01-01"}
    block = doc["features"][0]["properties"]["woning_blokken"][0]
    block["mutatiegegevens"] |= {"mutatie_type": "Bouw", "eigendom_type": "Koopwoning"}
    response = post_file(signed_in("user"), json.dumps(doc).encode(), "geojson", dry_run=True)
    assert response.status_code == 200, response.get_json()["errors"]
