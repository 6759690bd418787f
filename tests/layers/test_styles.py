"""Each registry collection links its QGIS and MapLibre styles, served by the web app."""

import json
import xml.etree.ElementTree as ET

import pytest
from flask.testing import FlaskClient

from tests.layers.test_api import COLLECTIONS

QML = "application/vnd.qgis.qml"
MAPLIBRE = "application/vnd.mapbox.style+json"


def style_links(client: FlaskClient, collection: str) -> dict[str, str]:
    """media type -> path of the collection's stylesheet links."""
    body = client.get(f"/api/collections/{collection}?f=json").get_json()
    public = client.application.config["DIWI_SETTINGS"].public_url.rstrip("/")
    links = [link for link in body["links"] if link["rel"] == "stylesheet"]
    return {link["type"]: link["href"].removeprefix(public) for link in links}


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_the_qml_link_resolves_to_a_qgis_style_with_a_renderer(
    client: FlaskClient, collection: str
) -> None:
    links = style_links(client, collection)
    assert set(links) == {QML, MAPLIBRE}
    response = client.get(links[QML])
    assert response.status_code == 200
    assert response.mimetype == QML
    root = ET.fromstring(response.data)
    assert root.tag == "qgis"
    renderer = root.find("renderer-v2")
    assert renderer is not None
    assert renderer.get("type") in {"singleSymbol", "categorizedSymbol", "RuleRenderer"}
    assert renderer.find("symbols/symbol") is not None


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_the_maplibre_link_resolves_to_a_style_on_our_api(
    client: FlaskClient, collection: str
) -> None:
    response = client.get(style_links(client, collection)[MAPLIBRE])
    assert response.status_code == 200
    assert response.mimetype == MAPLIBRE
    style = json.loads(response.data)
    assert style["version"] == 8
    assert style["sources"] and style["layers"]
    for layer in style["layers"]:
        assert layer["source"] in style["sources"]
    for source in style["sources"].values():
        if source["type"] == "vector":
            assert source["tiles"] == [
                f"/api/collections/{collection}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}?f=mvt"
            ]
            assert all(layer["source-layer"] == collection for layer in style["layers"])
        else:
            assert source["type"] == "geojson"
            assert client.get(source["data"]).status_code == 200


def test_only_style_files_are_served(client: FlaskClient) -> None:
    assert client.get("/styles/parcels.qml").status_code == 200
    assert client.get("/styles/README.md").status_code == 404
    assert client.get("/styles/..%2Fpyproject.toml").status_code == 404
