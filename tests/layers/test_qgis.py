"""QGIS (Debian python3-qgis) reads the registry collections over OGC API and draws them styled."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.app import LiveServer
from tests.layers.conftest import AREA
from tests.layers.conftest import Registry

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("qgis_render.py")
STYLES = Path(__file__).resolve().parents[2] / "styles"


def qgis_missing() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return True
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60
    )
    return probe.returncode != 0


pytestmark = pytest.mark.skipif(
    qgis_missing(), reason="QGIS python bindings (python3-qgis) not installed"
)


def near(
    found: set[tuple[int, int, int]], wanted: tuple[int, int, int], tolerance: int = 12
) -> bool:
    return any(all(abs(a - b) <= tolerance for a, b in zip(c, wanted, strict=True)) for c in found)


# bottom to top: BGT, parcels, buildings, addresses, accommodation objects, trees
DRAWN = [
    "bgt-begroeidterreindeel",
    "bgt-waterdeel",
    "bgt-wegdeel",
    "parcels",
    "buildings",
    "addresses",
    "accommodation-objects",
    "bor-bomen",
]


def expected_counts(registry: Registry) -> dict[str, int]:
    counts = {f"bgt-{c}": len(ids) for c, ids in registry.bgt.items()}
    return counts | {
        "parcels": len(registry.parcels),
        "buildings": len(registry.buildings),
        "addresses": len(registry.addresses),
        "accommodation-objects": len(registry.objects),
        "bor-bomen": len(registry.trees),
    }


def render_in_qgis(live_server: LiveServer, png: Path, tmp_path: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    args = [SYSTEM_PYTHON, str(SCRIPT), live_server.url, str(STYLES), str(png), *map(str, AREA)]
    result = subprocess.run(
        [*args, *DRAWN], capture_output=True, text=True, timeout=240, env=env, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_qgis_loads_styles_and_renders_the_registry_layers(
    live_server: LiveServer, registry: Registry, tmp_path: Path
) -> None:
    png = tmp_path / "registry-layers.png"
    output = render_in_qgis(live_server, png, tmp_path)
    reports = output["layers"]
    expected = expected_counts(registry)
    for collection in DRAWN:
        report = reports[collection]
        assert report["valid"], collection
        assert report["style_loaded"], (collection, report["style_message"])
        assert report["inside_count"] == expected[collection], collection
        assert report["feature_count"] >= expected[collection], collection
    parcels, buildings = reports["parcels"], reports["buildings"]
    assert {"akr_kadastrale_gemeente_code_waarde", "sectie", "perceelnummer"} <= set(
        parcels["fields"]
    )
    assert {"identificatie", "status", "bouwjaar"} <= set(buildings["fields"])
    assert parcels["renderer"] == "singleSymbol" and parcels["labels"]
    assert buildings["renderer"] == "categorizedSymbol" and buildings["categories"] == 11
    assert reports["accommodation-objects"]["renderer"] == "RuleRenderer"
    if os.environ.get("DIWI_KEEP_RENDER"):
        shutil.copy(png, os.environ["DIWI_KEEP_RENDER"])
    found = {tuple(c[:3]) for c in output["colours"]}
    assert (140, 140, 140) in found  # buildings in use, filled mid grey
    assert (189, 189, 189) in found  # building under construction (bouw gestart)
    assert near(found, (200, 80, 40), 25)  # parcel outlines and numbers
    assert near(found, (30, 136, 229))  # accommodation objects in use
    assert near(found, (251, 140, 0))  # accommodation object gevormd (woonfunctie)
    assert (127, 184, 230) in found  # BGT waterloop
    assert (165, 209, 138) in found  # BGT groenvoorziening
    assert (197, 227, 160) in found  # BGT grasland overig (source name bgt_fysiek_voorkomen)
    assert near(found, (46, 125, 50))  # BOR trees
