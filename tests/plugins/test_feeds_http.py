"""The feeds as clients use them: HTTP through our app, GDAL's OAPIF driver and OWSLib."""

import json
import os
import shutil
import subprocess
from collections.abc import Iterator

import psycopg
import pytest
from owslib.ogcapi.features import Features
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from tests.fixtures.app import auth_token

pytestmark = pytest.mark.db
# only this module's projects: other modules (the demo) also load projects into GM0200
MINE = "filter=municipal_id LIKE 'FEED-%25'"
MINE_SQL = "municipal_id LIKE 'FEED-%'"
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
ETRS89 = "http://www.opengis.net/def/crs/EPSG/0/4258"
# name -> (confidentiality, owner group name, lower-left RD corner)
FEED_PROJECTS = {
    "Zuiderpark": ("public", "Team Wonen", (194000, 468000)),
    "Kanaalzone": ("public", "Team Wonen", (196000, 470000)),
    "Ambtelijk plan": ("internal_civil", "Andere groep", (193000, 467000)),
    "Eigen geheim": ("private", "Team Wonen", (195000, 469000)),
    "Vreemd geheim": ("private", "Andere groep", (195500, 469500)),
}


def square(x: float, y: float, size: float = 400) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def _group(conn: psycopg.Connection, name: str) -> str:
    row = conn.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
        "ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name "
        "RETURNING id::text",
        (name,),
    ).fetchone()
    return row[0]


@pytest.fixture(scope="module")
def feed_projects(owner_url: str, demo_municipality: str) -> Iterator[dict[str, str]]:
    """Five projects in the demo municipality, owned by the demo user's group or another."""
    ids = {}
    with psycopg.connect(owner_url, autocommit=True) as conn:
        for n, (name, (level, group, (x, y))) in enumerate(FEED_PROJECTS.items()):
            data = {
                "municipality_code": demo_municipality,
                "municipal_id": f"FEED-{n}",
                "name": name,
                "phase": "design",
                "confidentiality_level": level,
                "plan_area": square(x, y),
                "start_date": "2024-01-01",
                "end_date": "2031-01-01",
                "owner_group_ids": [_group(conn, group)],
            }
            ids[name] = conn.execute(
                "SELECT plan.create_project(%s)::text", (Jsonb(data),)
            ).fetchone()[0]
        yield ids
        conn.execute("DELETE FROM plan.project WHERE id = ANY(%s::uuid[])", (list(ids.values()),))


def names(collection: dict) -> set[str]:
    return {f["properties"]["name"] for f in collection["features"]}


def feed_names(collection: dict) -> set[str]:
    """Names of this module's projects only (GDAL evaluates LIKE itself, after paging)."""
    features = collection["features"]
    return {
        f["properties"]["name"]
        for f in features
        if (f["properties"].get("municipal_id") or "").startswith("FEED-")
    }


def items(client, query: str = "", token: str | None = None) -> dict:
    headers = {"Authentication-Token": token} if token else {}
    response = client.get(
        f"/api/collections/projects/items?f=json&{MINE}&limit=100{query}",
        headers=headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_http_anonymous_sees_public_and_token_sees_what_the_role_allows(app, feed_projects):
    client = app.test_client()
    assert names(items(client)) == {"Zuiderpark", "Kanaalzone"}
    token = auth_token(app, USER["email"])
    assert names(items(client, token=token)) == {
        "Zuiderpark",
        "Kanaalzone",
        "Ambtelijk plan",
        "Eigen geheim",
    }


def test_http_invisible_item_is_404_even_with_its_id(app, feed_projects):
    client = app.test_client()
    secret = feed_projects["Vreemd geheim"]
    assert client.get(f"/api/collections/projects/items/{secret}?f=json").status_code == 404
    token = auth_token(app, USER["email"])
    headers = {"Authentication-Token": token}
    url = f"/api/collections/projects/items/{secret}?f=json"
    assert client.get(url, headers=headers).status_code == 404
    own = feed_projects["Eigen geheim"]
    found = client.get(f"/api/collections/projects/items/{own}?f=json", headers=headers)
    assert found.status_code == 200
    assert found.get_json()["properties"]["name"] == "Eigen geheim"


def test_http_crs_headers_and_coordinates(app, feed_projects):
    client = app.test_client()
    default = client.get("/api/collections/projects/items?f=json&municipality_code=GM0200")
    assert "CRS84" in default.headers["Content-Crs"]
    lon, lat = default.get_json()["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 5.8 < lon < 6.1 and 52.1 < lat < 52.3
    rd = client.get(f"/api/collections/projects/items?f=json&municipality_code=GM0200&crs={RD}")
    assert "28992" in rd.headers["Content-Crs"]
    x, y = rd.get_json()["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 190000 < x < 200000 and 460000 < y < 475000
    etrs = client.get(
        f"/api/collections/projects/items?f=json&municipality_code=GM0200&crs={ETRS89}"
    )
    lat2, lon2 = etrs.get_json()["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 52.1 < lat2 < 52.3 and 5.8 < lon2 < 6.1
    bad = client.get("/api/collections/projects/items?f=json&crs=EPSG:9999")
    assert bad.status_code == 400


def test_http_collection_advertises_storage_crs_and_crs_list(app):
    meta = app.test_client().get("/api/collections/projects?f=json").get_json()
    assert "28992" in meta["storageCrs"]
    assert {"28992", "4258"} <= {c.rsplit("/", 1)[-1] for c in meta["crs"]}


def test_http_bbox_bbox_crs_filter_sortby_and_properties(app, feed_projects):
    client = app.test_client()
    rd_box = f"&bbox=195900,469900,196500,470500&bbox-crs={RD}"
    assert names(items(client, rd_box)) == {"Kanaalzone"}
    cql = items(client, "&municipality_code=GM0200&phase=design")
    assert names(cql) == {"Zuiderpark", "Kanaalzone"}
    like = client.get(
        "/api/collections/projects/items?f=json&filter=name LIKE 'Zuid%25' AND "
        "municipal_id LIKE 'FEED-%25'"
    ).get_json()
    assert names(like) == {"Zuiderpark"}
    bad = client.get("/api/collections/projects/items?f=json&filter=nosuchfield=1")
    assert bad.status_code == 400
    ordered = items(client, "&sortby=-name&properties=name")
    assert [f["properties"]["name"] for f in ordered["features"]] == ["Zuiderpark", "Kanaalzone"]
    assert set(ordered["features"][0]["properties"]) == {"name"}


def test_http_next_link_keeps_every_parameter(app, feed_projects):
    client = app.test_client()
    page = client.get(
        f"/api/collections/projects/items?f=json&{MINE}&limit=1&sortby=name"
    ).get_json()
    assert page["numberReturned"] == 1
    nxt = next(link["href"] for link in page["links"] if link["rel"] == "next")
    for part in ("filter=municipal_id", "limit=1", "sortby=name", "offset=1"):
        assert part in nxt
    second = client.get(nxt.split("/api", 1)[1].join(["/api", ""])).get_json()
    assert second["features"][0]["properties"]["name"] != page["features"][0]["properties"]["name"]


def test_http_datetime_is_the_reference_date(app, feed_projects, owner_url):
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(
            "SELECT plan.update_project(%s, %s, NULL, '2028-01-01')",
            (feed_projects["Zuiderpark"], Jsonb({"phase": "realisation"})),
        )
    client = app.test_client()
    query = "&filter=name='Zuiderpark'"
    assert (
        items(client, query + "&datetime=2027-06-01")["features"][0]["properties"]["phase"]
        == "design"
    )
    assert (
        items(client, query + "&datetime=2029-06-01")["features"][0]["properties"]["phase"]
        == "realisation"
    )
    bad = client.get("/api/collections/projects/items?f=json&datetime=notadate")
    assert bad.status_code == 400


def test_http_limit_above_1000_is_capped(app, feed_projects):
    page = app.test_client().get("/api/collections/projects/items?f=json&limit=5000").get_json()
    assert page["numberReturned"] <= 1000


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command-line tools missing")
def test_gdal_oapif_reads_the_public_feed(live_server, feed_projects, tmp_path):
    out = tmp_path / "projects.geojson"
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "GeoJSON",
            str(out),
            f"OAPIF:{live_server.url}/api",
            "projects",
            "-where",
            "municipality_code = 'GM0200'",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    collection = json.loads(out.read_text())
    assert feed_names(collection) == {"Zuiderpark", "Kanaalzone"}
    info = subprocess.run(
        ["ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/api", "projects"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "Geometry: Multi Polygon" in info
    assert "phase: String" in info


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command-line tools missing")
def test_gdal_oapif_with_an_api_token_sees_the_users_projects(
    app, live_server, feed_projects, tmp_path
):
    token = auth_token(app, USER["email"])
    out = tmp_path / "mine.geojson"
    env = {**os.environ, "GDAL_HTTP_HEADERS": f"Authentication-Token: {token}"}
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "GeoJSON",
            str(out),
            f"OAPIF:{live_server.url}/api",
            "projects",
            "-where",
            "municipality_code = 'GM0200'",
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env=env,
    )
    seen = feed_names(json.loads(out.read_text()))
    assert seen == {"Zuiderpark", "Kanaalzone", "Ambtelijk plan", "Eigen geheim"}


def test_owslib_reads_collections_queryables_items_and_one_item(live_server, feed_projects):
    api = Features(f"{live_server.url}/api")
    assert "projects" in [c["id"] for c in api.collections()["collections"]]
    queryables = api.collection_queryables("projects")["properties"]
    assert {"name", "phase", "planning_status"} <= set(queryables)
    page = api.collection_items("projects", limit=100, filter=MINE_SQL)
    assert names(page) == {"Zuiderpark", "Kanaalzone"}
    boxed = api.collection_items("projects", bbox=[5.93, 52.22, 5.95, 52.24], limit=100)
    assert all("geometry" in f for f in boxed["features"])
    one = api.collection_item("projects", feed_projects["Zuiderpark"])
    assert one["properties"]["name"] == "Zuiderpark"
