"""Translate a pygeofilter CQL2 AST into parameterised PostgreSQL/PostGIS SQL."""

import datetime as dt
import json
from collections.abc import Callable
from collections.abc import Mapping

from psycopg import sql
from pygeoapi.provider.base import ProviderInvalidQueryError
from pygeofilter import ast
from pygeofilter import values

COMPARISONS = {
    ast.Equal: "=",
    ast.NotEqual: "<>",
    ast.LessThan: "<",
    ast.LessEqual: "<=",
    ast.GreaterThan: ">",
    ast.GreaterEqual: ">=",
}
SPATIAL = {
    ast.GeometryIntersects: "ST_Intersects",
    ast.GeometryDisjoint: "ST_Disjoint",
    ast.GeometryContains: "ST_Contains",
    ast.GeometryWithin: "ST_Within",
    ast.GeometryTouches: "ST_Touches",
    ast.GeometryCrosses: "ST_Crosses",
    ast.GeometryOverlaps: "ST_Overlaps",
    ast.GeometryEquals: "ST_Equals",
}
FUNCTIONS = {"lower": "lower", "upper": "upper"}  # casei() arrives as lower()


class CqlTranslator:
    """Turns one filter tree into an SQL condition over a row alias, validating attribute names."""

    def __init__(self, columns: Mapping[str, str], geometry: str | None, storage_srid: int) -> None:
        """Columns maps each queryable name to its PostgreSQL type name."""
        self.columns = columns
        self.geometry = geometry
        self.storage_srid = storage_srid
        self.handlers: dict[type, Callable[[ast.Node], sql.Composable]] = {
            ast.And: self._combination,
            ast.Or: self._combination,
            ast.Not: self._not,
            ast.Between: self._between,
            ast.Like: self._like,
            ast.In: self._in,
            ast.IsNull: self._is_null,
            ast.BBox: self._bbox,
            ast.Include: lambda node: sql.SQL("false" if node.not_ else "true"),
        }

    def translate(self, node: ast.Node) -> sql.Composable:
        """The SQL condition of a filter node; raises ProviderInvalidQueryError when unsupported."""
        kind = type(node)
        if kind in self.handlers:
            return self.handlers[kind](node)
        if kind in COMPARISONS:
            op = sql.SQL(COMPARISONS[kind])
            return sql.SQL("({} {} {})").format(self.value(node.lhs), op, self.value(node.rhs))
        if kind in SPATIAL:
            func = sql.SQL(SPATIAL[kind])
            return sql.SQL("{}({}, {})").format(func, self.value(node.lhs), self.value(node.rhs))
        raise ProviderInvalidQueryError(user_msg=f"Unsupported filter operation {kind.__name__}")

    def _combination(self, node: ast.Combination) -> sql.Composable:
        op = sql.SQL(" AND " if isinstance(node, ast.And) else " OR ")
        return sql.SQL("({})").format(op.join([self.translate(node.lhs), self.translate(node.rhs)]))

    def _not(self, node: ast.Not) -> sql.Composable:
        return sql.SQL("(NOT {})").format(self.translate(node.sub_node))

    def _between(self, node: ast.Between) -> sql.Composable:
        neg = sql.SQL("NOT " if node.not_ else "")
        return sql.SQL("({} {}BETWEEN {} AND {})").format(
            self.value(node.lhs), neg, self.value(node.low), self.value(node.high)
        )

    def _like(self, node: ast.Like) -> sql.Composable:
        pattern = _like_pattern(node)
        op = sql.SQL(("NOT " if node.not_ else "") + ("ILIKE" if node.nocase else "LIKE"))
        return sql.SQL("({}::text {} {})").format(self.value(node.lhs), op, sql.Literal(pattern))

    def _in(self, node: ast.In) -> sql.Composable:
        neg = sql.SQL("NOT " if node.not_ else "")
        items = sql.SQL(", ").join(self.value(item) for item in node.sub_nodes)
        return sql.SQL("({} {}IN ({}))").format(self.value(node.lhs), neg, items)

    def _is_null(self, node: ast.IsNull) -> sql.Composable:
        neg = sql.SQL("NOT " if node.not_ else "")
        return sql.SQL("({} IS {}NULL)").format(self.value(node.lhs), neg)

    def _bbox(self, node: ast.BBox) -> sql.Composable:
        srid = _srid_of(node.crs) if node.crs else self.storage_srid
        envelope = sql.SQL("ST_Transform(ST_MakeEnvelope({}, {}, {}, {}, {}), {})").format(
            *(sql.Literal(float(v)) for v in (node.minx, node.miny, node.maxx, node.maxy)),
            sql.Literal(srid),
            sql.Literal(self.storage_srid),
        )
        return sql.SQL("ST_Intersects({}, {})").format(self.value(node.lhs), envelope)

    def value(self, node: object) -> sql.Composable:
        """The SQL of an operand: a checked column, a whitelisted function or a bound literal."""
        if isinstance(node, ast.Attribute):
            return self.attribute(node.name)
        if isinstance(node, ast.Function) and node.name.lower() in FUNCTIONS:
            args = sql.SQL(", ").join(self.value(arg) for arg in node.arguments)
            return sql.SQL("{}({})").format(sql.SQL(FUNCTIONS[node.name.lower()]), args)
        if isinstance(node, values.Geometry | values.Envelope):
            return self._geometry_literal(node.geometry)
        if isinstance(node, ast.Node | values.Interval):
            raise ProviderInvalidQueryError(user_msg=f"Unsupported filter operand {node!r}")
        if isinstance(node, dt.datetime | dt.date | str | int | float | bool) or node is None:
            return sql.Literal(node)
        raise ProviderInvalidQueryError(user_msg=f"Unsupported filter value {node!r}")

    def attribute(self, name: str) -> sql.Composable:
        """A column identifier; unknown or hidden names are a client error."""
        if name == self.geometry or name in self.columns:
            return sql.SQL("t.{}").format(sql.Identifier(name))
        raise ProviderInvalidQueryError(user_msg=f"Unknown property in filter: {name}")

    def _geometry_literal(self, geometry: dict) -> sql.Composable:
        crs_name = geometry.get("crs", {}).get("properties", {}).get("name")
        srid = _srid_of(crs_name) if crs_name else 4326
        plain = {k: v for k, v in geometry.items() if k != "crs"}
        return sql.SQL("ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON({}), {}), {})").format(
            sql.Literal(json.dumps(plain)), sql.Literal(srid), sql.Literal(self.storage_srid)
        )


def _like_pattern(node: ast.Like) -> str:
    """Rewrite a CQL2 LIKE pattern to PostgreSQL's % and _ wildcards with backslash escapes."""
    out = []
    escaped = False
    for char in str(node.pattern):
        if escaped:
            out.append("\\" + char if char in "%_\\" else char)
            escaped = False
        elif char == node.escapechar:
            escaped = True
        elif char == node.wildcard:
            out.append("%")
        elif char == node.singlechar:
            out.append("_")
        else:
            out.append("\\" + char if char in "%_\\" else char)
    return "".join(out)


def _srid_of(crs: str) -> int:
    """The EPSG code of a CRS URI or URN such as urn:ogc:def:crs:EPSG::28992 (CRS84 → 4326)."""
    if "CRS84" in crs:
        return 4326
    try:
        return int(crs.rstrip("/").replace("::", ":").split(":")[-1].split("/")[-1])
    except ValueError as err:
        raise ProviderInvalidQueryError(user_msg=f"Unsupported CRS {crs}") from err
