"""The plan-capacity density raster as an OGC API Process: dwellings per hectare as a COG.

Config (pygeoapi-config.yml)::

    plan-capacity-density:
      type: process
      processor:
        name: plugins.processes.density.DensityProcessor
        data: ${DIWI_READER_DATABASE_URL}

The net plan capacity of every project the viewer COUNTS (counted, not only visible, because a
raster is an aggregate): a visible project's is spread over its plan area in proportion to the area
of each cell it covers (publication.projects_at); a counted project the viewer may not see adds its
whole net capacity to the cell of its point (publication.dashboard_capacity_points, which never
gives its plan area). A cell holding a project the viewer may not see is blanked (nodata) unless it
holds at least k such projects (k = the municipality's dashboard_min_bucket), so a confidential
project cannot be singled out, not even by subtracting the visible ones; empty cells are nodata
too, so a blanked cell looks like an empty one.
The web app's public download (/openbaar/<code>/dichtheid.tif) calls ``density_cog`` as anonymous.
"""

import logging
import math
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import rasterio
import rasterio.shutil
from psycopg.types.json import Jsonb
from pygeoapi.process.base import BaseProcessor
from pygeoapi.process.base import ProcessorExecuteError
from rasterio.transform import from_origin

from plugins.jobs import store
from plugins.jobs.context import current_viewer
from plugins.jobs.context import report_progress
from plugins.jobs.context import set_result_file_name
from plugins.processes.inputs import parse_date
from plugins.providers.catalog import get_pool

LOGGER = logging.getLogger(__name__)
MEDIA_TYPE = "image/tiff; application=geotiff; profile=cloud-optimized"
NODATA = -9999.0
DEFAULT_CELL_SIZE = 100.0
CELL_SIZE_RANGE = (10.0, 5000.0)
MAX_CELLS = 16_000_000
INPUT_KEYS = {"municipality_code", "region_code", "reference_date", "cell_size"}
MUNICIPALITY_RE = re.compile(r"^GM\d{4}$")
REGION_RE = re.compile(r"^[A-Za-z0-9_]{1,40}$")
# Visible projects spread over their plan area (the viewer may see it); the counted projects the
# viewer may not see only as the cell-centre points publication.dashboard_capacity_points gives.
VISIBLE_SQL = (
    "SELECT geometry, net_plan_capacity AS net, true AS visible "
    "FROM publication.projects_at(%(day)s) "
    "WHERE municipality_code = %(filters)s ->> 'municipality_code' AND geometry IS NOT NULL"
)
HIDDEN_SQL = (
    "SELECT geometry, net_dwellings AS net, false AS visible "
    "FROM publication.dashboard_capacity_points(%(day)s, %(filters)s, %(size)s) WHERE NOT visible"
)
CELLS_SQL = """
WITH src AS (
    SELECT row_number() OVER () AS n, p.geometry AS geom, p.net::float8 AS net, p.visible
    FROM ({points}) p
    WHERE p.geometry IS NOT NULL AND coalesce(p.net, 0) <> 0
), parts AS (
    SELECT s.n, s.visible, g.i, g.j,
           s.net * ST_Area(ST_Intersection(g.geom, s.geom)) / ST_Area(s.geom) AS amount
    FROM src s CROSS JOIN LATERAL ST_SquareGrid(%(size)s, s.geom) g
    WHERE ST_Area(s.geom) > 0 AND ST_Intersects(g.geom, s.geom)
    UNION ALL
    SELECT s.n, s.visible, floor(ST_X(c.pt) / %(size)s)::int, floor(ST_Y(c.pt) / %(size)s)::int,
           s.net
    FROM src s CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.geom) AS pt) c
    WHERE NOT ST_Area(s.geom) > 0
)
SELECT i, j, sum(amount)::float8, count(DISTINCT n)::int,
       count(DISTINCT n) FILTER (WHERE NOT visible)::int
FROM parts WHERE amount <> 0 GROUP BY i, j
"""
BOUNDS_SQL = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(boundary)::geometry AS e FROM ref.municipality WHERE code = ANY(%s)) x
WHERE e IS NOT NULL
"""


def _text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


PROCESS_METADATA: dict[str, Any] = {
    "version": "1.0.0",
    "id": "plan-capacity-density",
    "title": _text("Dichtheid plancapaciteit", "Plan-capacity density"),
    "description": _text(
        "Netto plancapaciteit (woningen per hectare) van een gemeente of woonregio op een "
        "peildatum als Cloud-Optimized GeoTIFF (EPSG:28992), verdeeld over de plangebieden. "
        "Cellen waarin een project ligt dat u niet mag zien, zijn leeg tenzij er minstens k "
        "zulke projecten in liggen.",
        "Net plan capacity (dwellings per hectare) of a municipality or housing region at a "
        "reference date as a Cloud-Optimized GeoTIFF (EPSG:28992), spread over the plan areas. "
        "Cells holding a project you may not see are blank unless they hold at least k such "
        "projects.",
    ),
    "jobControlOptions": ["sync-execute", "async-execute"],
    "keywords": ["plancapaciteit", "dichtheid", "raster", "COG", "woningbouw"],
    "links": [],
    "inputs": {
        "municipality_code": {
            "title": _text("Gemeente", "Municipality"),
            "description": _text(
                "CBS-code (GM0000); standaard uw eigen gemeente.",
                "CBS code (GM0000); default your own municipality.",
            ),
            "schema": {"type": "string", "pattern": MUNICIPALITY_RE.pattern},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
        "region_code": {
            "title": _text("Woonregio", "Housing region"),
            "description": _text(
                "In plaats van een gemeente: alle gemeenten van de regio.",
                "Instead of a municipality: every municipality of the region.",
            ),
            "schema": {"type": "string"},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
        "reference_date": {
            "title": _text("Peildatum", "Reference date"),
            "description": _text("Standaard vandaag.", "Default today."),
            "schema": {"type": "string", "format": "date"},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
        "cell_size": {
            "title": _text("Celgrootte (m)", "Cell size (m)"),
            "description": _text("Standaard 100 m.", "Default 100 m."),
            "schema": {"type": "number", "minimum": CELL_SIZE_RANGE[0], "default": 100},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
    },
    "outputs": {
        "raster": {
            "title": _text("Dichtheidsraster", "Density raster"),
            "schema": {
                "type": "string",
                "contentEncoding": "binary",
                "contentMediaType": MEDIA_TYPE,
            },
        }
    },
    "example": {"inputs": {"municipality_code": "GM0200", "cell_size": 100}},
}


@dataclass
class Area:
    """What the raster covers: one municipality or the municipalities of a region."""

    kind: str  # "municipality" | "region"
    code: str
    municipality_codes: list[str]


@dataclass
class Raster:
    """The COG and the numbers behind it (also written as GeoTIFF metadata tags)."""

    data: bytes
    net_total: float
    net_shown: float
    cells_blanked: int
    min_projects: int
    width: int
    height: int


def parse_cell_size(value: Any) -> float:
    if value in (None, ""):
        return DEFAULT_CELL_SIZE
    try:
        size = float(value)
    except (TypeError, ValueError) as err:
        raise ProcessorExecuteError(user_msg=f"cell_size {value!r} is geen getal.") from err
    low, high = CELL_SIZE_RANGE
    if not math.isfinite(size) or not low <= size <= high:
        raise ProcessorExecuteError(user_msg=f"cell_size moet tussen {low:g} en {high:g} m liggen.")
    return size


def parse_inputs(data: Any) -> dict[str, Any]:
    """Validated inputs (Dutch messages on bad input, answered with HTTP 400)."""
    if not isinstance(data, dict):
        raise ProcessorExecuteError(user_msg="De invoer moet een object zijn.")
    unknown = sorted(set(data) - INPUT_KEYS)
    if unknown:
        raise ProcessorExecuteError(user_msg=f"Onbekende invoer: {', '.join(unknown)}.")
    municipality, region = data.get("municipality_code"), data.get("region_code")
    if municipality and region:
        raise ProcessorExecuteError(user_msg="Geef municipality_code of region_code, niet allebei.")
    if municipality and not (isinstance(municipality, str) and MUNICIPALITY_RE.match(municipality)):
        raise ProcessorExecuteError(user_msg=f"{municipality!r} is geen CBS-gemeentecode (GM0000).")
    if region and not (isinstance(region, str) and REGION_RE.match(region)):
        raise ProcessorExecuteError(user_msg=f"{region!r} is geen regiocode.")
    return {
        "municipality_code": municipality or None,
        "region_code": region or None,
        "reference_date": parse_date(data.get("reference_date")),
        "cell_size": parse_cell_size(data.get("cell_size")),
    }


def resolve_area(
    conn: psycopg.Connection, municipality: str | None, region: str | None, viewer: dict | None
) -> Area:
    """The area asked for, else the viewer's own municipality or region."""
    viewer = viewer or {}
    if not municipality and not region:
        municipality = viewer.get("municipality_code")
        region = None if municipality else viewer.get("region_code")
    if municipality:
        found = conn.execute("SELECT 1 FROM ref.municipality WHERE code = %s", (municipality,))
        if found.fetchone() is None:
            raise ProcessorExecuteError(user_msg=f"Onbekende gemeente {municipality}.")
        return Area("municipality", municipality, [municipality])
    if region:
        codes = [
            r[0]
            for r in conn.execute(
                "SELECT code FROM ref.municipality WHERE region_code = %s ORDER BY code", (region,)
            )
        ]
        if not codes:
            raise ProcessorExecuteError(user_msg=f"Onbekende regio {region}.")
        return Area("region", region, codes)
    raise ProcessorExecuteError(user_msg="Geef municipality_code of region_code.")


def min_projects(conn: psycopg.Connection, day: date, municipality: str) -> int:
    """k of the municipality as publication.dashboard reports it (3 when not available)."""
    conn.execute("SAVEPOINT min_bucket")
    try:
        result = conn.execute(
            "SELECT publication.dashboard('capacity', %s, %s)",
            (day, Jsonb({"municipality_code": municipality})),
        ).fetchone()[0]
    except psycopg.Error:
        conn.execute("ROLLBACK TO SAVEPOINT min_bucket")
        return 3
    conn.execute("RELEASE SAVEPOINT min_bucket")
    return int((result or {}).get("min_bucket") or 3)


def cell_rows(
    conn: psycopg.Connection, area: Area, day: date, size: float
) -> tuple[list[tuple], int]:
    """(i, j, net amount, projects, hidden projects) per grid cell, and k (largest of the area)."""
    sql = CELLS_SQL.format(points=f"{VISIBLE_SQL} UNION ALL {HIDDEN_SQL}")
    rows: dict[tuple[int, int], list] = {}
    k = 3
    for code in area.municipality_codes:
        k = max(k, min_projects(conn, day, code))
        params = {"day": day, "filters": Jsonb({"municipality_code": code}), "size": size}
        for i, j, amount, projects, hidden in conn.execute(sql, params):
            cell = rows.setdefault((i, j), [i, j, 0.0, 0, 0])
            cell[2] += amount
            cell[3] += projects
            cell[4] += hidden
    return [tuple(c) for c in rows.values()], k


def grid_bounds(
    conn: psycopg.Connection, area: Area, cells: list[tuple], size: float
) -> tuple[int, int, int, int]:
    """Cell index bounds (imin, jmin, imax, jmax) covering the area's boundary and every cell."""
    i_values = [c[0] for c in cells]
    j_values = [c[1] for c in cells]
    row = conn.execute(BOUNDS_SQL, (area.municipality_codes,)).fetchone()
    if row is not None:
        i_values += [math.floor(row[0] / size), math.floor(row[2] / size)]
        j_values += [math.floor(row[1] / size), math.floor(row[3] / size)]
    if not i_values:  # nothing to show and no boundary: one block at the RD origin of the area
        i_values, j_values = [0, 31], [0, 31]
    imin, imax, jmin, jmax = min(i_values), max(i_values), min(j_values), max(j_values)
    if (imax - imin + 1) * (jmax - jmin + 1) > MAX_CELLS:
        raise ProcessorExecuteError(user_msg="Te veel cellen: kies een grotere celgrootte.")
    return imin, jmin, imax, jmax


def block_size(width: int, height: int) -> int:
    """The COG tile size: the largest power of two (16-256) below the raster's larger side, so
    GDAL writes at least one overview level."""
    longest = max(width, height)
    size = 256
    while size > 16 and size >= longest:
        size //= 2
    return size


def write_cog(values: np.ndarray, left: float, top: float, size: float, tags: dict) -> bytes:
    """A float32 COG in EPSG:28992 (deflate, tiled, AVERAGE overviews) with DIWI tags."""
    height, width = values.shape
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:28992",
        "transform": from_origin(left, top, size, size),
        "nodata": NODATA,
    }
    with tempfile.TemporaryDirectory(prefix="diwi-density-") as work:
        plain, cog = Path(work) / "plain.tif", Path(work) / "density.tif"
        with rasterio.open(plain, "w", **profile) as dataset:
            dataset.write(values.astype("float32"), 1)
            dataset.update_tags(**{k: str(v) for k, v in tags.items()})
            dataset.set_band_description(1, "netto plancapaciteit (woningen per hectare)")
            dataset.update_tags(1, unit="dwellings/ha")
        rasterio.shutil.copy(
            plain,
            cog,
            driver="COG",
            BLOCKSIZE=block_size(width, height),
            COMPRESS="DEFLATE",
            PREDICTOR="YES",
            OVERVIEW_RESAMPLING="AVERAGE",
            RESAMPLING="AVERAGE",
        )
        return cog.read_bytes()


def density_cog(conn: psycopg.Connection, area: Area, day: date, size: float) -> Raster:
    """The density raster of the area as the viewer already set on conn counts and sees it."""
    cells, k = cell_rows(conn, area, day, size)
    imin, jmin, imax, jmax = grid_bounds(conn, area, cells, size)
    width, height = imax - imin + 1, jmax - jmin + 1
    values = np.full((height, width), NODATA, dtype="float64")
    hectares = size * size / 10_000
    total = shown = 0.0
    blanked = 0
    for i, j, amount, _projects, hidden in cells:
        total += amount
        if 0 < hidden < k:
            blanked += 1
            continue
        values[jmax - j, i - imin] = amount / hectares
        shown += amount
    tags = {
        "DIWI_AREA": f"{area.kind}:{area.code}",
        "DIWI_REFERENCE_DATE": day.isoformat(),
        "DIWI_UNIT": "net plan capacity, dwellings per hectare",
        "DIWI_CELL_SIZE_M": f"{size:g}",
        "DIWI_NET_TOTAL": f"{total:.3f}",
        "DIWI_NET_SHOWN": f"{shown:.3f}",
        "DIWI_CELLS_BLANKED": blanked,
        "DIWI_MIN_PROJECTS": k,
    }
    data = write_cog(values, imin * size, (jmax + 1) * size, size, tags)
    return Raster(data, total, shown, blanked, k, width, height)


def file_name(area: Area, day: date) -> str:
    return f"dichtheid-{area.code}-{day.isoformat()}.tif"


class DensityProcessor(BaseProcessor):
    """Net plan capacity per hectare of a municipality or region, as the requesting viewer."""

    def __init__(self, processor_def: dict) -> None:
        self.dsn = str(processor_def["data"])
        super().__init__(processor_def, PROCESS_METADATA)

    def execute(self, data: dict, outputs: dict | None = None) -> tuple[str, bytes]:
        inputs = parse_inputs(data or {})
        viewer = current_viewer()
        report_progress(10, "Plancapaciteit per cel berekenen")
        with get_pool(self.dsn).connection() as conn, conn.transaction():
            store.set_viewer(conn, viewer or {})
            area = resolve_area(conn, inputs["municipality_code"], inputs["region_code"], viewer)
            raster = density_cog(conn, area, inputs["reference_date"], inputs["cell_size"])
        set_result_file_name(file_name(area, inputs["reference_date"]))
        LOGGER.info(
            "plan-capacity-density %s: %dx%d cells, %d blanked",
            area.code,
            raster.width,
            raster.height,
            raster.cells_blanked,
        )
        return MEDIA_TYPE, raster.data

    def __repr__(self) -> str:
        return "<DensityProcessor> plan-capacity-density"
