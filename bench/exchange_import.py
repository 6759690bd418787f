"""Excel import: our importer (dry run, then a commit in a scratch municipality) vs openpyxl."""

import io
import random
import time
from datetime import date
from typing import Any

import openpyxl
import psycopg

from bench.config import ROOT
from bench.exchange_setup import PROPS
from bench.exchange_setup import SCRATCH_CODE
from bench.exchange_setup import SCRATCH_GROUP
from bench.exchange_setup import SCRATCH_NAME

FILE_DIR = ROOT / "var" / "bench"
SCRATCH_GROUP_ID = "md5('bench-scratch-group')::uuid"
HEADER_ROW, FIRST_DATA_ROW = 4, 6
DELIVERY_DATES = [date(year, 7, 1) for year in range(2026, 2036)]  # the template's 10 columns


def scratch_viewer(url: str) -> dict[str, Any]:
    """A user_plus of the scratch municipality, member of its team (who may import there)."""
    with psycopg.connect(url) as conn:
        group = conn.execute(f"SELECT {SCRATCH_GROUP_ID}::text").fetchone()[0]
    return {
        "role": "user_plus",
        "municipality_code": SCRATCH_CODE,
        "region_code": "WR_BENCH_PV25",
        "province_code": "PV25",
        "group_ids": [group],
        "user_id": None,
    }


def source_ids(url: str, projects: int) -> list[str]:
    """The exported projects: the first N by id (md5-based ids, spread over municipalities)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id::text FROM plan.project ORDER BY id LIMIT %s", (projects,))
        return [r[0] for r in rows]


def export_file(url: str, ids: list[str], reference: date) -> tuple[bytes, float]:
    """Our DIWI Excel export (webapp/exports) of the projects, read as the admin viewer."""
    from flask import Flask

    from webapp import db
    from webapp.exports.excel import workbook_bytes
    from webapp.exports.queries import Selection
    from webapp.exports.queries import load_export

    app = Flask("bench-exchange")
    db.init_app(app, url, max_size=2)
    started = time.perf_counter()
    try:
        with app.app_context():
            data = load_export(None, Selection(reference, ids, 1))
            payload = workbook_bytes(data)
    finally:
        db.get_pool(app).close()
    return payload, time.perf_counter() - started


def openpyxl_parse(payload: bytes) -> dict:
    """The baseline: load_workbook(read_only=True) and every row's values of every sheet."""
    started = time.perf_counter()
    book = openpyxl.load_workbook(io.BytesIO(payload), read_only=True)
    rows = cells = 0
    for ws in book.worksheets:
        for values in ws.iter_rows(values_only=True):
            rows += 1
            cells += sum(v is not None for v in values)
    book.close()
    return {"seconds": round(time.perf_counter() - started, 2), "rows": rows, "cells": cells}


def clean_scratch(owner_url: str) -> int:
    """Remove every project of the scratch municipality (cascades to versions and blocks)."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "DELETE FROM plan.project WHERE municipality_code = %s", (SCRATCH_CODE,)
        ).rowcount


def importer(url: str, viewer: dict, payload: bytes, dry_run: bool, today: date) -> dict:
    """webapp.imports.service.import_in_transaction (parse, validate, write) on one connection."""
    from webapp.imports.service import import_in_transaction

    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        outcome = import_in_transaction(conn, viewer, "excel", payload, dry_run, 100_000, today)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "ok": outcome.ok,
        "counts": outcome.counts(),
        "issues": len(outcome.issues),
        "first_issues": [i.as_dict() for i in outcome.issues[:3]],
    }


def parse_only(url: str, viewer: dict, payload: bytes) -> dict:
    """Only the importer's reading of the file (webapp.imports.excel.read_excel), for the split."""
    from webapp.imports.context import load_context
    from webapp.imports.excel import read_excel

    with psycopg.connect(url) as conn:
        ctx = load_context(conn, viewer["municipality_code"])
        started = time.perf_counter()
        projects, issues, _locate = read_excel(payload, ctx, 100_000)
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "projects": len(projects), "issues": len(issues)}


def template_file(projects: int, seed: int) -> bytes:
    """N seeded projects in DIWI's import template (openpyxl, via webapp.imports.example)."""
    from webapp.imports.example import TemplateBook

    rng = random.Random(seed)
    book = TemplateBook()
    book.sub(None, "Maatwerk project eigenschap", [p.name for p in PROPS if p.mandatory])
    book.sub("construction", "Opleverdatum", DELIVERY_DATES)
    book.sub("demolition", "Opleverdatum", DELIVERY_DATES)
    for n in range(1, projects + 1):
        project = project_cells(rng, n)
        for block in range(rng.randint(1, 4)):
            book.add({**project, **block_cells(rng, demolition=block == 3)})
    return book.bytes()


def project_cells(rng: random.Random, n: int) -> dict:
    start = date(2025, rng.randint(1, 12), 1)
    custom = {
        "Opdrachtgever": rng.choice(["Gemeente", "Woningcorporatie", "Projectontwikkelaar"]),
        "Categorie planlijst": rng.choice(["1a harde plannen", "1b kansrijke plannen"]),
        "Studentenwoningen": 0,
        "Woonmilieu": rng.choice(["Centrum-stedelijk", "Groen-stedelijk", "Dorps"]),
        "Knelpunten": rng.choice(["Stikstof", "Netcongestie", "Stikstof; Netcongestie"]),
        "Sleutelproject": rng.choice(["Ja", "Nee"]),
    }
    return {
        "Identificatie nr": f"BX-{n:05d}",
        "Naam": f"Importproject {n}",
        "Eigenaar": SCRATCH_GROUP,
        "Vertrouwelijkheid": rng.choice(["Openbaar", "Extern mede-overheden"]),
        "Plan soort": rng.choice(["Verdichting", "Herstructurering", "Uitbreiding uitleg"]),
        "Priorisering": rng.choice(["Hoog", "Laag"]),
        "Project status": "Actief",
        "Start project": start,
        "Eind project": date(2036 + rng.randint(0, 2), 12, 31),
        "1 Concept": start,
        "3 In voorbereiding": start,
        "Gemeente": SCRATCH_NAME,
        **{(None, "Maatwerk project eigenschap", k): v for k, v in custom.items()},
    }


def block_cells(rng: random.Random, demolition: bool) -> dict:
    kind = "demolition" if demolition else "construction"
    amount = rng.randint(1, 200)
    when = rng.choice(DELIVERY_DATES)
    if demolition:
        return {"Sloop": amount, (kind, "Opleverdatum", when): amount}
    owned = rng.randint(0, amount)
    single = rng.randint(0, amount)
    return {
        "Bouw": amount,
        (kind, "Opleverdatum", when): amount,
        (kind, "Koopwoning"): owned,
        (kind, "Huur woningcorporatie"): amount - owned,
        (kind, "Eengezins woning"): single,
        (kind, "Meergezins woning"): amount - single,
        (kind, "Formele toestemming eigenaar"): amount,
    }


def exporter_probe(owner_url: str, webapp_url: str, projects: int, reference: date) -> dict:
    """Our DIWI Excel export of N bench projects: seconds, size and sheet dimensions."""
    payload, seconds = export_file(webapp_url, source_ids(owner_url, projects), reference)
    book = openpyxl.load_workbook(io.BytesIO(payload), read_only=True)
    ws = book.worksheets[0]
    dims = {"rows": ws.max_row, "columns": ws.max_column}
    book.close()
    return {"projects": projects, "seconds": round(seconds, 2), "bytes": len(payload), **dims}


def measure(cfg: Any, dbname: str, projects: int, reference: date) -> dict:
    """File, baseline, importer parse, dry run and commit; the scratch municipality emptied."""
    owner = cfg.db.url("owner", dbname)
    webapp = cfg.db.url("webapp", dbname)
    clean_scratch(owner)
    payload = template_file(projects, cfg.seed)
    FILE_DIR.mkdir(parents=True, exist_ok=True)
    path = FILE_DIR / f"exchange-import-{projects}.xlsx"
    path.write_bytes(payload)
    print(f"  import file {path.relative_to(ROOT)}: {len(payload)} bytes")
    viewer = scratch_viewer(owner)
    result: dict[str, Any] = {
        "projects": projects,
        "file": str(path.relative_to(ROOT)),
        "bytes": len(payload),
        "openpyxl": openpyxl_parse(payload),
        "parse": parse_only(webapp, viewer, payload),
    }
    result["dry_run"] = importer(webapp, viewer, payload, True, reference)
    result["commit"] = importer(webapp, viewer, payload, False, reference)
    with psycopg.connect(owner) as conn:
        result["committed_projects"] = conn.execute(
            "SELECT count(*) FROM plan.project WHERE municipality_code = %s", (SCRATCH_CODE,)
        ).fetchone()[0]
    clean_scratch(owner)
    base = result["openpyxl"]["seconds"] or 0.01
    result["ratio_dry_run"] = round(result["dry_run"]["seconds"] / base, 1)
    result["ratio_commit"] = round(result["commit"]["seconds"] / base, 1)
    for key in ("openpyxl", "parse", "dry_run", "commit"):
        print(f"  import {key:<8} {result[key]['seconds']:7.2f} s  {result[key]}")
    return result
