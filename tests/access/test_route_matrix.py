"""Every route x every role x every confidentiality level x owned/not owned: nothing leaks.

Routes are discovered from the app's URL map, so a new route is exercised automatically; a route
with a parameter this test cannot fill fails the test until a sample is added below.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from flask import Flask
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import create_demo_accounts

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("matrix")]
LEVELS = range(1, 8)
ROLES = ("anonymous", *(a["role"] for a in DEMO_ACCOUNTS))
# from this level up a role sees projects it does not own (in its municipality/region/province)
MIN_LEVEL = {
    "user_plus": 2,
    "user": 2,
    "management": 3,
    "council": 4,
    "region_reader": 5,
    "province_reader": 6,
}
OWNING_ROLES = {"user_plus", "user"}  # members of "Team Wonen" in the demo accounts
PARTNER_ROLES = {"external"}  # member of "Matrix partner"
SKIP_PREFIXES = ("/static/", "/fs-static/", "/api/static/", "/static")
# parameters that select something other than a project or houseblock get a harmless sample
NEUTRAL = {
    "tileMatrixSetId": "WebMercatorQuad",
    "token": "x",
    "instance_id": "x",
    "location_id": "x",
    "style_id": "x",
    "tileMatrix": "0",
    "tileRow": "0",
    "tileCol": "0",
    "job_id": "x",
    "process_id": "x",
    "path": "x",
    "filename": "x",
    "token_id": "00000000-0000-7000-8000-000000000000",
    "user_id": "00000000-0000-7000-8000-000000000000",
    "group_id": "00000000-0000-7000-8000-000000000000",
    "property_id": "00000000-0000-7000-8000-000000000000",
    "option_id": "00000000-0000-7000-8000-000000000000",
    "category_id": "00000000-0000-7000-8000-000000000000",
    "code": "WK020001",
}


@dataclass(frozen=True)
class Sample:
    project_id: str
    houseblock_id: str
    name: str
    level: int
    owner: str  # "team", "partner" or "other"


def visible(role: str, sample: Sample) -> bool:
    """The expected rule, written out independently of the SQL."""
    if sample.level == 7:
        return True
    if sample.owner == "team" and role in OWNING_ROLES:
        return True
    if sample.owner == "partner" and role in PARTNER_ROLES:
        return True
    return role in MIN_LEVEL and sample.level >= MIN_LEVEL[role]


def _project(conn: psycopg.Connection, level: int, owner: str, group: str) -> Sample:
    name = f"Matrixplan L{level} {owner}"
    data = {
        "municipality_code": "GM0200",
        "name": name,
        "phase": "design",
        "confidentiality_level": level,
        "start_date": "2024-01-01",
        "end_date": "2031-01-01",
        "owner_group_ids": [group],
        "municipal_id": f"MATRIX-{level}-{owner}",
    }
    pid = str(conn.execute("SELECT plan.create_project(%s)", (Jsonb(data),)).fetchone()[0])
    block = {"name": f"Matrixblok L{level} {owner}", "mutation_kind": "construction", "amount": 7}
    hid = str(
        conn.execute("SELECT plan.create_houseblock(%s, %s)", (pid, Jsonb(block))).fetchone()[0]
    )
    return Sample(pid, hid, name, level, owner)


def _group(conn: psycopg.Connection, name: str) -> str:
    return str(
        conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
            "ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name RETURNING id",
            (name,),
        ).fetchone()[0]
    )


@pytest.fixture(scope="module")
def samples(owner_url: str, demo_municipality: str) -> Iterator[list[Sample]]:
    """21 projects: every level, owned by the demo team, the partner or another group."""
    create_demo_accounts(owner_url, demo_municipality, {"external": ["Matrix partner"]})
    with psycopg.connect(owner_url, autocommit=True) as conn:
        groups = {
            "team": _group(conn, "Team Wonen"),
            "partner": _group(conn, "Matrix partner"),
            "other": _group(conn, "Matrix andere groep"),
        }
        made = [
            _project(conn, level, owner, groups[owner])
            for level in LEVELS
            for owner in ("team", "partner", "other")
        ]
        yield made
        conn.execute(
            "DELETE FROM plan.project WHERE id = ANY(%s::uuid[])", ([s.project_id for s in made],)
        )


def signed_in(app: Flask, owner_url: str, role: str):
    """A test client signed in as the demo account of a role (session set directly, no 2FA)."""
    client = app.test_client()
    if role == "anonymous":
        return client
    email = next(a["email"] for a in DEMO_ACCOUNTS if a["role"] == role)
    with psycopg.connect(owner_url) as conn:
        uniquifier = conn.execute(
            "SELECT fs_uniquifier FROM auth.app_user WHERE lower(email) = lower(%s)", (email,)
        ).fetchone()[0]
    with client.session_transaction() as session:
        session["_user_id"] = uniquifier
        session["_fresh"] = True
    return client


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
                    _assert_no_leak(role, url + suffix, response.get_data(as_text=True), samples)
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
