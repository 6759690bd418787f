"""SQL fragments of the PostGIS provider: GeoJSON built in the database, filters, dates."""

import datetime as dt
from collections.abc import Sequence

from psycopg import sql
from pygeoapi.provider.base import ProviderInvalidQueryError

from plugins.providers.catalog import Column
from plugins.providers.catalog import OutputCrs

MAX_PAIRS = 50  # json_build_object takes at most 100 arguments


def properties_json(columns: Sequence[Column]) -> sql.Composable:
    """A json object of the given columns of row t, chunked past PostgreSQL's argument limit."""
    if not columns:
        return sql.SQL("'{}'::json")
    chunks = [
        sql.SQL(", ").join(
            sql.SQL("{}, t.{}").format(sql.Literal(c.name), sql.Identifier(c.name))
            for c in columns[start : start + MAX_PAIRS]
        )
        for start in range(0, len(columns), MAX_PAIRS)
    ]
    if len(chunks) == 1:
        return sql.SQL("json_build_object({})").format(chunks[0])
    merged = sql.SQL(" || ").join(sql.SQL("jsonb_build_object({})").format(c) for c in chunks)
    return sql.SQL("({})::json").format(merged)


def geometry_json(geometry: str | None, storage_srid: int, out: OutputCrs) -> sql.Composable:
    """ST_AsGeoJSON of row t's geometry in the output CRS and axis order (NULL without geometry)."""
    if geometry is None:
        return sql.SQL("NULL::json")
    expr: sql.Composable = sql.SQL("t.{}").format(sql.Identifier(geometry))
    if out.srid != storage_srid:
        expr = sql.SQL("ST_Transform({}, {})").format(expr, sql.Literal(out.srid))
    if out.flip_axes:
        expr = sql.SQL("ST_FlipCoordinates({})").format(expr)
    return sql.SQL("ST_AsGeoJSON({}, {})::json").format(expr, sql.Literal(out.precision))


def feature_json(id_field: str, props: sql.Composable, geom: sql.Composable) -> sql.Composable:
    """One GeoJSON Feature of row t."""
    return sql.SQL(
        "json_build_object('type', 'Feature', 'id', t.{}, 'geometry', {}, 'properties', {})"
    ).format(sql.Identifier(id_field), geom, props)


def envelope(bbox: Sequence[float], bbox_srid: int, storage_srid: int) -> sql.Composable:
    """The bbox as a polygon in the storage CRS, transformed once (a constant for the planner)."""
    if len(bbox) == 6:
        bbox = [bbox[0], bbox[1], bbox[3], bbox[4]]
    if len(bbox) != 4:
        raise ProviderInvalidQueryError(user_msg="bbox needs 4 or 6 numbers")
    corners = [sql.Literal(float(v)) for v in bbox]
    made = sql.SQL("ST_MakeEnvelope({}, {}, {}, {}, {})").format(*corners, sql.Literal(bbox_srid))
    if bbox_srid == storage_srid:
        return made
    return sql.SQL("ST_Transform({}, {})").format(made, sql.Literal(storage_srid))


def spatial_prefilter(index: dict, id_field: str, area: sql.Composable) -> sql.Composable:
    """id IN (ids whose indexed geometry touches the area): lets the GiST index narrow the rows.

    ``index`` comes from the provider options, either ``function``: a set-returning function of
    the area (EPSG storage CRS) giving the ids, or ``table``, ``key``, ``geometry`` and optionally
    ``open_column`` (only rows where it IS NULL, matching a partial index); ``column`` is the
    row's column matched against the ids, default the id field. It must select a superset of the
    rows. A function's ids come as ``= ANY (ARRAY(...))``: an array computed once, which the
    planner can use on a primary key even under row-level security, where PostGIS operators
    (not leakproof) cannot use a GiST index (ADR 0009).
    """
    column = sql.Identifier(index.get("column", id_field))
    if index.get("function"):
        return sql.SQL("t.{} = ANY (ARRAY(SELECT {}({})))").format(
            column, sql.Identifier(*index["function"].split(".")), area
        )
    where = sql.SQL("i.{} && {}").format(sql.Identifier(index["geometry"]), area)
    if index.get("open_column"):
        where = sql.SQL("{} AND i.{} IS NULL").format(where, sql.Identifier(index["open_column"]))
    return sql.SQL("t.{} IN (SELECT i.{} FROM {} i WHERE {})").format(
        column,
        sql.Identifier(index["key"]),
        sql.Identifier(*index["table"].split(".")),
        where,
    )


def parse_date(text: str) -> dt.date | None:
    """A calendar date from an RFC 3339 date or date-time ('..' or '' for an open end)."""
    text = text.strip()
    if text in ("", ".."):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as err:
        raise ProviderInvalidQueryError(user_msg=f"Invalid datetime {text!r}") from err


def reference_period(
    datetime_: str | None,
) -> tuple[sql.Composable, dt.date | None, dt.date | None]:
    """The reference date to read at, plus the interval bounds to overlap (None: unbounded).

    A single date is read as is. An interval a/b is read at b; with an open end at
    greatest(a, current_date).
    """
    if not datetime_:
        return sql.SQL("current_date"), None, None
    if "/" not in datetime_:
        day = parse_date(datetime_)
        if day is None:
            raise ProviderInvalidQueryError(user_msg="datetime '..' needs an interval")
        return sql.Literal(day), None, None
    low_text, high_text = datetime_.split("/", 1)
    low, high = parse_date(low_text), parse_date(high_text)
    if low and high and low > high:
        raise ProviderInvalidQueryError(user_msg="datetime interval ends before it starts")
    if high is not None:
        return sql.Literal(high), low, high
    if low is not None:
        return sql.SQL("greatest({}::date, current_date)").format(sql.Literal(low)), low, None
    return sql.SQL("current_date"), None, None


def overlap(
    start: str, end: str, low: dt.date | None, high: dt.date | None
) -> list[sql.Composable]:
    """Conditions: the row's [start, end) period overlaps the closed interval [low, high]."""
    conditions = []
    if high is not None:
        conditions.append(
            sql.SQL("coalesce(t.{} <= {}, true)").format(sql.Identifier(start), sql.Literal(high))
        )
    if low is not None:
        conditions.append(
            sql.SQL("coalesce(t.{} > {}, true)").format(sql.Identifier(end), sql.Literal(low))
        )
    return conditions
