"""WFS 2.0 gives the same registry rows as OGC API; only the ingest role writes the registries."""

import psycopg
import pytest

from tests.ingest.conftest import CLEAN_SQL
from tests.ingest.conftest import counts
from tests.ingest.conftest import runs
from tests.ingest.conftest import snapshot

pytestmark = pytest.mark.db
# what only one protocol carries: OGC API feature ids and pand.href links
OGC_ONLY = ("feature_id", "pand_href")


def registry_rows(url: str) -> dict:
    return {
        "perceel": snapshot(url, "brk.perceel", "identificatie_lokaal_id"),
        "pand": snapshot(url, "bag.pand", "identificatie", OGC_ONLY),
        "verblijfsobject": snapshot(url, "bag.verblijfsobject", "identificatie", OGC_ONLY),
    }


def clear(owner_url: str) -> None:
    with psycopg.connect(owner_url) as conn:
        for statement in CLEAN_SQL:
            conn.execute(statement)


def test_wfs_gives_the_same_rows_as_ogcapi(ingest, servers, owner_url):
    assert ingest("brk") == 0 and ingest("bag") == 0
    via_ogcapi = registry_rows(owner_url)
    clear(owner_url)
    servers.clear_requests()

    assert ingest("brk", "--protocol", "wfs") == 0 and ingest("bag", "--protocol", "wfs") == 0
    via_wfs = registry_rows(owner_url)
    assert via_wfs["perceel"] == via_ogcapi["perceel"]
    for collection in ("pand", "verblijfsobject"):  # the BAG WFS carries fewer attributes
        assert via_wfs[collection].keys() == via_ogcapi[collection].keys()
        for key, row in via_wfs[collection].items():
            carried = {k: v for k, v in row.items() if v is not None}
            assert carried == {k: via_ogcapi[collection][key][k] for k in carried}
    carried = {k for row in via_wfs["verblijfsobject"].values() for k, v in row.items() if v}
    assert {"pandidentificatie", "status", "gebruiksdoel", "postcode", "geometry"} <= carried
    assert {"openbare_ruimte_naam", "woonplaats_naam", "huisnummer", "oppervlakte"} <= carried
    assert [(r["source"], r["protocol"], r["collections"]) for r in runs(owner_url)] == [
        ("brk", "wfs", ["perceel"]),
        ("bag", "wfs", ["pand", "verblijfsobject"]),
    ]
    getfeature = [q for _, q in servers.requests if q.get("request") == "GetFeature"]
    assert getfeature and all(q["srsname"] == "urn:ogc:def:crs:EPSG::28992" for q in getfeature)


def test_wfs_pages_by_start_index_past_a_server_count_cap(ingest, servers, owner_url):
    servers.set_wfs_max_features(10)  # the server returns at most 10 whatever we ask
    assert ingest("brk", "--protocol", "wfs") == 0
    assert counts(owner_url)["perceel"] == 40
    starts = [
        int(q.get("startindex", q.get("startIndex", 0)))
        for _, q in servers.requests
        if q.get("request") == "GetFeature"
    ]
    assert starts == [0, 10, 20, 30, 40]


@pytest.mark.parametrize("role", ["webapp", "reader"])
def test_only_the_ingest_role_writes_the_registries(migrated_db, clean_registry, role):
    insert = (
        "INSERT INTO brk.perceel (identificatie_lokaal_id, akr_kadastrale_gemeente_code_waarde,"
        " sectie, perceelnummer, geometry, ingest_run_id, ingest_hash)"
        " VALUES ('x', 'APD01', 'K', 1, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 28992)), 1, 'h')"
    )
    with psycopg.connect(migrated_db.url(role)) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert)
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT ingest.merge_run(1)")
