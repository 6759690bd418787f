"""The analyst notebook's data cells run against a live DIWI; leafmap stays out of the server."""

import json
import re
from pathlib import Path

import pytest

from tests.public.fixture import PUBLIC
from tests.public.fixture import TOWN

pytestmark = [pytest.mark.db]
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebooks" / "public-map.ipynb"


def code_cells() -> list[str]:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def test_notebook_reads_the_feed_and_the_raster(live_server, public_town, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for source in code_cells():
        if "leafmap" in source or "m.add_raster" in source:
            continue  # the map cells need the `notebook` extra (not in the server's venv)
        source = source.replace('"http://127.0.0.1:8000"', repr(live_server.url))
        source = source.replace('"GM0200"', repr(TOWN))
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    assert set(namespace["projects"]["name"]) == set(PUBLIC)
    assert namespace["projects"].crs.to_string() == "OGC:CRS84"
    assert (tmp_path / f"dichtheid-{TOWN}.tif").stat().st_size > 0


def test_leafmap_is_never_imported_by_the_server():
    pattern = re.compile(r"^\s*(import|from)\s+leafmap", re.MULTILINE)
    for folder in ("webapp", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not pattern.search(path.read_text(encoding="utf-8")), path
