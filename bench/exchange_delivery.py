"""Province deliveries: ours (DeliveryProcessor.execute in-process) against ogr2ogr from PostGIS."""

import contextlib
import json
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

FORMATS = {"zuid-holland": "GeoJSON", "gelderland": "OpenFileGDB", "zeeland": "XLSX"}
EXTENSIONS = {"GeoJSON": "geojson", "OpenFileGDB": "gdb", "XLSX": "xlsx"}
# A viewer who sees every project of the exchange copy (all public there) in every area.
ADMIN_VIEWER = {
    "role": "admin",
    "municipality_code": None,
    "region_code": None,
    "province_code": None,
    "group_ids": [],
    "user_id": None,
}
SQL_TYPES = {
    "integer": "integer",
    "real": "float8",
    "date": "date",
    "datetime": "timestamptz",
    "boolean": "boolean",
}

# Plain column equivalents of the facts the templates name (the rest: by prefix, see _source).
SOURCES = {
    "project.id": "p.id::text",
    "project.municipal_id": "p.municipal_id",
    "project.name": "p.name",
    "project.municipality_code": "p.municipality_code",
    "project.municipality_name": "p.municipality_name",
    "project.region_code": "p.region_code",
    "project.region_name": "r.name",
    "project.province_code": "p.province_code",
    "project.province_name": "pr.name",
    "project.confidentiality": "p.confidentiality_level",
    "project.plan_types": "array_to_string(p.plan_types, ',')",
    "project.phase": "p.phase",
    "project.phase_or_completed": "p.phase",
    "project.planning_status": "p.planning_status",
    "project.status": "p.status",
    "year.year": "y.yr",
    "year.id": "md5(y.project_id::text || ':' || y.yr)::uuid::text",
}
PROJECTS_FROM = """
FROM publication.projects p
JOIN ref.province pr ON pr.code = p.province_code
LEFT JOIN ref.region r ON r.code = p.region_code
LEFT JOIN (SELECT project_id,
                  min(extract(year FROM coalesce(delivery_latest, end_date)))::int AS first_year,
                  max(extract(year FROM coalesce(delivery_latest, end_date)))::int AS last_year
           FROM publication.houseblocks GROUP BY 1) d ON d.project_id = p.id
WHERE p.id IN ({selection})
"""
YEAR_ROWS = """
SELECT project_id, extract(year FROM coalesce(delivery_latest, end_date))::int AS yr,
       sum(amount) FILTER (WHERE mutation_kind = 'construction')::int AS construction,
       sum(amount) FILTER (WHERE mutation_kind = 'demolition')::int AS demolition
FROM publication.houseblocks {where} GROUP BY 1, 2
"""
YEARS_FROM = (
    "FROM (" + YEAR_ROWS.format(where="") + ") y "
    "JOIN publication.projects p ON p.id = y.project_id "
    "JOIN ref.province pr ON pr.code = p.province_code "
    "LEFT JOIN ref.region r ON r.code = p.region_code "
    "WHERE p.id IN ({selection})"
)


def selection_sql(projects: int) -> str:
    """The first N projects by id that count as plan capacity (5A/5B are never delivered)."""
    return (
        "SELECT id FROM publication.projects WHERE counts_as_plan_capacity"
        f" ORDER BY id LIMIT {int(projects)}"
    )


def selected_ids(url: str, projects: int) -> list[str]:
    with psycopg.connect(url) as conn:
        return [str(r[0]) for r in conn.execute(selection_sql(projects))]


def _literal(value: Any, kind: str) -> str:
    if value is None:
        return f"NULL::{SQL_TYPES.get(kind, 'text')}"
    if isinstance(value, bool | int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _source(source: str, kind: str, year: bool) -> str:
    """A plain SQL expression for a named fact: counts as a houseblock sum, dates as the start."""
    if source in SOURCES:
        return SOURCES[source]
    if source == "delivery.first_year":
        return "d.first_year"
    if source == "delivery.last_year":
        return "d.last_year"
    if kind == "integer":
        return "y.construction" if year else "p.construction_amount"
    if kind in ("date", "datetime"):
        return "p.start_date"
    if kind == "boolean":
        return "p.end_date < current_date"
    return "p.name"


def _mapped(spec: dict) -> str:
    """A mapped field as a constant of its type (the baseline has no mapping to follow)."""
    mapped = spec["mapped"]
    if spec["type"] == "integer":
        return "0"
    if mapped.get("options"):
        return _literal(mapped["options"][0], "text")
    return _literal("Benchmarkproject", "text")


def column(spec: dict, year: bool) -> str:
    """One template field as `expression AS "name"` in the field's type."""
    kind = spec["type"]
    if "constant" in spec:
        expr = _literal(spec["constant"], kind)
    elif "mapped" in spec:
        expr = _mapped(spec)
    else:
        expr = _source(spec["source"], kind, year)
    cast = SQL_TYPES.get(kind, "text")
    name = spec["name"].replace('"', '""')
    return f'({expr})::{cast} AS "{name}"'


def table_sql(definition: dict, spec: dict, selection: str) -> str:
    """The baseline SELECT of one template table (nested year tables as a JSON column)."""
    year = spec["per"] == "project_year"
    nested = {t["name"]: t for t in definition["tables"]}
    cols = []
    for field in spec["fields"]:
        if "nested" in field:
            child = nested[field["nested"]]
            pairs = [
                f"'{f['name']}', {column(f, True).rsplit(' AS ', 1)[0]}" for f in child["fields"]
            ]
            inner = " || ".join(  # at most 100 arguments per function call
                f"jsonb_build_object({', '.join(pairs[i : i + 40])})"
                for i in range(0, len(pairs), 40)
            )
            rows = YEAR_ROWS.format(where="WHERE project_id = p.id")
            cols.append(
                f'(SELECT jsonb_agg({inner} ORDER BY y.yr) FROM ({rows}) y) AS "{field["name"]}"'
            )
        else:
            cols.append(column(field, year))
    if spec.get("geometry"):
        cols.append("p.geometry")
    source = (YEARS_FROM if year else PROJECTS_FROM).format(selection=selection)
    return f"SELECT {', '.join(cols)} {source} ORDER BY p.id"


def baseline_tables(definition: dict) -> list[dict]:
    """The template tables written as files (year tables nested in a project table are not)."""
    nested = {f["nested"] for t in definition["tables"] for f in t["fields"] if "nested" in f}
    return [t for t in definition["tables"] if t["name"] not in nested]


def pg_source(cfg: Any, dbname: str, actor: str) -> str:
    db = cfg.db
    return f"PG:host={db.host} port={db.port} dbname={dbname} user={db.role(actor)}"


def ogr2ogr(
    definition: dict, fmt: str, pg: str, selection: str, work: Path
) -> tuple[float, Path, dict[str, int]]:
    """Write every table with ogr2ogr (GDB: zipped like ours); seconds, file, rows per table."""
    target = work / f"baseline.{EXTENSIONS[fmt]}"
    started = time.perf_counter()
    for n, spec in enumerate(baseline_tables(definition)):
        command = [
            "ogr2ogr",
            "-f",
            fmt,
            str(target),
            pg,
            "-sql",
            table_sql(definition, spec, selection),
        ]
        command += ["-nln", spec["name"]]
        if n:
            command.append("-update")
        if spec.get("geometry"):
            command += ["-nlt", "MULTIPOLYGON"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"ogr2ogr {spec['name']}: {done.stderr.strip()[-2000:]}")
    if fmt == "OpenFileGDB":
        target = zip_directory(target)
    seconds = time.perf_counter() - started
    return seconds, target, count_rows(target)


def zip_directory(path: Path) -> Path:
    out = path.with_suffix(".gdb.zip")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(path.rglob("*")):
            archive.write(item, Path(path.name) / item.relative_to(path))
    return out


def count_rows(path: Path) -> dict[str, int]:
    """Rows per layer/sheet of a written file, read back with pyogrio (GDAL)."""
    import pyogrio

    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            top = sorted({n.split("/")[0] for n in archive.namelist()})[0]
        source = f"/vsizip/{path}/{top}"
    counts = {}
    for name, _geometry in pyogrio.list_layers(source):
        counts[str(name)] = int(pyogrio.read_info(source, layer=str(name))["features"])
    return counts


@contextlib.contextmanager
def phase_timer(module: Any, names: tuple[str, ...], phases: dict[str, float]) -> Iterator[None]:
    """Time calls of module-level functions of the delivery (restored afterwards)."""
    originals = {name: getattr(module, name) for name in names}

    def timed(name: str, func: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    for name, func in originals.items():
        setattr(module, name, timed(name, func))
    try:
        yield
    finally:
        for name, func in originals.items():
            setattr(module, name, func)


def ours(template: str, url: str, ids: list[str] | None, reference: date, work: Path) -> dict:
    """DeliveryProcessor.execute as the admin viewer; seconds, phases, bytes, or the refusal."""
    from plugins.jobs.context import viewer_scope
    from plugins.processes import delivery
    from plugins.processes import delivery_data

    processor = delivery.DeliveryProcessor(
        {"name": "plugins.processes.delivery.DeliveryProcessor", "template": template, "data": url}
    )
    inputs: dict[str, Any] = {"reference_date": reference.isoformat()}
    if ids is not None:
        inputs["project_ids"] = ids
    phases: dict[str, float] = {}
    started = time.perf_counter()
    try:
        with (
            phase_timer(delivery_data, ("projects",), phases),
            phase_timer(delivery, ("evaluate", "write_file"), phases),
            viewer_scope(ADMIN_VIEWER),
        ):
            media_type, payload = processor.execute(inputs)
    except delivery.DeliveryRefused as refused:
        document = json.loads(refused.args[0])
        return {
            "seconds": round(time.perf_counter() - started, 2),
            "refused": document["message"],
            "errors": document["errors"][:5],
        }
    seconds = time.perf_counter() - started
    suffix = {"application/zip": ".gdb.zip"}.get(media_type, "." + template)
    path = work / f"ours{suffix}"
    path.write_bytes(payload)
    if media_type == "application/geo+json":
        rows = {"features": len(json.loads(payload)["features"])}
    else:
        rows = count_rows(path.rename(path.with_suffix(".xlsx")) if template == "zeeland" else path)
    return {
        "seconds": round(seconds, 2),
        "phases": {k: round(v, 2) for k, v in phases.items()},
        "bytes": len(payload),
        "rows": rows,
    }


def measure(cfg: Any, dbname: str, template: str, projects: int, reference: date) -> dict:
    """One format: ogr2ogr on the same selection, then ours; the ratio of seconds."""
    from plugins.processes import delivery_data

    owner = cfg.db.url("owner", dbname)
    reader = cfg.db.url("reader", dbname)
    with psycopg.connect(owner) as conn:
        definition = delivery_data.template_row(conn, template)
    fmt = FORMATS[template]
    work = Path(tempfile.mkdtemp(prefix=f"bench-{template}-"))
    try:
        selection = selection_sql(projects)
        seconds, path, rows = ogr2ogr(
            definition, fmt, pg_source(cfg, dbname, "reader"), selection, work
        )
        base = {"seconds": round(seconds, 2), "bytes": size_of(path), "rows": rows}
        print(f"  {template:<13} ogr2ogr {fmt:<11} {seconds:7.2f} s  {rows}")
        ids = selected_ids(owner, projects)
        mine = ours(template, reader, ids, reference, work)
        print(f"  {template:<13} ours    {fmt:<11} {mine['seconds']:7.2f} s  "
              f"{mine.get('rows') or mine.get('refused')}  {mine.get('phases', '')}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = round(mine["seconds"] / base["seconds"], 1) if "bytes" in mine else None
    return {"format": fmt, "projects": projects, "ogr2ogr": base, "ours": mine, "ratio": ratio}


def baseline_only(cfg: Any, dbname: str, template: str, projects: int) -> dict:
    """ogr2ogr alone (for the full size, where ours takes too long)."""
    from plugins.processes import delivery_data

    with psycopg.connect(cfg.db.url("owner", dbname)) as conn:
        definition = delivery_data.template_row(conn, template)
    fmt = FORMATS[template]
    work = Path(tempfile.mkdtemp(prefix=f"bench-{template}-"))
    try:
        pg = pg_source(cfg, dbname, "reader")
        seconds, path, rows = ogr2ogr(definition, fmt, pg, selection_sql(projects), work)
        size = size_of(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"  {template:<13} ogr2ogr {fmt:<11} {seconds:7.2f} s  {rows}")
    return {
        "format": fmt,
        "projects": projects,
        "seconds": round(seconds, 2),
        "bytes": size,
        "rows": rows,
    }


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size
