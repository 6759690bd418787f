"""Fuzzing: damaged copies of a valid xlsx and GeoJSON give a clean answer and write nothing."""

import json
import random

from tests.imports.conftest import post_file
from tests.imports.files import excel
from webapp.imports.example import example_geojson

SEED = 20261204
CASES = 25  # per format


def damaged(data: bytes, rng: random.Random) -> bytes:
    """Flip a few random bytes, or cut the file short."""
    if rng.random() < 0.3:
        return data[: rng.randrange(1, len(data))]
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(buf))
        buf[pos] = rng.randrange(256)
    return bytes(buf)


def test_damaged_files_never_crash_or_write(signed_in, prefix, count_rows):
    client = signed_in()
    rng = random.Random(SEED)
    sources = {
        "excel": excel(prefix, {"Naam": "Fuzz"}),
        "geojson": json.dumps(example_geojson(prefix)).encode(),
    }
    for kind, data in sources.items():
        for case in range(CASES):
            before = count_rows()
            response = post_file(client, damaged(data, rng), kind, name=f"fuzz{case}")
            assert response.status_code in (200, 400), (kind, case, response.status_code)
            body = response.get_json()
            assert set(body) >= {"result", "errors"}
            if response.status_code == 400:
                assert body["errors"] and count_rows() == before, (kind, case)
