"""pygeoapi-config.yml is valid for pygeoapi and publishes simple collection ids."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "DIWI_PUBLIC_URL": "http://127.0.0.1:8000",
    "DIWI_READER_DATABASE_URL": "postgresql://diwi_reader@127.0.0.1:55432/diwi",
    "DIWI_VAR_DIR": "/tmp/diwi-var",
    "DIWI_PYGEOAPI_TEMPLATES": str(ROOT / "webapp" / "templates" / "pygeoapi"),
}


def test_pygeoapi_validates_the_config():
    pygeoapi = Path(sys.executable).with_name("pygeoapi")
    result = subprocess.run(
        [str(pygeoapi), "config", "validate", "-c", str(ROOT / "pygeoapi-config.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in (result.stdout + result.stderr).lower()


def test_collections_have_simple_ids_and_our_provider():
    config = yaml.safe_load((ROOT / "pygeoapi-config.yml").read_text())
    collections = {k: v for k, v in config["resources"].items() if v["type"] == "collection"}
    assert {"projects", "houseblocks"} <= set(collections)
    for cid, resource in collections.items():
        assert "." not in cid and cid == cid.lower()
        provider = resource["providers"][0]
        assert provider["name"] == "plugins.providers.postgis.PostGISProvider"
        assert "28992" in provider["storage_crs"]
    assert config["server"]["limits"]["max_items"] == 1000
