"""The authenticated acceleration-table collection and harvesting it from a running DIWI app."""

import psycopg
import pytest
from psycopg.rows import dict_row

from ingest.harvest import HarvestError
from ingest.harvest import harvest

ITEMS = "/api/collections/acceleration-table/items"


def test_token_sees_key_projects_as_features_in_crs84(client, key_setup, region_token):
    response = client.get(
        f"{ITEMS}?f=json&limit=1000", headers={"Authorization": f"Bearer {region_token}"}
    )
    assert response.status_code == 200
    features = {f["id"]: f for f in response.get_json()["features"]}
    big = features[key_setup["big"]]
    assert key_setup["small"] not in features
    props = big["properties"]
    assert (props["social_rental"], props["steps_late"], props["instance"]) == (40, 1, None)
    assert props["acceleration"][0]["gain_days"] > 0
    lon, lat = big["geometry"]["coordinates"][0][0][0]
    assert 3 < lon < 8 and 50 < lat < 54  # CRS84 by default


def test_item_in_rd_new_for_the_token(client, key_setup, region_token):
    response = client.get(
        f"{ITEMS}/{key_setup['big']}?f=json&crs=http://www.opengis.net/def/crs/EPSG/0/28992",
        headers={"Authorization": f"Bearer {region_token}"},
    )
    assert response.status_code == 200
    x, y = response.get_json()["geometry"]["coordinates"][0][0][0]
    assert 100000 < x < 200000 and 400000 < y < 500000


def test_anonymous_gets_no_rows(client, key_setup):
    body = client.get(f"{ITEMS}?f=json").get_json()
    assert body["features"] == [] and body["numberMatched"] == 0
    assert client.get(f"{ITEMS}/{key_setup['big']}?f=json").status_code == 404


def viewer_rows(reader_url: str) -> list[dict]:
    """The acceleration table as the demo region reader sees it (as the API reader role)."""
    with psycopg.connect(reader_url, row_factory=dict_row) as conn:
        region = conn.execute(
            "SELECT region_code FROM ref.municipality WHERE code = 'GM0200'"
        ).fetchone()["region_code"]
        conn.execute("SELECT plan.set_viewer('region_reader', NULL, %s)", (region,))
        return conn.execute(
            "SELECT id::text, instance FROM publication.acceleration_table"
        ).fetchall()


def test_harvest_follows_next_links_and_never_duplicates_a_local_guid(
    migrated_db, owner_url, live_server, key_setup, region_token
):
    with psycopg.connect(owner_url) as conn:
        conn.execute("INSERT INTO plan.key_project VALUES (%s, true)", (key_setup["small"],))
    instance = f"buur-{key_setup['tag']}"
    result = harvest(
        migrated_db.url("ingest"), f"{live_server.url}/api", region_token, instance, limit=1
    )
    assert result["features"] >= 2 and result["pages"] >= result["features"]  # 1 a page
    with psycopg.connect(owner_url) as conn:
        stored = dict(
            conn.execute(
                "SELECT source_guid::text, social_rental FROM harvest.project WHERE instance = %s",
                (instance,),
            ).fetchall()
        )
        status = conn.execute(
            "SELECT status, pages FROM harvest.run WHERE id = %s", (result["run_id"],)
        ).fetchone()
    assert stored[key_setup["big"]] == 40 and key_setup["small"] in stored
    assert status == ("succeeded", result["pages"])
    rows = viewer_rows(migrated_db.url("reader"))
    assert [r["instance"] for r in rows if r["id"] == key_setup["big"]] == [None]  # once, local
    with psycopg.connect(owner_url) as conn:  # the small project now lives elsewhere only
        conn.execute("DELETE FROM plan.project WHERE id = %s", (key_setup["small"],))
    rows = viewer_rows(migrated_db.url("reader"))
    assert [r["instance"] for r in rows if r["id"] == key_setup["small"]] == [instance]


def test_a_refused_token_is_logged_as_a_failed_run(migrated_db, owner_url, live_server):
    with pytest.raises(HarvestError):
        harvest(migrated_db.url("ingest"), f"{live_server.url}/api", "onzin", "kapot")
    with psycopg.connect(owner_url) as conn:
        status, error = conn.execute(
            "SELECT status, error FROM harvest.run WHERE instance = 'kapot' ORDER BY id DESC"
        ).fetchone()
    assert status == "failed" and error


def test_html_items_page_lists_the_key_project(client, key_setup, region_token):
    response = client.get(
        f"{ITEMS}?f=html&limit=1000", headers={"Authorization": f"Bearer {region_token}"}
    )
    assert response.status_code == 200
    assert f"Groot {key_setup['tag']}" in response.get_data(as_text=True)
