"""Shared pieces of the access matrices: sample projects at every level and owner, the expected
rule written out independently of the SQL, and clients signed in as each demo role."""

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from flask import Flask
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import create_demo_accounts

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
    "template_id": "zuid-holland",  # delivery mapping screen (/beheer/leveringen/<template_id>)
    "name": "projects.qml",  # map styles (/styles/<name>)
    "blueprint_id": "00000000-0000-7000-8000-000000000000",  # composed dashboards
    "goal_id": "00000000-0000-7000-8000-000000000000",
    "component": "map",  # dashboard data endpoints
    "fmt": "csv",
    "subscription_id": "00000000-0000-7000-8000-000000000000",  # webhooks (admin)
    "step_id": "00000000-0000-7000-8000-000000000000",  # process streams
    "dependency_id": "00000000-0000-7000-8000-000000000000",
    "mapping_id": "00000000-0000-7000-8000-000000000000",  # ZGW zaaktype mapping (admin)
}


@dataclass(frozen=True)
class Sample:
    project_id: str
    houseblock_id: str
    name: str
    level: int
    owner: str  # "team", "partner" or "other"
    milestone_id: str  # the project's start milestone


def visible(role: str, sample: Sample) -> bool:
    """The expected rule, written out independently of the SQL."""
    if sample.level == 7:
        return True
    if sample.owner == "team" and role in OWNING_ROLES:
        return True
    if sample.owner == "partner" and role in PARTNER_ROLES:
        return True
    return role in MIN_LEVEL and sample.level >= MIN_LEVEL[role]


def editable(role: str, sample: Sample) -> bool:
    """Who may change a project: owner-group members, and user_plus on every project it sees."""
    if not visible(role, sample):
        return False
    if sample.owner == "team" and role in OWNING_ROLES:
        return True
    if sample.owner == "partner" and role in PARTNER_ROLES:
        return True
    return role == "user_plus"


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
    start = conn.execute("SELECT start_milestone_id::text FROM plan.project WHERE id = %s", (pid,))
    return Sample(pid, hid, name, level, owner, start.fetchone()[0])


def _group(conn: psycopg.Connection, name: str) -> str:
    return str(
        conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
            "ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name RETURNING id",
            (name,),
        ).fetchone()[0]
    )


def make_samples(owner_url: str, demo_municipality: str) -> Iterator[list[Sample]]:
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
