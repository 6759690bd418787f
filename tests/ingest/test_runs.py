"""Full, repeated and incremental runs against the local PDOK-shaped servers."""

import math

import pytest

from tests.ingest.conftest import changes
from tests.ingest.conftest import counts
from tests.ingest.conftest import query
from tests.ingest.conftest import runs
from tests.ingest.conftest import snapshot

pytestmark = pytest.mark.db


def test_full_run_fills_every_registry_table_with_the_fixture_counts(ingest, servers, owner_url):
    assert ingest("all") == 0
    assert counts(owner_url) == servers.summary["counts"]
    log = runs(owner_url)
    assert [r["source"] for r in log] == ["brk", "bag", "bgt", "bor"]
    assert all(r["status"] == "succeeded" and r["finished_at"] for r in log)
    assert all(r["mode"] == "full" and r["area"] == "bbox:193600,468600,194400,469400" for r in log)
    assert sum(r["rows_added"] for r in log) == sum(servers.summary["counts"].values())
    assert query(owner_url, "SELECT count(*) AS n FROM ingest.staged_feature")[0]["n"] == 0
    # 1050 trees need two pages of 1000: the next link was followed
    assert log[3]["pages"] == 2


def test_ogcapi_run_keeps_source_values_in_epsg_28992(ingest, servers, owner_url):
    assert ingest("brk") == 0 and ingest("bag") == 0
    parcel = query(
        owner_url,
        "SELECT akr_kadastrale_gemeente_code_waarde AS akr, sectie, perceelnummer,"
        " ST_SRID(geometry) AS srid, GeometryType(geometry) AS kind, ST_XMin(geometry) AS x"
        " FROM brk.perceel WHERE identificatie_lokaal_id = %s",
        (servers.summary["parcels"]["unchanged_example"]["lokaal_id"],),
    )[0]
    example = servers.summary["parcels"]["unchanged_example"]
    assert (parcel["akr"], parcel["sectie"], parcel["perceelnummer"]) == (
        "APD01",
        example["sectie"],
        example["perceelnummer"],
    )
    assert (parcel["srid"], parcel["kind"]) == (28992, "MULTIPOLYGON")
    assert parcel["x"] == pytest.approx(example["bounds"][0])
    # pandidentificatie resolved from pand.href: each points at a pand we have
    unresolved = query(
        owner_url,
        "SELECT count(*) AS n FROM bag.verblijfsobject v WHERE cardinality(v.pandidentificatie)"
        " IS DISTINCT FROM cardinality(v.pand_href) OR EXISTS (SELECT 1 FROM"
        " unnest(v.pandidentificatie) p WHERE p NOT IN (SELECT identificatie FROM bag.pand))",
    )
    assert unresolved[0]["n"] == 0


def test_second_identical_run_changes_nothing(ingest, owner_url):
    assert ingest("all") == 0
    before = snapshot(owner_url, "brk.perceel", "identificatie_lokaal_id")
    assert ingest("all") == 0
    second = runs(owner_url)[4:]
    assert [(r["rows_added"], r["rows_changed"], r["rows_removed"]) for r in second] == [
        (0, 0, 0)
    ] * 4
    assert snapshot(owner_url, "brk.perceel", "identificatie_lokaal_id") == before


def test_version_2_incremental_adds_and_changes_then_full_removes(ingest, servers, owner_url):
    assert ingest("brk") == 0 and ingest("bag") == 0
    parcels = servers.set_version(2)["parcels"]
    split, merged, reshaped = parcels["split"], parcels["merged"], parcels["reshaped"]
    new_ids = {p["lokaal_id"] for p in split["new"]} | {merged["new"]["lokaal_id"]}
    gone_ids = {split["old"]["lokaal_id"], parcels["retired"]["lokaal_id"]}
    gone_ids |= {p["lokaal_id"] for p in merged["old"]}

    assert ingest("brk", "--mode", "incremental") == 0
    incremental = changes(owner_url, runs(owner_url)[-1]["id"])
    assert incremental["added"] == new_ids
    assert reshaped["old"]["lokaal_id"] in incremental["changed"]
    assert incremental["removed"] == set()
    assert counts(owner_url)["perceel"] == 40 + len(new_ids)

    assert ingest("brk") == 0
    full = runs(owner_url)[-1]
    assert changes(owner_url, full["id"]) == {"added": set(), "changed": set(), "removed": gone_ids}
    assert (full["rows_added"], full["rows_changed"], full["rows_removed"]) == (0, 0, 4)
    assert counts(owner_url)["perceel"] == servers.summary["counts"]["perceel"]
    reshaped_x = query(
        owner_url,
        "SELECT ST_XMax(geometry) AS x FROM brk.perceel WHERE identificatie_lokaal_id = %s",
        (reshaped["new"]["lokaal_id"],),
    )[0]["x"]
    assert reshaped_x == pytest.approx(reshaped["new"]["bounds"][2])

    assert ingest("bag") == 0
    bag = runs(owner_url)[-1]
    assert bag["rows_added"] > 0 and bag["rows_changed"] > 0
    assert counts(owner_url)["pand"] == servers.summary["counts"]["pand"]


def test_a_full_run_refuses_to_remove_most_of_the_area(ingest, servers, config_path, owner_url):
    assert ingest("brk") == 0
    servers.set_version(2)  # removes 4 of the 43 parcels the area then has
    config_path.write_text(
        config_path.read_text(encoding="utf-8") + "merge: {max_removed_share: 0.05}\n",
        encoding="utf-8",
    )
    assert ingest("brk") == 1
    run = runs(owner_url)[-1]
    assert run["status"] == "failed" and "4 van de 40 objecten van perceel" in run["error"]
    assert counts(owner_url)["perceel"] == 40
    assert ingest("brk", "--allow-removals") == 0
    assert (runs(owner_url)[-1]["rows_removed"], counts(owner_url)["perceel"]) == (4, 39)


def test_small_pages_follow_every_next_link_without_offset(ingest, servers, owner_url):
    assert ingest("bag", "--limit", "7") == 0
    expected = servers.summary["counts"]
    run = runs(owner_url)[-1]
    pages = sum(math.ceil(expected[c] / 7) for c in ("pand", "verblijfsobject", "adres"))
    assert run["pages"] == pages
    assert counts(owner_url)["verblijfsobject"] == expected["verblijfsobject"]
    items = [(path, q) for path, q in servers.requests if path.endswith("/items")]
    assert len(items) == pages
    assert all("offset" not in q and q["limit"] == "7" for _, q in items)
    for collection in ("pand", "verblijfsobject", "adres"):
        asked = [q for path, q in items if f"/collections/{collection}/" in path]
        assert "cursor" not in asked[0] and all("cursor" in q for q in asked[1:])
        assert (
            asked[0]["crs"]
            == asked[0]["bbox-crs"]
            == ("http://www.opengis.net/def/crs/EPSG/0/28992")
        )


def test_bor_without_configuration_says_what_to_configure(ingest, config_path, capsys):
    config_path.write_text("sources:\n  bor: {}\n", encoding="utf-8")  # PDOK defaults, no BOR
    assert ingest("bor") == 1
    assert "BOR has no national service" in capsys.readouterr().err


def test_municipality_area_is_the_bbox_of_its_boundary(ingest, owner_url, demo_municipality):
    import psycopg

    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE ref.municipality SET boundary = ST_Multi(ST_MakeEnvelope("
            "193000, 468000, 195000, 470000, 28992)) WHERE code = 'GM0200' AND boundary IS NULL"
        )
    assert ingest("brk", "--municipality", "GM0200", bbox=None) == 0
    run = runs(owner_url)[-1]
    assert run["area"] == "GM0200" and run["rows_added"] == 40
