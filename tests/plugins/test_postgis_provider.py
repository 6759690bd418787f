"""The PostGIS provider called directly: visibility, CRS, bbox, time, CQL2, paging and items."""

import flask
import psycopg
import pytest
from psycopg.types.json import Jsonb
from pygeoapi.crs import create_crs_transform_spec
from pygeoapi.provider.base import ProviderInvalidQueryError
from pygeoapi.provider.base import ProviderItemNotFoundError
from pygeofilter.parsers.cql2_text import parse as parse_cql2

from plugins.providers.postgis import PostGISProvider

pytestmark = pytest.mark.db

MUNICIPALITY = "GM9344"  # as in conftest.py
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
FIXTURE_NAMES = {"Merwede", "Cartesius", "Beurskwartier", "Rijnenburg", "Geheim", "Elders"}

PUBLIC = {"Merwede", "Cartesius", "Beurskwartier"}


def provider_def(reader_url: str, table: str = "publication.projects_at") -> dict:
    return {
        "name": "plugins.providers.postgis.PostGISProvider",
        "type": "feature",
        "data": reader_url,
        "table": table,
        "id_field": "id",
        "storage_crs": RD,
        "crs": [CRS84, RD, "http://www.opengis.net/def/crs/EPSG/0/4258"],
        "options": {
            "spatial_index": {
                "table": "plan.project_version",
                "key": "project_id",
                "geometry": "plan_area",
                "open_column": "superseded_at",
            }
        },
    }


@pytest.fixture
def provider(reader_url: str, projects) -> PostGISProvider:
    return PostGISProvider(provider_def(reader_url))


def names(collection: dict) -> set[str]:
    return {f["properties"]["name"] for f in collection["features"]}


def ours(collection: dict) -> set[str]:
    """Only the fixture projects (other tests may add projects of their own)."""
    return names(collection) & {
        "Merwede",
        "Cartesius",
        "Beurskwartier",
        "Rijnenburg",
        "Geheim",
        "Elders",
    }


def as_viewer(role: str, municipality: str = MUNICIPALITY, groups: list | None = None):
    viewer = {
        "role": role,
        "municipality_code": municipality,
        "region_code": None,
        "province_code": "PV26",
        "group_ids": groups or [],
        "user_id": None,
    }
    app = flask.Flask(__name__)
    return app.test_request_context(environ_overrides={"diwi.viewer": viewer})


def crs_spec(provider: PostGISProvider, uri: str | None):
    return create_crs_transform_spec(provider_def(provider.dsn), uri)


def test_anonymous_sees_only_public_projects(provider):
    result = provider.query(limit=100)
    assert ours(result) == PUBLIC
    hidden = {"confidentiality_rank", "owner_group_ids"}
    assert all(not hidden & f["properties"].keys() for f in result["features"])
    assert all(f["properties"]["confidentiality_level"] == "public" for f in result["features"])


def test_municipal_user_sees_levels_from_two_in_own_municipality(provider):
    with as_viewer("user"):
        result = provider.query(limit=100)
    assert ours(result) == PUBLIC | {"Rijnenburg"}


def test_owner_group_sees_its_projects_at_any_level_and_place(provider, projects):
    with as_viewer("user", groups=[projects.group_id]):
        result = provider.query(limit=100)
    assert ours(result) == FIXTURE_NAMES  # Geheim is private, Elders is in another municipality


def test_fields_hide_internal_columns_and_keep_types(provider):
    fields = provider.get_fields()
    assert "confidentiality_rank" not in fields and "owner_group_ids" not in fields
    assert "geometry" not in fields
    assert fields["start_date"] == {
        "type": "string",
        "format": "date",
        "description": "Project start date.",
    }
    assert fields["construction_amount"]["type"] == "integer"
    assert fields["plan_types"]["type"] == "array"


def test_default_output_is_crs84_with_8_decimals(provider, projects):
    feature = provider.get(projects.ids["Merwede"], crs_transform_spec=crs_spec(provider, None))
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 5.0 < lon < 5.2 and 52.0 < lat < 52.2
    assert len(str(lon).split(".")[1]) <= 8


def test_rd_output_when_asked(provider, projects):
    feature = provider.get(projects.ids["Merwede"], crs_transform_spec=crs_spec(provider, RD))
    assert feature["geometry"]["coordinates"][0][0][0] == [136000, 455000]


def test_etrs89_output_is_lat_lon(provider, projects):
    spec = crs_spec(provider, "http://www.opengis.net/def/crs/EPSG/0/4258")
    lat, lon = provider.get(projects.ids["Merwede"], crs_transform_spec=spec)["geometry"][
        "coordinates"
    ][0][0][0]
    assert 52.0 < lat < 52.2 and 5.0 < lon < 5.2


def test_bbox_in_storage_crs_and_in_crs84(provider):
    rd = provider.query(bbox=[135900, 454900, 136100, 455100], limit=100)
    assert ours(rd) == {"Merwede"}
    lonlat = provider.query(bbox=[5.1, 52.0, 5.16, 52.1], bbox_crs=CRS84, limit=100)
    assert ours(lonlat) == {"Merwede", "Beurskwartier"}
    assert lonlat["numberMatched"] == len(lonlat["features"])


@pytest.mark.parametrize("datetime_", [None, "2029-06-01"])
def test_bbox_prefilter_function_matches_the_table_prefilter(reader_url, projects, datetime_):
    # the function form works under row-level security (ADR 0009); both must give the same rows
    definition = provider_def(reader_url)
    definition["options"]["spatial_index"] = {"function": "publication.visible_project_ids_in"}
    by_function = PostGISProvider(definition)
    by_table = PostGISProvider(provider_def(reader_url))
    for box in ([135900, 454900, 136100, 455100], [129000, 448000, 138000, 460000]):
        found = by_function.query(bbox=box, datetime_=datetime_, limit=100)
        assert ours(found) == ours(by_table.query(bbox=box, datetime_=datetime_, limit=100))
    everything = by_function.query(bbox=[100000, 400000, 200000, 500000], limit=100)
    assert ours(everything) == PUBLIC  # anonymous: the function applies the access rule too


def test_reference_date_returns_state_at_that_date(provider, projects):
    beurs = projects.ids["Beurskwartier"]
    before = provider.query(datetime_="2029-06-01", filterq=parse_cql2(f"id = '{beurs}'"))
    after = provider.query(datetime_="2033-06-01", filterq=parse_cql2(f"id = '{beurs}'"))
    assert before["features"][0]["properties"]["phase"] == "initiative"
    assert after["features"][0]["properties"]["phase"] == "realisation"
    assert after["features"][0]["properties"]["reference_date"] == "2033-06-01"


def test_interval_keeps_overlapping_projects_read_at_end(provider):
    result = provider.query(datetime_="2026-06-01/2027-12-31", limit=100)
    assert ours(result) == {"Merwede"}
    assert {f["properties"]["reference_date"] for f in result["features"]} == {"2027-12-31"}
    open_start = provider.query(datetime_="../2019-01-01", limit=100)
    assert ours(open_start) == {"Cartesius"}


def test_cql2_filter_comparisons_like_in_between_null_and_spatial(provider):
    # limit 1000: other tests of this worker may add public projects that match as well
    assert ours(provider.query(filterq=parse_cql2("phase = 'design'"), limit=1000)) == {"Merwede"}
    assert ours(
        provider.query(
            filterq=parse_cql2("name LIKE 'Mer%' OR phase IN ('realisation')"), limit=1000
        )
    ) == {"Merwede", "Cartesius"}
    assert ours(
        provider.query(
            filterq=parse_cql2(
                "NOT (phase = 'design') AND end_date BETWEEN "
                "DATE('2025-01-01') AND DATE('2027-01-01')"
            ),
            limit=1000,
        )
    ) == {"Cartesius"}
    assert ours(provider.query(filterq=parse_cql2("planning_status IS NULL"), limit=100)) == PUBLIC
    spatial = parse_cql2(
        "S_INTERSECTS(geometry, POLYGON((136100 455100, 136200 455100, "
        "136200 455200, 136100 455100)))"
    )
    spatial.rhs.geometry["crs"] = {"properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    assert ours(provider.query(filterq=spatial, limit=1000)) == {"Merwede"}


def test_cql2_unknown_or_hidden_property_is_a_client_error(provider):
    with pytest.raises(ProviderInvalidQueryError):
        provider.query(filterq=parse_cql2("nonsense = 1"))
    with pytest.raises(ProviderInvalidQueryError):
        provider.query(filterq=parse_cql2("confidentiality_rank < 7"))
    with pytest.raises(ProviderInvalidQueryError):
        provider.query(filterq=parse_cql2("name > 5"))


def test_sortby_properties_and_select(provider):
    result = provider.query(
        sortby=[{"property": "name", "order": "-"}],
        properties=[("phase", "realisation")],
        select_properties=["name"],
        skip_geometry=True,
        limit=100,
    )
    assert [f["properties"] for f in result["features"] if f["properties"]["name"] in PUBLIC] == [
        {"name": "Cartesius"}
    ]
    assert result["features"][0]["geometry"] is None
    ordered = provider.query(sortby=[{"property": "start_date", "order": "+"}], limit=100)
    starts = [f["properties"]["start_date"] for f in ordered["features"]]
    assert starts == sorted(starts)


def test_paging_and_hits(provider):
    total = provider.query(resulttype="hits")
    assert total["features"] == [] and total["numberMatched"] >= 3
    first = provider.query(limit=2, offset=0)
    second = provider.query(limit=2, offset=2)
    assert first["numberReturned"] == 2 and first["numberMatched"] == total["numberMatched"]
    assert not {f["id"] for f in first["features"]} & {f["id"] for f in second["features"]}


def test_single_item_errors(provider, projects):
    with pytest.raises(ProviderInvalidQueryError):
        provider.get("not-a-uuid")
    with pytest.raises(ProviderItemNotFoundError):
        provider.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(ProviderItemNotFoundError):
        provider.get(projects.ids["Rijnenburg"])
    with as_viewer("user"):
        assert provider.get(projects.ids["Rijnenburg"])["properties"]["name"] == "Rijnenburg"


def test_houseblocks_carry_their_projects_plan_area(reader_url, owner_url, projects):
    with psycopg.connect(owner_url, autocommit=True) as conn:
        block = conn.execute(
            "SELECT plan.create_houseblock(%s, %s)::text",
            (
                projects.ids["Merwede"],
                Jsonb({"name": "Blok M", "mutation_kind": "construction", "amount": 12}),
            ),
        ).fetchone()[0]
    try:
        definition = provider_def(reader_url, "publication.houseblocks_at")
        definition["options"]["spatial_index"]["column"] = "project_id"
        houseblocks = PostGISProvider(definition)
        found = houseblocks.get(block)
        assert found["properties"]["project_id"] == projects.ids["Merwede"]
        assert found["geometry"]["type"] == "MultiPolygon"
        inside = houseblocks.query(bbox=[136000, 455000, 136600, 455600], limit=100)
        assert block in [f["id"] for f in inside["features"]]
        outside = houseblocks.query(bbox=[100000, 400000, 100100, 400100], limit=100)
        assert block not in [f["id"] for f in outside["features"]]
    finally:
        with psycopg.connect(owner_url, autocommit=True) as conn:
            conn.execute("DELETE FROM plan.houseblock WHERE id = %s", (block,))
