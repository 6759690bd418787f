"""Process-wide connection pools and cached column metadata for the PostGIS provider."""

import threading
from dataclasses import dataclass
from functools import cache

import psycopg
import pyproj
from psycopg import sql
from psycopg_pool import ConnectionPool

_POOLS: dict[str, ConnectionPool] = {}
_SOURCES: dict[tuple[str, str], "Source"] = {}
_LOCK = threading.Lock()

JSON_TYPES = {
    "bool": {"type": "boolean"},
    "int2": {"type": "integer"},
    "int4": {"type": "integer"},
    "int8": {"type": "integer"},
    "numeric": {"type": "number"},
    "float4": {"type": "number"},
    "float8": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "timestamptz": {"type": "string", "format": "date-time"},
    "timestamp": {"type": "string", "format": "date-time"},
    "uuid": {"type": "string", "format": "uuid"},
    "json": {"type": "object"},
    "jsonb": {"type": "object"},
}

COLUMNS_QUERY = """
SELECT a.attname, t.typname, et.typname AS element, t.typcategory,
       col_description(c.oid, a.attnum) AS description
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
WHERE c.oid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""
FUNCTION_QUERY = """
SELECT n, tt.typname, et.typname, tt.typcategory
FROM pg_proc p,
     unnest(p.proargnames, p.proallargtypes::oid[], p.proargmodes::text[]) AS x(n, typ, mode)
JOIN pg_type tt ON tt.oid = x.typ
LEFT JOIN pg_type et ON et.oid = tt.typelem AND tt.typcategory = 'A'
WHERE p.oid = to_regproc(%s) AND x.mode = 't'
"""
ROWTYPE_QUERY = """
SELECT t.typrelid::regclass::text FROM pg_proc p JOIN pg_type t ON t.oid = p.prorettype
WHERE p.oid = to_regproc(%s) AND p.proretset AND t.typrelid <> 0
"""


@dataclass(frozen=True)
class Column:
    name: str
    type_name: str
    element: str | None
    description: str | None

    @property
    def schema(self) -> dict:
        """The JSON Schema of this column, as pygeoapi's get_fields() expects it."""
        if self.element:
            return {"type": "array", "items": JSON_TYPES.get(self.element, {"type": "string"})}
        return dict(JSON_TYPES.get(self.type_name, {"type": "string"}))


@dataclass(frozen=True)
class Source:
    """A published table, view or table function, with its columns and geometry column."""

    name: str
    is_function: bool
    columns: tuple[Column, ...]
    geometry: str | None

    def relation_sql(self, reference_date: sql.Composable) -> sql.Composable:
        """The FROM item: the function called at a reference date, or the relation itself."""
        target = sql.Identifier(*self.name.split("."))
        if self.is_function:
            return sql.SQL("{}({}::date)").format(target, reference_date)
        return target


def _read_only(conn: psycopg.Connection) -> None:
    """Every transaction of the feed pool is read-only (BEGIN READ ONLY, no extra round trip)."""
    conn.read_only = True


def get_pool(dsn: str) -> ConnectionPool:
    """The one pool of this process for a DSN (opened on first use)."""
    pool = _POOLS.get(dsn)
    if pool is None:
        with _LOCK:
            pool = _POOLS.get(dsn)
            if pool is None:
                pool = ConnectionPool(
                    dsn,
                    min_size=1,
                    max_size=8,
                    open=True,
                    name="diwi-postgis",
                    kwargs={"application_name": "diwi-pygeoapi"},
                    configure=_read_only,
                )
                _POOLS[dsn] = pool
    return pool


def get_source(dsn: str, name: str, geom_field: str | None = None) -> Source:
    """Column metadata of a table, view or function, read once per process and cached."""
    key = (dsn, name)
    if key not in _SOURCES:
        with get_pool(dsn).connection() as conn:
            rows = conn.execute(FUNCTION_QUERY, (name,)).fetchall()
            rowtype = None if rows else conn.execute(ROWTYPE_QUERY, (name,)).fetchone()
            is_function = bool(rows) or rowtype is not None
            comments = _comments(conn, name)
            if not rows:
                relation = rowtype[0] if rowtype else name
                rows = [r[:4] for r in conn.execute(COLUMNS_QUERY, (relation,)).fetchall()]
        if not rows:
            raise LookupError(f"no table, view or table function {name!r}")
        columns = tuple(Column(n, t, e, comments.get(n)) for n, t, e, _cat in rows)
        geometry = geom_field or next((c.name for c in columns if c.type_name == "geometry"), None)
        _SOURCES[key] = Source(name, is_function, columns, geometry)
    return _SOURCES[key]


def _comments(conn: object, name: str) -> dict[str, str]:
    """Column comments of the relation, or for a function NAME_at, of the view NAME."""
    relation = name.removesuffix("_at")
    rows = conn.execute(COLUMNS_QUERY, (relation,)).fetchall()
    return {row[0]: row[4] for row in rows if row[4]}


@dataclass(frozen=True)
class OutputCrs:
    srid: int
    flip_axes: bool
    precision: int


@cache
def output_crs(uri: str) -> OutputCrs:
    """SRID, axis order and coordinate precision (8 decimals for degrees, 3 for metres) of a CRS."""
    crs = pyproj.CRS.from_user_input(uri)
    srid = 4326 if "CRS84" in uri else int(crs.to_epsg() or 0)
    if not srid:
        raise ValueError(f"CRS {uri} has no EPSG code")
    first_axis = crs.axis_info[0].direction.lower() if crs.axis_info else "east"
    flip = "CRS84" not in uri and first_axis in ("north", "south")
    return OutputCrs(srid, flip, 8 if crs.is_geographic else 3)


def close_pools() -> None:
    """Close every pool of this process and forget cached metadata (tests, shutdown)."""
    with _LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()
        _SOURCES.clear()
