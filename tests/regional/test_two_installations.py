"""Harvesting from a truly separate DIWI installation: its own database, server, users and token."""

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests
from psycopg.rows import dict_row

from ingest.harvest import harvest
from manage import bootstrap
from manage import migrate
from manage.demo_accounts import create_demo_accounts
from manage.settings import DatabaseSettings
from tests.fixtures.app import free_port
from tests.regional.conftest import add_step
from tests.regional.conftest import depends
from tests.sql.builders import houseblock
from tests.sql.builders import municipality
from tests.sql.builders import project as make_project
from tests.sql.builders import square
from tests.sql.builders import user_group
from webapp.account.queries import CREATE_TOKEN_SQL
from webapp.account.queries import TOKEN_PREFIX
from webapp.account.queries import token_hash
from webapp.regional.summary import refresh_project

MUNICIPALITY, REGION, PROVINCE = "GM9602", "R9602", "PV26"
STARTUP_S = 90


@dataclass(frozen=True)
class Installation:
    """The other DIWI: its base URL, an API token of its region reader, its project GUIDs."""

    url: str
    owner_url: str
    token: str
    key_project: str
    small_project: str


def fill(owner_url: str) -> tuple[str, str]:
    """The other installation's municipality with a key project (with steps) and a small one."""
    with psycopg.connect(owner_url) as conn:
        municipality(conn, MUNICIPALITY, province=PROVINCE, region=REGION)
        team = user_group(conn, MUNICIPALITY, "Team Wonen")
        key = make_project(
            conn, MUNICIPALITY, team, name="Buurwijk", confidentiality_level=5,
            plan_area=square(210000, 470000),
        )  # fmt: skip
        houseblock(conn, key, amount=120)
        small = make_project(conn, MUNICIPALITY, team, name="Buurhofje")
        houseblock(conn, small, amount=8)
        first = add_step(conn, key, "Principeverzoek", "public", start=-60, end=-5)
        second = add_step(conn, key, "Omgevingsvergunning", "public", start=0, end=120)
        depends(conn, first, second)
        refresh_project(conn, key)
    create_demo_accounts(owner_url, MUNICIPALITY, {"user_plus": ["Team Wonen"]})
    return key, small


def api_token(owner_url: str, email: str) -> str:
    """An API token created the way the account page does (hash stored, token returned)."""
    token = f"{TOKEN_PREFIX}buur-{os.urandom(16).hex()}"
    with psycopg.connect(owner_url) as conn:
        user = conn.execute("SELECT id FROM auth.app_user WHERE email = %s", (email,)).fetchone()
        conn.execute(CREATE_TOKEN_SQL, (user[0], "oogst door de regio", token_hash(token)))
    return token


def serve(other: DatabaseSettings, port: int, var_dir: Path) -> subprocess.Popen:
    """`python -m manage serve` (the app factory under gunicorn) against the other database; a
    separate process because pygeoapi reads its configuration once per process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIWI_", "PYGEOAPI_"))}
    env |= {
        "DIWI_DATABASE_URL": other.url("webapp"),
        "DIWI_READER_DATABASE_URL": other.url("reader"),
        "DIWI_WEB_PORT": str(port),
        "DIWI_WEB_WORKERS": "1",
        "DIWI_VAR_DIR": str(var_dir),
        "DIWI_SECRET_KEY": "diwi-buur-secret",
    }
    command = [sys.executable, "-m", "manage", "serve"]
    with (var_dir / "serve.log").open("wb") as log:
        return subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the other DIWI stopped: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"{url}/health", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # starting: refused or not answering yet
            pass
        time.sleep(0.3)
    raise RuntimeError("the other DIWI did not start in time")


@pytest.fixture(scope="module")
def other_diwi(migrated_db: DatabaseSettings, tmp_path_factory) -> Iterator[Installation]:
    """A second installation: database migrated by manage.migrate, served on its own port."""
    other = dataclasses.replace(migrated_db, name=f"{migrated_db.name}_buur")
    bootstrap.drop_database(other, other.name)
    bootstrap.ensure_database(other, other.name)
    migrate.migrate(other.url("owner"))
    key, small = fill(other.url("owner"))
    token = api_token(other.url("owner"), "regio@demo.diwi.nl")
    port = free_port()
    var_dir = tmp_path_factory.mktemp("buur")
    process = serve(other, port, var_dir)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url, var_dir / "serve.log")
        yield Installation(url, other.url("owner"), token, key, small)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        bootstrap.drop_database(other, other.name)


def local_rows(reader_url: str, instance: str) -> list[dict]:
    """This installation's acceleration table as a region reader of the other's region sees it."""
    with psycopg.connect(reader_url, row_factory=dict_row) as conn:
        conn.execute("SELECT plan.set_viewer('region_reader', NULL, %s)", (REGION,))
        return conn.execute(
            "SELECT id::text, name, instance, key_reason, steps_late, steps, process_delivery "
            "FROM publication.acceleration_table WHERE instance = %s",
            (instance,),
        ).fetchall()


def test_harvest_from_another_installation_brings_its_key_projects(migrated_db, other_diwi):
    result = harvest(migrated_db.url("ingest"), f"{other_diwi.url}/api", other_diwi.token, "buur")
    assert (result["features"], result["pages"]) == (1, 1)  # the key project only
    rows = local_rows(migrated_db.url("reader"), "buur")
    assert [(r["id"], r["name"], r["key_reason"]) for r in rows] == [
        (other_diwi.key_project, "Buurwijk", "geoogst")
    ]
    steps = {s["name"]: s["status"] for s in rows[0]["steps"]}
    assert steps == {"Principeverzoek": "late", "Omgevingsvergunning": "planned"}
    assert rows[0]["process_delivery"] is not None
    with psycopg.connect(migrated_db.url("reader"), row_factory=dict_row) as conn:
        conn.execute("SELECT plan.set_viewer('region_reader', NULL, 'R_ELDERS')")
        other_region = conn.execute(
            "SELECT count(*) AS n FROM publication.acceleration_table WHERE instance = 'buur'"
        ).fetchone()
    assert other_region["n"] == 0  # only the region whose municipalities they are


def test_the_other_installation_serves_its_process_steps_to_the_token(other_diwi):
    response = requests.get(
        f"{other_diwi.url}/api/collections/process-steps/items",
        params={"f": "json", "limit": 100},
        headers={"Authorization": f"Bearer {other_diwi.token}"},
        timeout=30,
    )
    assert response.status_code == 200
    names = {f["properties"]["step_name"] for f in response.json()["features"]}
    assert names == {"Principeverzoek", "Omgevingsvergunning"}
    anonymous = requests.get(
        f"{other_diwi.url}/api/collections/process-steps/items", params={"f": "json"}, timeout=30
    )
    assert anonymous.json()["features"] == []


def test_a_second_harvest_replaces_the_rows_of_that_instance(migrated_db, other_diwi):
    ingest = migrated_db.url("ingest")
    first = harvest(ingest, f"{other_diwi.url}/api", other_diwi.token, "buur-2")
    assert first["features"] == 1
    with psycopg.connect(other_diwi.owner_url) as conn:  # there, the small project becomes key
        conn.execute("INSERT INTO plan.key_project VALUES (%s, true)", (other_diwi.small_project,))
    result = harvest(ingest, f"{other_diwi.url}/api", other_diwi.token, "buur-2")
    assert result["features"] == 2
    names = sorted(r["name"] for r in local_rows(migrated_db.url("reader"), "buur-2"))
    assert names == ["Buurhofje", "Buurwijk"]


def test_a_project_harvested_from_two_instances_shows_once(migrated_db, other_diwi):
    ingest = migrated_db.url("ingest")
    for instance in ("buur-a", "buur-b"):
        harvest(ingest, f"{other_diwi.url}/api", other_diwi.token, instance)
    with psycopg.connect(migrated_db.url("reader")) as conn:
        conn.execute("SELECT plan.set_viewer('region_reader', NULL, %s)", (REGION,))
        rows = conn.execute(
            "SELECT instance FROM publication.acceleration_table WHERE id = %s",
            (other_diwi.key_project,),
        ).fetchall()
    assert rows == [("buur-b",)]  # once, the latest run's row
