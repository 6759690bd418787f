"""Every route x every role x every confidentiality level x owned/not owned: nothing leaks.

Routes are discovered from the app's URL map, so a new route is exercised automatically; a route
with a parameter this test cannot fill fails the test until a sample is added below.
"""

import io
import re

import openpyxl
import pyarrow.parquet as pq
import pytest
from flask import Flask

from tests.access.matrix import NEUTRAL
from tests.access.matrix import ROLES
from tests.access.matrix import SKIP_PREFIXES
from tests.access.matrix import Sample
from tests.access.matrix import signed_in
from tests.access.matrix import visible

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("matrix")]


def _rules(app: Flask) -> list:
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "GET" in r.methods and not r.rule.startswith(SKIP_PREFIXES)
        ),
        key=lambda r: r.rule,
    )


def _fill(rule, sample: Sample | None) -> list[str]:
    """Concrete URLs for a rule: each project/houseblock parameter gets the sample's id."""
    urls = [rule.rule]
    for arg in rule.arguments:
        pattern = re.compile(r"<(?:[^:<>]+:)?" + re.escape(arg) + r">")
        if arg == "collection_id":
            values = ["projects", "houseblocks"]
        elif "houseblock" in arg:
            values = [sample.houseblock_id] if sample else []
        elif "project" in arg or arg in ("item_id", "id", "uuid"):
            values = [sample.project_id, sample.houseblock_id] if sample else []
        elif arg in NEUTRAL:
            values = [NEUTRAL[arg]]
        else:
            raise AssertionError(f"route {rule.rule}: add a sample for parameter <{arg}>")
        urls = [pattern.sub(v, u) for u in urls for v in values]
    return urls


def _needs_sample(rule) -> bool:
    return any(
        "project" in a or "houseblock" in a or a in ("item_id", "id", "uuid")
        for a in rule.arguments
    )


def _text_of(response) -> str:
    """The readable text of a response: binary downloads (GeoParquet, xlsx) are opened first."""
    data = response.get_data()
    if response.mimetype == "application/vnd.apache.parquet":
        return str(pq.read_table(io.BytesIO(data)).to_pylist())
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return str([row for sheet in book for row in sheet.iter_rows(values_only=True)])
    return data.decode("utf-8", errors="replace")


def _assert_no_leak(role: str, url: str, body: str, samples: list[Sample]) -> None:
    """No name of an invisible project or houseblock, nor an id the client did not send itself."""
    for s in samples:
        if visible(role, s):
            continue
        block = f"Matrixblok L{s.level} {s.owner}"
        secrets = [s.name, block] + [i for i in (s.project_id, s.houseblock_id) if i not in url]
        for secret in secrets:
            assert secret not in body, f"{role} sees {secret!r} of {s.name} through {url}"


@pytest.mark.parametrize("role", ROLES)
def test_no_route_shows_a_role_what_it_may_not_see(app, owner_url, samples, role):
    client = signed_in(app, owner_url, role)
    checked = 0
    for rule in _rules(app):
        targets = samples if _needs_sample(rule) else [None]
        for sample in targets:
            for url in _fill(rule, sample):
                for suffix in ("", "?f=json&limit=1000", "?f=html&limit=1000"):
                    if suffix and not url.startswith("/api"):
                        continue
                    response = client.get(url + suffix)
                    _assert_no_leak(role, url + suffix, _text_of(response), samples)
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize("role", ROLES)
def test_feeds_show_a_role_exactly_what_it_may_see(app, owner_url, samples, role):
    client = signed_in(app, owner_url, role)
    body = client.get(
        "/api/collections/projects/items?f=json&limit=1000&filter=municipal_id LIKE 'MATRIX-%25'"
    ).get_json()
    seen = {f["properties"]["name"] for f in body["features"]}
    assert seen == {s.name for s in samples if visible(role, s)}
    hb = client.get("/api/collections/houseblocks/items?f=json&limit=1000").get_json()
    seen_blocks = {f["id"] for f in hb["features"]}
    assert {s.houseblock_id for s in samples if visible(role, s)} <= seen_blocks
    assert not {s.houseblock_id for s in samples if not visible(role, s)} & seen_blocks
    for s in samples:
        status = client.get(f"/api/collections/projects/items/{s.project_id}?f=json").status_code
        assert status == (200 if visible(role, s) else 404), (role, s.name)
