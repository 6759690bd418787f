"""The plan-capacity density raster: a real COG, dwellings per hectare adding up, and access."""

import subprocess
from datetime import date

import numpy as np
import pytest
from rasterio.io import MemoryFile

from tests.fixtures.app import auth_token
from tests.fixtures.app import create_member
from tests.public.fixture import REGION
from tests.public.fixture import SIZE
from tests.public.fixture import TOWN

pytestmark = [pytest.mark.db]
EXECUTION = "/api/processes/plan-capacity-density/execution"
MEMBER = "teststad-plus@example.org"


def open_cog(data: bytes):
    memory = MemoryFile(data)
    return memory, memory.open()


def net_of(raster) -> float:
    """The raster's dwellings: density (per ha) x cell area (ha) over the cells with a value."""
    values = raster.read(1, masked=True)
    hectares = abs(raster.transform.a * raster.transform.e) / 10_000
    return float(values.sum() * hectares) if values.count() else 0.0


@pytest.fixture(scope="module")
def member_headers(app, owner_url, public_town) -> dict[str, str]:
    """A Teststad user_plus in the group that owns every Teststad project (sees all seven)."""
    create_member(app, owner_url, MEMBER, TOWN, public_town.group_id)
    return {"Authentication-Token": auth_token(app, MEMBER)}


def test_public_download_is_a_cloud_optimized_geotiff(client, public_town, tmp_path):
    response = client.get(f"/openbaar/{TOWN}/dichtheid.tif")
    assert response.status_code == 200 and response.mimetype == "image/tiff"
    memory, raster = open_cog(response.get_data())
    with memory, raster:
        assert raster.driver == "GTiff" and raster.crs.to_epsg() == 28992
        assert raster.dtypes == ("float32",) and raster.nodata == -9999.0
        assert raster.profile["tiled"] and raster.overviews(1)
        assert raster.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG"
        assert raster.transform.a == 100 and raster.tags()["DIWI_REFERENCE_DATE"] == str(
            date.today()
        )
    assert client.get(f"/openbaar/{TOWN}/dichtheid.tif?celgrootte=10").status_code == 400
    path = tmp_path / "density.tif"
    path.write_bytes(response.get_data())
    info = subprocess.run(["gdalinfo", str(path)], check=True, capture_output=True, text=True)
    assert "LAYOUT=COG" in info.stdout and "Overviews:" in info.stdout


def test_values_add_up_to_the_net_plan_capacity(client, member_headers, public_town):
    response = client.post(
        EXECUTION,
        json={"inputs": {"municipality_code": TOWN, "cell_size": 50}},
        headers=member_headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "image/tiff"
    memory, raster = open_cog(response.get_data())
    with memory, raster:
        # the member sees all seven projects: 184 + 100 built, 4 demolished, nothing blanked
        assert net_of(raster) == pytest.approx(280, abs=0.05)
        assert raster.tags()["DIWI_CELLS_BLANKED"] == "0"
        # a 400 m square plan area on a 50 m grid: 40 + 100 dwellings over 16 ha each
        assert np.nanmax(raster.read(1, masked=True)) == pytest.approx(100 / (SIZE * SIZE / 10_000))


def test_anonymous_raster_blanks_what_the_public_may_not_see(client, public_town, public_dashboard):
    net = public_dashboard("capacity", TOWN)["totals"]["net"]
    memory, raster = open_cog(client.get(f"/openbaar/{TOWN}/dichtheid.tif").get_data())
    with memory, raster:
        tags = raster.tags()
        assert float(tags["DIWI_NET_TOTAL"]) == pytest.approx(net)  # counted like the dashboard
        public_net = 40 + 20 + 60 + 12
        assert net_of(raster) == pytest.approx(public_net, abs=0.05)  # council plans blanked
        assert float(tags["DIWI_NET_SHOWN"]) == pytest.approx(public_net)
        assert tags["DIWI_CELLS_BLANKED"] == "2"
        for x, y in ((182240, 466240), (188240, 461240), (184240, 468240)):  # hidden, private
            row, col = raster.index(x, y)
            assert raster.read(1)[row, col] == raster.nodata


def test_region_raster_counts_each_municipality_by_the_rule(client, member_headers, public_town):
    response = client.post(
        EXECUTION, json={"inputs": {"region_code": REGION}}, headers=member_headers
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    memory, raster = open_cog(response.get_data())
    with memory, raster:
        # all of Teststad (the member's own, 280) and Kleindorp's public project (8); Kleindorp's
        # council plan is neither visible nor counted for a Teststad user
        assert net_of(raster) == pytest.approx(288, abs=0.05)
        assert raster.tags()["DIWI_AREA"] == f"region:{REGION}"
        assert raster.bounds.left <= 180000 and raster.bounds.right >= 200000


def test_process_is_described_and_needs_sign_in(client, public_town):
    described = client.get("/api/processes/plan-capacity-density?f=json").get_json()
    assert set(described["inputs"]) == {
        "municipality_code",
        "region_code",
        "reference_date",
        "cell_size",
    }
    assert client.post(EXECUTION, json={"inputs": {"municipality_code": TOWN}}).status_code == 401


def test_bad_input_is_refused(client, member_headers):
    response = client.post(EXECUTION, json={"inputs": {"cell_size": 1}}, headers=member_headers)
    assert response.status_code == 400
    assert "cell_size" in response.get_json()["description"]
