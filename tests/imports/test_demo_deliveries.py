"""On `make run`'s demo (with the delivery plusvelden), a user's own export re-imports unchanged."""

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from psycopg.types.json import Jsonb

from manage import bootstrap
from manage import demo
from manage import migrate
from manage.demo_accounts import DEMO_PASSWORD
from manage.settings import DatabaseSettings
from tests.fixtures.app import AuthActions
from tests.imports.conftest import post_file
from webapp.imports.local_example import local_example_excel
from webapp.imports.local_example import local_example_geojson
from webapp.imports.service import import_in_transaction
from webapp.viewer import GROUPS_SQL

USER = "gebruiker@demo.diwi.nl"


@pytest.fixture(scope="module")
def demo_db(db_settings: DatabaseSettings) -> Iterator[DatabaseSettings]:
    """A database of its own with the demo loaded as `python -m manage demo` does (deliveries)."""
    name = f"{db_settings.name}_demo_{uuid.uuid4().hex[:6]}"
    settings = DatabaseSettings(name=name)
    bootstrap.drop_database(settings, name)
    bootstrap.ensure_database(settings, name)
    try:
        migrate.migrate(settings.url("owner", name))
        demo.load_demo(settings.url("owner", name), deliveries=True)
        yield settings
    finally:
        bootstrap.drop_database(settings, name)


@pytest.fixture(scope="module")
def demo_app(demo_db: DatabaseSettings, app: Flask, tmp_path_factory) -> Iterator[Flask]:
    """A second app on the demo database (pygeoapi stays the session app's)."""
    from webapp import create_app
    from webapp import db
    from webapp.settings import WebSettings

    settings = WebSettings(
        secret_key="diwi-test-secret",
        database_url=demo_db.url("webapp"),
        reader_database_url=demo_db.url("reader"),
        public_url="http://127.0.0.1:9",
        var_dir=Path(tmp_path_factory.mktemp("demo-var")),
    )
    (settings.var_dir / "pygeoapi-openapi.yml").write_bytes(
        app.config["DIWI_SETTINGS"].openapi_path.read_bytes()
    )
    application = create_app({"TESTING": True, "DIWI_SETTINGS": settings})
    yield application
    db.close(application)


@pytest.fixture
def demo_client(demo_app: Flask):
    client = demo_app.test_client()
    response = AuthActions(client).login(USER, DEMO_PASSWORD)
    assert response.status_code in (200, 302)
    return client


def assert_round_trip(client, path: str, kind: str) -> dict:
    exported = client.get(path)
    assert exported.status_code == 200
    answer = post_file(client, exported.data, kind, dry_run=True, name=Path(path).name).get_json()
    assert answer["errors"] == [], sorted(
        {(e["code"], e["identification"], e["value"]) for e in answer["errors"]}, key=str
    )
    assert answer["counts"]["created"] == 0
    assert answer["counts"]["updated"] == 0, [
        p["identification"] for p in answer["result"] if p["action"] == "updated"
    ]
    assert answer["counts"]["unchanged"] > 0
    return answer


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/exporteren/diwi.xlsx", "excel"), ("/exporteren/diwi.geojson", "geojson")],
)
def test_own_export_reimports_unchanged_on_the_demo(demo_client, path, kind):
    answer = assert_round_trip(demo_client, path, kind)
    reasons = {p["reason"] for p in answer["result"] if p["action"] == "skipped"}
    # Arnhem's public projects and the other groups' projects: visible, not editable
    assert reasons == {"project van een andere gemeente", "niet bewerkbaar voor u"}


@pytest.mark.parametrize("kind", ["xlsx", "geojson"])
def test_user_plus_export_reimports_unchanged_on_the_demo(demo_app, kind):
    """A user_plus may edit every project of the municipality: only Arnhem's are skipped."""
    client = demo_app.test_client()
    AuthActions(client).login("hoofdgebruiker@demo.diwi.nl", DEMO_PASSWORD)
    fmt = "excel" if kind == "xlsx" else "geojson"
    answer = assert_round_trip(client, f"/exporteren/diwi.{kind}", fmt)
    skipped = [p["identification"] for p in answer["result"] if p["action"] == "skipped"]
    assert skipped and all(s.startswith("ARN-") for s in skipped)


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/importeren/voorbeeld.xlsx", "excel"), ("/importeren/voorbeeld.geojson", "geojson")],
)
def test_the_example_for_my_municipality_imports_on_the_demo(demo_client, path, kind):
    """The demo's mandatory plusvelden are filled in: the downloaded example imports, twice."""
    example = demo_client.get(path)
    assert example.status_code == 200
    assert "attachment" in example.headers["Content-Disposition"]
    first = post_file(demo_client, example.data, kind, name=Path(path).name).get_json()
    assert first["errors"] == [], first["errors"]
    assert first["counts"]["created"] >= 1
    again = post_file(demo_client, example.data, kind, name=Path(path).name).get_json()
    assert again["counts"]["created"] == again["counts"]["updated"] == 0, again["counts"]


def test_the_shipped_static_example_needs_the_mandatory_plusvelden(demo_client, demo_db):
    """Why the page offers the municipality's example: the static one misses mandatory values."""
    from webapp.diwi_format import excel as fmt

    with psycopg.connect(demo_db.url("owner")) as conn:  # the examples use fixed numbers
        conn.execute("DELETE FROM plan.project WHERE municipal_id LIKE 'VB%'")
    answer = post_file(demo_client, fmt.EXAMPLE_EXCEL.read_bytes(), dry_run=True).get_json()
    assert {e["code"] for e in answer["errors"]} == {"custom_value_mandatory_missing"}
    page = demo_client.get("/importeren").get_data(as_text=True)
    assert "Ingevuld voorbeeld voor uw gemeente" in page
    assert "/importeren/voorbeeld.xlsx" in page


def test_the_example_fills_every_kind_of_mandatory_plusveld(demo_db: DatabaseSettings):
    """Text, numeric with a minimum and houseblock plusvelden get valid values too."""
    with psycopg.connect(demo_db.url("owner")) as conn:
        conn.execute("DELETE FROM plan.project WHERE municipal_id LIKE 'VB%'")  # fresh projects
        extra = [
            ("project", "text", "Toelichting voorbeeld", {}, []),
            ("project", "numeric", "Minimum voorbeeld", {"min": 5}, []),
            ("houseblock", "category", "Bouwwijze voorbeeld", {}, ["Prefab", "Traditioneel"]),
            ("houseblock", "boolean", "Nul-op-de-meter voorbeeld", {}, []),
        ]
        for object_type, value_type, name, rules, options in extra:
            pid = conn.execute(
                "INSERT INTO plan.property (municipality_code, kind, object_type, value_type, "
                "name, mandatory, single_select, rules) VALUES ('GM0200', 'custom', %s, %s, %s, "
                "true, %s, %s) RETURNING id",
                (object_type, value_type, name, True if options else None, Jsonb(rules)),
            ).fetchone()[0]
            for i, label in enumerate(options):
                conn.execute(
                    "INSERT INTO plan.property_option (property_id, code, label_nl, sort_order) "
                    "VALUES (%s, %s, %s, %s)",
                    (pid, f"o{i}", label, i),
                )
        viewer = demo_viewer(conn, USER)
        for kind, data in (
            ("excel", local_example_excel(conn, "GM0200")),
            ("geojson", json.dumps(local_example_geojson(conn, "GM0200")).encode()),
        ):
            outcome = import_in_transaction(conn, viewer, kind, data, True, 100, date.today())
            assert [(i.code, i.detail, i.row, i.feature) for i in outcome.issues] == []
            assert outcome.counts()["created"] >= 1
        conn.rollback()


def demo_viewer(conn: psycopg.Connection, email: str) -> dict:
    """The viewer of a demo account, as webapp.viewer.viewer_for builds it."""
    user_id, municipality = conn.execute(
        "SELECT id::text, municipality_code FROM auth.app_user WHERE email = %s", (email,)
    ).fetchone()
    groups = [r[0] for r in conn.execute(GROUPS_SQL, (user_id,))]
    return {
        "role": "user",
        "municipality_code": municipality,
        "region_code": None,
        "province_code": None,
        "group_ids": groups,
        "user_id": user_id,
    }
