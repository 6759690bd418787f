"""The provider through pygeoapi's own API layer, configured from pygeoapi-config.yml."""

import json
from pathlib import Path
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import flask
import pytest
from pygeoapi.api import API
from pygeoapi.api import APIRequest
from pygeoapi.api.itemtypes import get_collection_item
from pygeoapi.api.itemtypes import get_collection_items
from pygeoapi.util import yaml_load

pytestmark = pytest.mark.db

CONFIG = Path(__file__).resolve().parents[2] / "pygeoapi-config.yml"
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
FIXTURE_NAMES = {"Merwede", "Cartesius", "Beurskwartier", "Rijnenburg", "Geheim", "Elders"}
APP = flask.Flask(__name__)


@pytest.fixture(scope="module")
def api(reader_url: str, tmp_path_factory, projects) -> API:
    """pygeoapi's API over the test database (as diwi_reader, like production)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DIWI_READER_DATABASE_URL", reader_url)
    patch.setenv("DIWI_PUBLIC_URL", "http://diwi.test")
    patch.setenv("DIWI_VAR_DIR", str(tmp_path_factory.mktemp("var")))
    patch.setenv("DIWI_PYGEOAPI_TEMPLATES", str(tmp_path_factory.mktemp("templates")))
    with CONFIG.open() as handle:
        config = yaml_load(handle)
    patch.undo()
    return API(config, {"components": {"parameters": {}}, "paths": {}})


def call(api: API, path: str, viewer: dict | None = None, item: str | None = None):
    environ = {"diwi.viewer": viewer} if viewer else {}
    with APP.test_request_context(path, environ_overrides=environ):
        request = APIRequest.from_flask(flask.request, api.locales)
        if item:
            return get_collection_item(api, request, "projects", item)
        return get_collection_items(api, request, "projects")


def items(api: API, query: str, viewer: dict | None = None) -> tuple[int, dict, dict]:
    headers, status, body = call(api, f"/collections/projects/items?{query}", viewer)
    return status, headers, json.loads(body)


def ours(body: dict) -> set[str]:
    return {f["properties"]["name"] for f in body["features"]} & FIXTURE_NAMES


def test_anonymous_and_municipal_user(api):
    status, headers, body = items(api, "limit=1000")
    assert status == 200 and ours(body) == {"Merwede", "Cartesius", "Beurskwartier"}
    assert headers["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    viewer = {"role": "user", "municipality_code": "GM9344", "group_ids": []}
    assert "Rijnenburg" in ours(items(api, "limit=1000", viewer)[2])


def test_crs_rd_is_not_reprojected_again(api, projects):
    status, headers, body = items(api, f"crs={RD}&filter=name='Merwede'")
    assert status == 200 and headers["Content-Crs"] == f"<{RD}>"
    assert body["features"][0]["geometry"]["coordinates"][0][0][0] == [136000, 455000]
    _, _, crs84 = items(api, "filter=name='Merwede'")
    lon, lat = crs84["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 5.0 < lon < 5.2 and 52.0 < lat < 52.2


def test_bbox_in_crs84_and_rd(api):
    _, _, lonlat = items(api, "bbox=5.1,52.0,5.16,52.1")
    assert ours(lonlat) == {"Merwede", "Beurskwartier"}
    _, _, rd = items(api, f"bbox=135900,454900,136100,455100&bbox-crs={RD}")
    assert ours(rd) == {"Merwede"}


def test_datetime_reads_the_plan_at_that_date(api):
    _, _, early = items(api, "datetime=2029-01-01&filter=name='Beurskwartier'")
    _, _, late = items(api, "datetime=2033-01-01&filter=name='Beurskwartier'")
    assert early["features"][0]["properties"]["phase"] == "initiative"
    assert late["features"][0]["properties"]["phase"] == "realisation"


def test_cql2_errors_are_400(api):
    assert items(api, "filter=nonsense='x'")[0] == 400
    assert items(api, "filter=owner_group_ids IS NULL")[0] == 400
    assert items(api, "filter=name > 3")[0] == 400
    assert items(api, "datetime=yesterday")[0] == 400


def test_sortby_properties_and_queryable_equality(api):
    status, _, body = items(api, "sortby=-start_date&properties=name,start_date&phase=design")
    assert status == 200 and ours(body) == {"Merwede"}
    assert set(body["features"][0]["properties"]) == {"name", "start_date"}
    _, _, ordered = items(api, "sortby=-start_date&limit=1000")
    starts = [f["properties"]["start_date"] for f in ordered["features"]]
    assert starts == sorted(starts, reverse=True)


def test_paging_next_link_keeps_every_parameter(api):
    query = "limit=1&sortby=name&filter=phase<>'concept'&bbox=4,51,6,53&datetime=2025-06-01"
    status, _, body = items(api, query)
    assert status == 200 and body["numberReturned"] == 1 and body["numberMatched"] >= 3
    next_link = next(link["href"] for link in body["links"] if link["rel"] == "next")
    params = parse_qs(urlsplit(next_link).query)
    assert params["offset"] == ["1"] and params["filter"] == ["phase<>'concept'"]
    assert params["bbox"] == ["4,51,6,53"] and params["datetime"] == ["2025-06-01"]
    assert params["sortby"] == ["name"] and params["limit"] == ["1"]
    _, _, second = items(api, urlsplit(next_link).query)
    assert second["features"][0]["id"] != body["features"][0]["id"]


def test_hits(api):
    status, _, body = items(api, "resulttype=hits")
    assert status == 200 and body["features"] == [] and body["numberMatched"] >= 3


def test_single_item_found_missing_invisible_and_bad(api, projects):
    _, status, body = call(api, "/collections/projects/items/x", item=projects.ids["Merwede"])
    assert status == 200 and json.loads(body)["properties"]["name"] == "Merwede"
    missing = "00000000-0000-0000-0000-000000000000"
    assert call(api, "/collections/projects/items/x", item=missing)[1] == 404
    assert call(api, "/collections/projects/items/x", item=projects.ids["Geheim"])[1] == 404
    assert call(api, "/collections/projects/items/x", item="nope")[1] == 400
