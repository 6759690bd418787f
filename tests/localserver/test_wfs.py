"""The local MapServer WFS 2.0 answers like PDOK's: typenames, startIndex paging, count cap."""

import json

import requests
from owslib.wfs import WebFeatureService
from shapely.geometry import shape

from ingest.localserver.servers import RegistryServers


def get_features(wfs: WebFeatureService, typename: str, **kwargs: object) -> list[dict]:
    response = wfs.getfeature(typename=[typename], outputFormat="application/json", **kwargs)
    return json.loads(response.read())["features"]


def page_all(wfs: WebFeatureService, typename: str, count: int) -> list[dict]:
    features, start = [], 0
    while page := get_features(wfs, typename, maxfeatures=count, startindex=start):
        features += page
        start += count
    return features


def test_capabilities_list_pdok_typenames_and_point_back(
    registry_servers_v1: RegistryServers,
) -> None:
    bag = WebFeatureService(registry_servers_v1.wfs_urls["bag"], version="2.0.0")
    brk = WebFeatureService(registry_servers_v1.wfs_urls["brk"], version="2.0.0")

    assert set(bag.contents) == {"bag:pand", "bag:verblijfsobject"}
    assert set(brk.contents) == {"kadastralekaart:Perceel"}
    get_feature_url = bag.getOperationByName("GetFeature").methods[0]["url"]
    assert get_feature_url.startswith(registry_servers_v1.wfs_urls["bag"])
    assert "urn:ogc:def:crs:EPSG::28992" in [
        c.getcodeurn() for c in bag.contents["bag:pand"].crsOptions
    ]


def test_start_index_paging_returns_every_feature_once(
    registry_servers_v1: RegistryServers,
) -> None:
    wfs = WebFeatureService(registry_servers_v1.wfs_urls["bag"], version="2.0.0")

    features = page_all(wfs, "bag:verblijfsobject", count=9)

    ids = [f["properties"]["identificatie"] for f in features]
    assert len(ids) == len(set(ids)) == registry_servers_v1.summary["counts"]["verblijfsobject"]
    queries = [{k.lower(): v for k, v in q.items()} for _, q in registry_servers_v1.requests]
    counts = [q.get("count") for q in queries if q.get("request") == "GetFeature"]
    assert set(counts) == {"9"}


def test_count_is_capped_by_wfs_maxfeatures(registry_servers_v1: RegistryServers) -> None:
    registry_servers_v1.set_wfs_max_features(10)
    wfs = WebFeatureService(registry_servers_v1.wfs_urls["brk"], version="2.0.0")

    assert len(get_features(wfs, "kadastralekaart:Perceel", maxfeatures=25)) == 10
    assert len(page_all(wfs, "kadastralekaart:Perceel", count=10)) == 40


def test_verblijfsobject_carries_pandidentificatie_of_its_building(
    registry_servers_v1: RegistryServers,
) -> None:
    wfs = WebFeatureService(registry_servers_v1.wfs_urls["bag"], version="2.0.0")
    panden = {
        f["properties"]["identificatie"]: shape(f["geometry"])
        for f in page_all(wfs, "bag:pand", 1000)
    }

    for vbo in get_features(wfs, "bag:verblijfsobject", maxfeatures=1000):
        pand = panden[vbo["properties"]["pandidentificatie"]]
        assert pand.contains(shape(vbo["geometry"]))


def test_perceel_attributes_and_rd_coordinates(registry_servers_v1: RegistryServers) -> None:
    wfs = WebFeatureService(registry_servers_v1.wfs_urls["brk"], version="2.0.0")

    [perceel] = get_features(wfs, "kadastralekaart:Perceel", maxfeatures=1)

    props = perceel["properties"]
    assert (props["AKRKadastraleGemeenteCodeWaarde"], props["sectie"], props["perceelnummer"]) == (
        "APD01",
        "K",
        1201,
    )
    assert props["identificatieLokaalID"] == "15000012010000"
    x, y = perceel["geometry"]["coordinates"][0][0]
    assert 193000 < x < 195000 and 468000 < y < 470000


def test_srsname_wgs84(registry_servers_v1: RegistryServers) -> None:
    wfs = WebFeatureService(registry_servers_v1.wfs_urls["brk"], version="2.0.0")

    [perceel] = get_features(
        wfs, "kadastralekaart:Perceel", maxfeatures=1, srsname="urn:ogc:def:crs:EPSG::4326"
    )

    first, second = perceel["geometry"]["coordinates"][0][0]
    assert {round(first), round(second)} == {52, 6}


def test_version_switch_reaches_the_wfs(registry_servers_v1: RegistryServers) -> None:
    registry_servers_v1.set_version(2)
    wfs = WebFeatureService(registry_servers_v1.wfs_urls["brk"], version="2.0.0")

    ids = {
        f["properties"]["identificatieLokaalID"]
        for f in page_all(wfs, "kadastralekaart:Perceel", 1000)
    }

    assert len(ids) == 39
    assert registry_servers_v1.summary["parcels"]["retired"]["lokaal_id"] not in ids


def test_injected_fault_on_wfs(registry_servers_v1: RegistryServers) -> None:
    registry_servers_v1.inject("typenames=bag:pand", "http503")
    url = registry_servers_v1.wfs_urls["bag"]
    params = {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typenames": "bag:pand",
        "count": 1,
    }

    assert requests.get(url, params=params, timeout=10).status_code == 503
    assert requests.get(url, params=params, timeout=10).status_code == 200
