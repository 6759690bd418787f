"""Round trip: what our DIWI exports write, our importer reads back to the same projects."""

import io
import json
from datetime import date
from datetime import datetime

import openpyxl
import psycopg
import pytest
from flask import Flask

from tests.exports import golden
from webapp.diwi_format import excel as layout
from webapp.exports.excel import workbook_bytes
from webapp.exports.geojson import feature_collection
from webapp.exports.queries import Selection
from webapp.exports.queries import load_export
from webapp.imports.service import run_import

pytestmark = pytest.mark.db
STRICT = "GM9802"  # golden data that also keeps DIWI's import rules
FRESH = {"excel": "GM9803", "geojson": "GM9804"}  # projects deleted and imported again
GUID_HEADERS = {"Project GUID", "Woningblok GUID"}
MAX_ROWS = 1000


def export_excel(app: Flask, viewer: dict, ids: list[str]) -> bytes:
    """The Excel export of these projects today (the importer checks the status against today)."""
    with app.app_context():
        return workbook_bytes(load_export(viewer, Selection(date.today(), ids)))


def export_geojson(app: Flask, viewer: dict, ids: list[str]) -> bytes:
    with app.app_context():
        collection = feature_collection(load_export(viewer, Selection(date.today(), ids)))
    return json.dumps(collection).encode()


def imported(app: Flask, viewer: dict, kind: str, body: bytes, dry_run: bool):
    with app.app_context():
        outcome = run_import(viewer, kind, body, dry_run, MAX_ROWS)
    assert outcome.ok, [(i.code, i.row, i.property_name, i.value) for i in outcome.issues]
    return outcome


@pytest.fixture(scope="module")
def strict(owner_url: str) -> golden.Golden:
    return golden.build(owner_url, STRICT, strict=True)


def reimport(app: Flask, data: golden.Golden, kind: str) -> dict:
    ids = [data.project, data.empty_project]
    body = (export_excel if kind == "excel" else export_geojson)(app, data.viewer, ids)
    return imported(app, data.viewer, kind, body, dry_run=True).counts()


@pytest.mark.parametrize("kind", ["excel", "geojson"])
def test_reimporting_an_export_changes_nothing(app, strict, kind) -> None:
    assert reimport(app, strict, kind) == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}


@pytest.mark.parametrize("kind", ["excel", "geojson"])
def test_reimporting_data_outside_diwis_import_rules_changes_nothing(app, gold, kind) -> None:
    assert reimport(app, gold, kind) == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}


def sheet_rows(body: bytes) -> list[dict]:
    """The data rows as {(section, header, sub-header): value}, GUIDs left out, in name order."""
    ws = openpyxl.load_workbook(io.BytesIO(body))[layout.DATA_SHEET]
    keys, section = [], None
    for col in range(1, ws.max_column + 1):
        section = ws.cell(layout.SECTION_ROW, col).value or section
        sub = ws.cell(layout.SUBHEADER_ROW, col).value
        keys.append((section, ws.cell(layout.HEADER_ROW, col).value, plain(sub)))
    names = [" | ".join(map(str, key)) for key in keys]
    rows = []
    for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1):
        row = {
            names[c - 1]: plain(ws.cell(r, c).value)
            for c, key in enumerate(keys, start=1)
            if key[1] is not None and key[1] not in GUID_HEADERS
        }
        rows.append(row)
    return sorted(rows, key=lambda row: json.dumps(row, default=str, sort_keys=True))


def plain(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


def without_ids(value: object) -> object:
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("diwi_id", "id")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def features(body: bytes) -> list[dict]:
    """The features without GUIDs, in name order (lists in a stable order)."""
    found = [without_ids(f) for f in json.loads(body)["features"]]
    for feature in found:
        feature["properties"]["woning_blokken"].sort(key=lambda b: b["name"])
        for block in feature["properties"]["woning_blokken"]:
            block["eigendom"].sort(key=lambda line: json.dumps(line, sort_keys=True))
    return sorted(found, key=lambda f: f["properties"]["projectgegevens"]["basisgegevens"]["naam"])


def remove_projects(owner_url: str, code: str) -> None:
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.project WHERE municipality_code = %s", (code,))


@pytest.mark.parametrize("kind", ["excel", "geojson"])
def test_an_export_imported_into_a_fresh_state_exports_the_same(app, owner_url, kind):
    fresh = golden.build(owner_url, FRESH[kind], strict=True)
    export = export_excel if kind == "excel" else export_geojson
    compare = sheet_rows if kind == "excel" else features
    before = export(app, fresh.viewer, [fresh.project, fresh.empty_project])
    remove_projects(owner_url, FRESH[kind])
    outcome = imported(app, fresh.viewer, kind, before, dry_run=False)
    assert outcome.counts() == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 0}
    after = export(app, fresh.viewer, [str(p["project_id"]) for p in outcome.projects])
    assert compare(after) == compare(before)


@pytest.mark.parametrize("kind", ["excel", "geojson"])
def test_the_project_colour_round_trips(app, owner_url, kind) -> None:
    code = {"excel": "GM9805", "geojson": "GM9806"}[kind]
    data = golden.build(owner_url, code, strict=True)
    export = export_excel if kind == "excel" else export_geojson
    body = export(app, data.viewer, [data.project])
    remove_projects(owner_url, code)
    imported(app, data.viewer, kind, body, dry_run=False)
    with psycopg.connect(owner_url) as conn:
        colours = conn.execute(
            "SELECT DISTINCT v.colour FROM plan.project_version v JOIN plan.project p"
            " ON p.id = v.project_id WHERE p.municipality_code = %s AND v.superseded_at IS NULL",
            (code,),
        ).fetchall()
    assert colours == [("#123456",)]
