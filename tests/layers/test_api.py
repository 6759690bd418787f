"""The registry map layers as OGC API collections: names, CRS, bbox, paging, filters, read-only."""

import psycopg
import pytest
from flask.testing import FlaskClient
from pyproj import Transformer

from tests.layers.conftest import AREA
from tests.layers.conftest import CRS84
from tests.layers.conftest import HEIGHT
from tests.layers.conftest import RD
from tests.layers.conftest import WIDTH
from tests.layers.conftest import Registry
from tests.layers.conftest import parcel_corner

# collection -> source attribute names every item carries
COLLECTIONS = {
    "parcels": {
        "identificatie_lokaal_id",
        "akr_kadastrale_gemeente_code_waarde",
        "sectie",
        "perceelnummer",
        "kadastrale_grootte_waarde",
    },
    "buildings": {"identificatie", "status", "bouwjaar", "gebruiksdoel"},
    "accommodation-objects": {
        "identificatie",
        "status",
        "gebruiksdoel",
        "oppervlakte",
        "pandidentificatie",
        "postcode",
        "huisnummer",
    },
    "addresses": {
        "identificatie",
        "adresseerbaar_object_identificatie",
        "postcode",
        "huisnummer",
        "woonplaats_naam",
    },
    "bgt-wegdeel": {"lokaal_id", "functie", "fysiek_voorkomen", "relatieve_hoogteligging"},
    "bgt-waterdeel": {"lokaal_id", "type", "plus_type"},
    "bgt-begroeidterreindeel": {"lokaal_id", "fysiek_voorkomen"},
    "bor-bomen": {"source_id", "boomsoort", "plantjaar", "properties"},
}
ETRS89 = "http://www.opengis.net/def/crs/EPSG/0/4258"
TO_CRS84 = Transformer.from_crs("EPSG:28992", "OGC:CRS84", always_xy=True)


def expected_ids(registry: Registry, collection: str) -> set[str]:
    by_collection = {
        "parcels": registry.parcels,
        "buildings": registry.buildings,
        "accommodation-objects": registry.objects,
        "addresses": registry.addresses,
        "bor-bomen": registry.trees,
    }
    if collection.startswith("bgt-"):
        return set(registry.bgt[collection.removeprefix("bgt-")])
    return set(by_collection[collection])


def crs84_bbox(minx: float, miny: float, maxx: float, maxy: float) -> str:
    west, south = TO_CRS84.transform(minx, miny)
    east, north = TO_CRS84.transform(maxx, maxy)
    return f"{west},{south},{east},{north}"


def items(client: FlaskClient, collection: str, **params: str) -> dict:
    response = client.get(
        f"/api/collections/{collection}/items", query_string={"f": "json", **params}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_collections_are_listed_with_crs_extent_and_titles(client: FlaskClient) -> None:
    listed = {c["id"]: c for c in client.get("/api/collections?f=json").get_json()["collections"]}
    assert set(COLLECTIONS) <= set(listed)
    parcels = listed["parcels"]
    assert parcels["title"] == "Kadastrale percelen (BRK)"
    assert {CRS84, RD, "http://www.opengis.net/def/crs/EPSG/0/4258"} <= set(parcels["crs"])
    assert parcels["storageCrs"] == RD
    assert parcels["extent"]["spatial"]["bbox"] == [[3.2, 50.7, 7.3, 53.6]]
    english = client.get("/api/collections/buildings?f=json&lang=en").get_json()
    assert english["title"] == "Buildings (BAG)"
    page = client.get("/api/collections/parcels/items?f=html&limit=2")
    assert page.status_code == 200
    assert "Kadastrale percelen (BRK)" in page.get_data(as_text=True)


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_items_carry_the_source_attribute_names(
    client: FlaskClient, registry: Registry, collection: str
) -> None:
    found = items(client, collection, bbox=",".join(map(str, AREA)), **{"bbox-crs": RD})
    assert {f["id"] for f in found["features"]} == expected_ids(registry, collection)
    for feature in found["features"]:
        assert COLLECTIONS[collection] <= set(feature["properties"])
        assert not {"ingest_run_id", "ingest_hash", "ingested_at"} & set(feature["properties"])


def test_bbox_in_crs84_and_rd_select_the_same_parcels(
    client: FlaskClient, registry: Registry
) -> None:
    # the two western columns of the 4x3 grid, shrunk by a metre so neighbours do not touch
    minx, miny = parcel_corner(0)
    box = (minx + 1, miny + 1, minx + 2 * WIDTH - 1, miny + 3 * HEIGHT - 1)
    in_rd = items(client, "parcels", bbox=",".join(map(str, box)), **{"bbox-crs": RD})
    in_crs84 = items(client, "parcels", bbox=crs84_bbox(*box))
    west = {registry.parcels[n] for n in (0, 1, 4, 5, 8, 9)}
    assert {f["id"] for f in in_rd["features"]} == west
    assert {f["id"] for f in in_crs84["features"]} == west
    assert in_crs84["numberMatched"] == 6


def test_crs_28992_returns_the_stored_coordinates(client: FlaskClient, registry: Registry) -> None:
    response = client.get(f"/api/collections/parcels/items/{registry.parcels[5]}?f=json&crs={RD}")
    assert response.status_code == 200
    assert response.headers["Content-Crs"] == f"<{RD}>"
    x, y = parcel_corner(5)
    ring = response.get_json()["geometry"]["coordinates"][0][0]
    assert ring == [[x, y], [x + WIDTH, y], [x + WIDTH, y + HEIGHT], [x, y + HEIGHT], [x, y]]
    default = client.get(f"/api/collections/parcels/items/{registry.parcels[5]}?f=json").get_json()
    lon, lat = default["geometry"]["coordinates"][0][0][0]
    assert (lon, lat) == pytest.approx(TO_CRS84.transform(x, y), abs=1e-7)
    etrs89 = f"/api/collections/parcels/items/{registry.parcels[5]}?f=json&crs={ETRS89}"
    first = client.get(etrs89).get_json()["geometry"]["coordinates"][0][0][0]
    assert first == pytest.approx([lat, lon], abs=1e-5)  # EPSG:4258 is latitude, longitude


def test_paging_follows_next_links_through_all_parcels(
    client: FlaskClient, registry: Registry
) -> None:
    box = ",".join(map(str, AREA))
    url = f"/api/collections/parcels/items?f=json&limit=5&bbox={box}&bbox-crs={RD}"
    seen, pages = [], 0
    while url:
        page = client.get(url.removeprefix(client.application.config["DIWI_SETTINGS"].public_url))
        assert page.status_code == 200
        body = page.get_json()
        seen += [f["id"] for f in body["features"]]
        pages += 1
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    assert pages == 3
    assert sorted(seen) == sorted(registry.parcels)


def test_property_filters_and_queryables(client: FlaskClient, registry: Registry) -> None:
    found = items(
        client,
        "parcels",
        akr_kadastrale_gemeente_code_waarde="APD77",
        sectie="K",
        perceelnummer="1003",
    )
    assert [f["id"] for f in found["features"]] == [registry.parcels[2]]
    woon = items(
        client,
        "buildings",
        status="Bouw gestart",
        bbox=",".join(map(str, AREA)),
        **{"bbox-crs": RD},
    )
    assert [f["properties"]["identificatie"] for f in woon["features"]] == [registry.buildings[2]]
    queryables = client.get("/api/collections/parcels/queryables?f=json").get_json()["properties"]
    assert {"perceelnummer", "sectie", "akr_kadastrale_gemeente_code_waarde"} <= set(queryables)
    assert queryables["perceelnummer"]["type"] == "integer"


def test_one_item_by_its_source_identifier(client: FlaskClient, registry: Registry) -> None:
    found = client.get(f"/api/collections/accommodation-objects/items/{registry.objects[1]}?f=json")
    assert found.status_code == 200
    properties = found.get_json()["properties"]
    assert properties["gebruiksdoel"] == "woonfunctie,winkelfunctie"
    assert properties["pandidentificatie"] == [registry.buildings[1]]
    assert client.get("/api/collections/parcels/items/0000?f=json").status_code == 404
    assert (
        client.get(f"/api/collections/bor-bomen/items/{registry.trees[1]}?f=json").status_code
        == 200
    )


def test_bgt_and_bor_views_flatten_the_source_properties(
    client: FlaskClient, registry: Registry
) -> None:
    area = {"bbox": ",".join(map(str, AREA)), "bbox-crs": RD}
    roads = items(client, "bgt-wegdeel", functie="fietspad", **area)["features"]
    assert [f["id"] for f in roads] == [registry.bgt["wegdeel"][1]]
    assert roads[0]["properties"]["relatieve_hoogteligging"] == 0
    green = items(client, "bgt-begroeidterreindeel", **area)["features"]
    assert {f["properties"]["fysiek_voorkomen"] for f in green} == {
        "groenvoorziening",
        "grasland overig",  # stored as bgt_fysiek_voorkomen
    }
    trees = {f["id"]: f["properties"] for f in items(client, "bor-bomen", **area)["features"]}
    assert trees[registry.trees[0]]["plantjaar"] == 1985
    assert trees[registry.trees[0]]["stamdiameter"] == 0.6
    assert trees[registry.trees[2]]["plantjaar"] is None  # 'onbekend' in the source
    assert trees[registry.trees[2]]["properties"]["plantjaar"] == "onbekend"


@pytest.mark.parametrize("collection", ["parcels", "buildings", "bgt-wegdeel"])
def test_registry_layers_are_public_but_never_writable(
    client: FlaskClient, registry: Registry, collection: str
) -> None:
    assert client.get(f"/api/collections/{collection}/items?f=json&limit=1").status_code == 200
    feature = {"type": "Feature", "geometry": None, "properties": {}}
    created = client.post(
        f"/api/collections/{collection}/items", json=feature, content_type="application/geo+json"
    )
    assert created.status_code == 405
    item = f"/api/collections/{collection}/items/{sorted(expected_ids(registry, collection))[0]}"
    assert client.put(item, json=feature).status_code == 405
    assert client.delete(item).status_code == 405


def test_the_reader_role_cannot_write_the_registries(migrated_db, registry: Registry) -> None:
    with (
        psycopg.connect(migrated_db.url("reader")) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(
            "DELETE FROM brk.perceel WHERE identificatie_lokaal_id = %s", (registry.parcels[0],)
        )
