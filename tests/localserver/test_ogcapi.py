"""The local OGC API behaves like PDOK's GoKoala: cursor paging, strict parameters, CRS, faults."""

import json
import time

import pytest
import requests
from owslib.ogcapi.features import Features

from ingest.localserver.servers import RegistryServers

RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def fixture_features(servers: RegistryServers, source: str, collection: str) -> list[dict]:
    path = servers.directory / "ogc" / source / f"{collection}.geojson"
    return json.loads(path.read_text())["features"]


def next_href(page: dict) -> str | None:
    return next((link["href"] for link in page["links"] if link["rel"] == "next"), None)


def all_pages(
    servers: RegistryServers, source: str, collection: str, **params: object
) -> list[dict]:
    """First page through OWSLib, then every next href requested as is (as a client must)."""
    pages = [Features(servers.ogcapi_urls[source]).collection_items(collection, **params)]
    while href := next_href(pages[-1]):
        assert "offset" not in href and "cursor=" in href
        response = requests.get(href, timeout=10)
        assert response.status_code == 200, response.text
        pages.append(response.json())
    return pages


def test_cursor_paging_yields_every_parcel_exactly_once(
    registry_servers_v1: RegistryServers,
) -> None:
    pages = all_pages(registry_servers_v1, "brk", "perceel", limit=7)

    ids = [f["id"] for page in pages for f in page["features"]]
    expected = {f["id"] for f in fixture_features(registry_servers_v1, "brk", "perceel")}
    assert len(ids) == len(expected) == 40
    assert set(ids) == expected
    assert [page["numberReturned"] for page in pages] == [7, 7, 7, 7, 7, 5]
    item_requests = [q for p, q in registry_servers_v1.requests if p.endswith("/perceel/items")]
    assert "cursor" not in item_requests[0] and all("cursor" in q for q in item_requests[1:])


def test_limit_1000_pages_a_large_collection_in_two(registry_servers_v1: RegistryServers) -> None:
    pages = all_pages(registry_servers_v1, "bor", "bomen", limit=1000)

    assert [page["numberReturned"] for page in pages] == [1000, 50]
    assert len({f["properties"]["boom_id"] for page in pages for f in page["features"]}) == 1050


def test_limit_defaults_to_10_and_is_capped_at_1000(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["bor"] + "/collections/bomen/items"

    assert requests.get(url, timeout=10).json()["numberReturned"] == 10
    capped = requests.get(url, params={"limit": 5000}, timeout=10).json()
    assert capped["numberReturned"] == 1000
    assert "limit=1000" in next_href(capped)
    assert requests.get(url, params={"limit": -1}, timeout=10).status_code == 400
    assert requests.get(url, params={"limit": "many"}, timeout=10).status_code == 400


@pytest.mark.parametrize(
    ("path", "params", "detail"),
    [
        ("/collections/perceel/items", {"offset": 10}, "unknown query parameter(s) found: offset"),
        ("/collections/perceel/items", {"foo": "bar"}, "unknown query parameter(s) found: foo"),
        ("/collections/perceel/items", {"crs": "EPSG:28992"}, "crs param should start with"),
        ("/collections/perceel/items", {"bbox-crs": RD}, "bbox-crs can't be used without bbox"),
        (
            "/collections/perceel/items",
            {"filter": "sectie='K'"},
            "CQL filter param is currently not supported",
        ),
        ("/collections/perceel/items", {"cursor": "not-a-cursor"}, "invalid cursor"),
        ("/collections", {"limit": 10}, "unknown query parameter(s) found: limit"),
    ],
)
def test_bad_parameters_get_a_400_problem(
    registry_servers_v1: RegistryServers, path: str, params: dict, detail: str
) -> None:
    response = requests.get(
        registry_servers_v1.ogcapi_urls["brk"] + path, params=params, timeout=10
    )

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert detail in response.json()["detail"]


def test_a_cursor_cannot_be_reused_with_other_filters(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items"
    first = requests.get(url, params={"limit": 5}, timeout=10).json()
    cursor = next_href(first).split("cursor=")[1]

    response = requests.get(url, params={"limit": 5, "sectie": "K", "cursor": cursor}, timeout=10)

    assert response.status_code == 400


def test_configured_property_filters_work(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items"

    page = requests.get(url, params={"perceelnummer": 1204, "sectie": "K"}, timeout=10).json()

    assert [f["properties"]["akr_kadastrale_gemeente_code_waarde"] for f in page["features"]] == [
        "APD01"
    ]
    assert page["features"][0]["properties"]["identificatie_lokaal_id"] == "15000012040000"


def test_response_has_pdok_shape_without_number_matched(
    registry_servers_v1: RegistryServers,
) -> None:
    response = requests.get(
        registry_servers_v1.ogcapi_urls["bag"] + "/collections/verblijfsobject/items",
        params={"limit": 3},
        timeout=10,
    )
    page = response.json()

    assert response.headers["Content-Type"] == "application/geo+json"
    assert "numberMatched" not in page
    assert {"type", "features", "numberReturned", "links", "timeStamp"} <= set(page)
    props = page["features"][0]["properties"]
    assert len(props["identificatie"]) == 16 and props["identificatie"].startswith("0200")
    assert isinstance(props["pand.href"], list)


def test_default_output_is_crs84(registry_servers_v1: RegistryServers) -> None:
    response = requests.get(
        registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items",
        params={"limit": 1},
        timeout=10,
    )

    assert response.headers["Content-Crs"] == f"<{CRS84}>"
    lon, lat = response.json()["features"][0]["geometry"]["coordinates"][0][0]
    assert 5.9 < lon < 6.0 and 52.1 < lat < 52.3


def test_rd_output_matches_the_fixture_coordinates(registry_servers_v1: RegistryServers) -> None:
    expected = {
        f["id"]: f["geometry"] for f in fixture_features(registry_servers_v1, "brk", "perceel")
    }
    response = requests.get(
        registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items",
        params={"limit": 40, "crs": RD},
        timeout=10,
    )

    assert response.headers["Content-Crs"] == f"<{RD}>"
    for feature in response.json()["features"]:
        got = feature["geometry"]["coordinates"][0]
        want = expected[feature["id"]]["coordinates"][0]
        assert [c for xy in got for c in xy] == pytest.approx(
            [c for xy in want for c in xy], abs=0.001
        )


def test_bbox_in_rd_selects_the_parcels_there(registry_servers_v1: RegistryServers) -> None:
    response = requests.get(
        registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items",
        params={"limit": 100, "bbox": "193710,468710,193720,468720", "bbox-crs": RD, "crs": RD},
        timeout=10,
    )

    assert [f["properties"]["perceelnummer"] for f in response.json()["features"]] == [1201]


def test_pand_href_resolves_to_the_building(registry_servers_v1: RegistryServers) -> None:
    vbo = requests.get(
        registry_servers_v1.ogcapi_urls["bag"] + "/collections/verblijfsobject/items", timeout=10
    ).json()["features"][0]
    [href] = vbo["properties"]["pand.href"]

    assert href.startswith(registry_servers_v1.ogcapi_urls["bag"] + "/collections/pand/items/")
    pand = requests.get(href, timeout=10)
    assert pand.status_code == 200
    assert pand.json()["id"] == href.rsplit("/", 1)[1]
    assert pand.json()["properties"]["identificatie"].startswith("020010")


def test_version_2_changes_the_parcels(registry_servers_v1: RegistryServers) -> None:
    summary = registry_servers_v1.set_version(2)
    ids = {
        f["properties"]["identificatie_lokaal_id"]: f
        for page in all_pages(registry_servers_v1, "brk", "perceel", limit=1000)
        for f in page["features"]
    }

    parcels = summary["parcels"]
    assert len(ids) == summary["counts"]["perceel"] == 39
    assert parcels["split"]["old"]["lokaal_id"] not in ids
    assert {p["lokaal_id"] for p in parcels["split"]["new"]} <= set(ids)
    assert not {p["lokaal_id"] for p in parcels["merged"]["old"]} & set(ids)
    assert parcels["merged"]["new"]["lokaal_id"] in ids
    assert parcels["retired"]["lokaal_id"] not in ids
    reshaped = ids[parcels["reshaped"]["old"]["lokaal_id"]]
    assert reshaped["properties"]["kadastrale_grootte_waarde"] < 59 * 147.5


def test_version_2_changes_building_statuses(registry_servers_v1: RegistryServers) -> None:
    summary = registry_servers_v1.set_version(2)
    url = registry_servers_v1.ogcapi_urls["bag"] + "/collections/verblijfsobject/items"
    change = summary["buildings"]["status_changes"][0]

    [vbo] = requests.get(
        url, params={"identificatie": change["verblijfsobject"]}, timeout=10
    ).json()["features"]

    assert (change["from"], vbo["properties"]["status"]) == (
        "Verblijfsobject gevormd",
        "Verblijfsobject in gebruik (niet ingemeten)",
    )
    new = summary["buildings"]["new_verblijfsobjecten"][0]
    assert (
        requests.get(url, params={"identificatie": new}, timeout=10).json()["numberReturned"] == 1
    )


def test_injected_503_is_transient(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items"
    registry_servers_v1.inject("/perceel/items", "http503", times=2)

    statuses = [requests.get(url, timeout=10).status_code for _ in range(3)]

    assert statuses == [503, 503, 200]


def test_injected_malformed_json(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["bag"] + "/collections/pand/items"
    registry_servers_v1.inject("collections/pand/items", "malformed")

    response = requests.get(url, timeout=10)

    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert requests.get(url, timeout=10).json()["numberReturned"] == 10


def test_injected_hang_delays_and_matches_on_query(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["bag"] + "/collections/pand/items"
    registry_servers_v1.inject("cursor=", "hang", seconds=1.5)
    first = requests.get(url, timeout=10).json()

    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        requests.get(next_href(first), timeout=0.5)
    assert time.monotonic() - started < 1.5
    assert requests.get(next_href(first), timeout=10).status_code == 200


def test_request_log_records_paths_and_can_be_cleared(registry_servers_v1: RegistryServers) -> None:
    url = registry_servers_v1.ogcapi_urls["bgt"] + "/collections/wegdeel/items"
    requests.get(url, params={"limit": 2}, timeout=10)
    assert registry_servers_v1.requests == [
        ("/lv/bgt/ogc/v1/collections/wegdeel/items", {"limit": "2"})
    ]
    registry_servers_v1.inject("wegdeel", "http500")

    registry_servers_v1.clear_requests()

    assert registry_servers_v1.requests == []
    assert requests.get(url, timeout=10).status_code == 500


def test_unsupported_crs_and_unknown_items_are_problems(
    registry_servers_v1: RegistryServers,
) -> None:
    url = registry_servers_v1.ogcapi_urls["brk"] + "/collections/perceel/items"

    wrong_crs = requests.get(
        url, params={"crs": "http://www.opengis.net/def/crs/EPSG/0/2000"}, timeout=10
    )
    missing = requests.get(url + "/00000000-0000-0000-0000-000000000000", timeout=10)

    assert (wrong_crs.status_code, missing.status_code) == (400, 404)
    assert (
        wrong_crs.headers["Content-Type"]
        == missing.headers["Content-Type"]
        == "application/problem+json"
    )
