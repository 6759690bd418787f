"""Vector tiles (OGC API Tiles, MVT) of parcels and buildings, decoded by GDAL's MVT driver."""

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pyproj import Transformer

from tests.layers.conftest import AREA
from tests.layers.conftest import PAND_STATUSES
from tests.layers.conftest import Registry

TO_LONLAT = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
OGRINFO = shutil.which("ogrinfo")


def tile_of(x: float, y: float, zoom: int) -> tuple[int, int]:
    """WebMercatorQuad column and row of an RD point."""
    lon, lat = TO_LONLAT.transform(x, y)
    n = 2**zoom
    column = int((lon + 180) / 360 * n)
    row = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return column, row


def tile_with_everything() -> tuple[int, int, int]:
    """The deepest zoom (12..17) whose one tile holds the whole test area: (z, col, row)."""
    for zoom in range(17, 11, -1):
        corners = {tile_of(x, y, zoom) for x in AREA[0::2] for y in AREA[1::2]}
        if len(corners) == 1:
            return (zoom, *corners.pop())
    raise AssertionError("test area straddles tiles even at zoom 12")


def decoded(tmp_path: Path, content: bytes, z: int, x: int, y: int) -> str:
    """ogrinfo's listing of the tile, saved as z/x/y.pbf so the MVT driver georeferences it."""
    path = tmp_path / str(z) / str(x) / f"{y}.pbf"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    result = subprocess.run(
        [OGRINFO, "-ro", "-al", "-q", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def test_tilesets_are_advertised(client: FlaskClient) -> None:
    body = client.get("/api/collections/parcels/tiles?f=json").get_json()
    assert "WebMercatorQuad" in {t["tileMatrixSetURI"].rsplit("/", 1)[-1] for t in body["tilesets"]}
    hrefs = [link["href"] for link in body["links"]]
    assert any(
        "/collections/parcels/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}?f=mvt" in h
        for h in hrefs
    ), hrefs


@pytest.mark.skipif(OGRINFO is None, reason="GDAL ogrinfo (gdal-bin) is not installed")
@pytest.mark.parametrize("collection", ["parcels", "buildings"])
def test_a_tile_decodes_with_the_features_and_their_attributes(
    client: FlaskClient, registry: Registry, tmp_path: Path, collection: str
) -> None:
    z, x, y = tile_with_everything()
    response = client.get(f"/api/collections/{collection}/tiles/WebMercatorQuad/{z}/{y}/{x}?f=mvt")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/vnd.mapbox-vector-tile"
    listing = decoded(tmp_path, response.data, z, x, y)
    assert f"Layer name: {collection}" in listing
    if collection == "parcels":
        numbers = {int(n) for n in re.findall(r"perceelnummer \(\w+\) = (\d+)", listing)}
        assert set(range(1001, 1013)) <= numbers
        assert "akr_kadastrale_gemeente_code_waarde (String) = APD77" in listing
    else:
        statuses = set(re.findall(r"status \(String\) = (.+)", listing))
        assert set(PAND_STATUSES) <= statuses
    assert "MULTIPOLYGON" in listing or "POLYGON" in listing


def test_an_empty_tile_is_no_content(client: FlaskClient, registry: Registry) -> None:
    # zoom 14 tile over the North Sea
    response = client.get("/api/collections/parcels/tiles/WebMercatorQuad/14/5300/8000?f=mvt")
    assert response.status_code == 204
