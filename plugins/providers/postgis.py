"""Fast pygeoapi feature provider for DIWI's publication functions, GeoJSON built in PostGIS.

Viewer contract: when a Flask request context exists (``flask.has_request_context()``), the
provider reads ``flask.request.environ.get("diwi.viewer")``, a dict with the keys ``role``,
``municipality_code``, ``region_code``, ``province_code``, ``group_ids`` (list of uuids) and
``user_id``, put there by the web app after authentication. It calls ``plan.set_viewer(...)``
with those values in the same transaction as the query, so the publication functions filter
rows for that viewer. Without a request context or without the key the viewer is anonymous
(``plan.set_viewer('anonymous')``): only public projects.

Config (provider block): ``data`` is a libpq DSN, ``table`` a table function taking a reference
date (``publication.projects_at``) or a plain table/view; ``id_field`` (default ``id``);
``hidden_fields`` (always also ``confidentiality_rank`` and ``owner_group_ids``);
``time_field`` / ``options.end_time_field`` (default ``start_date`` / ``end_date``);
``options.spatial_index`` ({function} or {table, key, geometry, open_column}, and ``column``) for
a GiST pre-filter (see ``sqlbuild.spatial_prefilter``).
The FeatureCollection is one json value from PostgreSQL, parsed with orjson into the dict that
pygeoapi requires (pygeoapi then serialises it once more with stdlib json; measured cheap).
"""

import uuid
from typing import Any

import flask
import orjson
import psycopg
from psycopg import sql
from pygeoapi.crs import DEFAULT_STORAGE_CRS
from pygeoapi.provider.base import BaseProvider
from pygeoapi.provider.base import ProviderConnectionError
from pygeoapi.provider.base import ProviderInvalidQueryError
from pygeoapi.provider.base import ProviderItemNotFoundError
from pygeoapi.provider.base import ProviderQueryError

from plugins.providers import sqlbuild
from plugins.providers.catalog import Column
from plugins.providers.catalog import get_pool
from plugins.providers.catalog import get_source
from plugins.providers.catalog import output_crs
from plugins.providers.cql import CqlTranslator

ALWAYS_HIDDEN = frozenset({"confidentiality_rank", "owner_group_ids"})
VIEWER_KEYS = ("role", "municipality_code", "region_code", "province_code")
SET_VIEWER = "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[], %s::uuid)"
# data exceptions (class 22) and type errors from a filter value of the wrong type: bad input
CLIENT_ERRORS = ("42883", "42804", "42725")
_ITEM_STATEMENTS: dict[tuple, str] = {}  # composed once per process: composing costs ~0.4 ms


def current_viewer() -> dict[str, Any] | None:
    """The viewer the web app put in the WSGI environ, or None (anonymous)."""
    if not flask.has_request_context():
        return None
    return flask.request.environ.get("diwi.viewer")


class PostGISProvider(BaseProvider):
    def __init__(self, provider_def: dict) -> None:
        """Cheap per request: pools and column metadata are cached per process."""
        super().__init__(provider_def)
        self.dsn = str(self.data)
        self.id_field = self.id_field or "id"
        try:
            self.source = get_source(
                self.dsn, provider_def["table"], provider_def.get("geom_field")
            )
        except psycopg.OperationalError as err:
            raise ProviderConnectionError(user_msg="database unavailable") from err
        hidden = ALWAYS_HIDDEN | set(provider_def.get("hidden_fields", []))
        self.columns = [c for c in self.source.columns if c.name not in hidden]
        self.geom_field = self.source.geometry
        names = {c.name for c in self.columns}
        self.time_field = self.time_field or ("start_date" if "start_date" in names else None)
        self.end_time_field = self.options.get("end_time_field") if self.options else None
        self.end_time_field = self.end_time_field or ("end_date" if "end_date" in names else None)
        self.storage_crs_uri = provider_def.get("storage_crs", DEFAULT_STORAGE_CRS)
        self.storage_srid = output_crs(self.storage_crs_uri).srid
        self._fields = self.get_fields()

    def get_fields(self) -> dict:
        fields = {}
        for column in self.columns:
            if column.name == self.geom_field:
                continue
            fields[column.name] = column.schema
            if column.description:
                fields[column.name]["description"] = column.description
        return fields

    def query(
        self,
        offset: int = 0,
        limit: int = 10,
        resulttype: str = "results",
        bbox: list | None = None,
        datetime_: str | None = None,
        properties: list | None = None,
        sortby: list | None = None,
        select_properties: list | None = None,
        skip_geometry: bool = False,
        filterq: Any = None,
        crs_transform_spec: Any = None,
        **kwargs: Any,
    ) -> dict:
        """A FeatureCollection dict; bbox is in the storage CRS unless bbox_crs (a URI) is given."""
        reference, conditions = self._conditions(
            bbox or [], kwargs.get("bbox_crs"), datetime_, properties or [], filterq
        )
        where = sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("true")
        source = sql.SQL("SELECT * FROM {} t WHERE {}").format(
            self.source.relation_sql(reference), where
        )
        count = sql.SQL("SELECT count(*) FROM ({}) t").format(source)
        if resulttype == "hits":
            matched = self._run(lambda conn: conn.execute(count).fetchone()[0])
            return {
                "type": "FeatureCollection",
                "features": [],
                "numberMatched": matched,
                "numberReturned": 0,
            }
        feature = self._feature_sql(crs_transform_spec, select_properties, skip_geometry)
        page = self._collection_sql(source, feature, sortby or [], offset, limit)
        return self._run(lambda conn: self._page(conn, page, count, offset, limit))

    def _page(
        self,
        conn: psycopg.Connection,
        page: sql.Composable,
        count: sql.Composable,
        offset: int,
        limit: int,
    ) -> dict:
        """The page, with numberMatched from the page itself unless it is full (then counted)."""
        collection = orjson.loads(conn.execute(page).fetchone()[0])
        returned = collection["numberReturned"]
        if returned < limit and (returned > 0 or offset == 0):
            collection["numberMatched"] = offset + returned
        elif self.count:
            collection["numberMatched"] = conn.execute(count).fetchone()[0]
        return collection

    def get(self, identifier: str, crs_transform_spec: Any = None, **kwargs: Any) -> dict:
        """One Feature by id: 404 when unknown or invisible to the viewer, 400 for a non-uuid."""
        item_id = self._item_id(identifier)
        target = crs_transform_spec.target_crs_uri if crs_transform_spec else self.storage_crs_uri
        key = (self.dsn, self.source.name, target, tuple(c.name for c in self.columns))
        if key not in _ITEM_STATEMENTS:
            # a parameter, not a literal: the same text every time, so psycopg prepares it
            _ITEM_STATEMENTS[key] = (
                sql.SQL("SELECT {}::text FROM {} t WHERE t.{} = %s")
                .format(
                    self._feature_sql(crs_transform_spec, None, False),
                    self.source.relation_sql(sql.SQL("current_date")),
                    sql.Identifier(self.id_field),
                )
                .as_string(None)
            )
        found = self._fetch(sql.SQL(_ITEM_STATEMENTS[key]), (item_id,))
        if found is None:
            raise ProviderItemNotFoundError(user_msg=f"Item {identifier} not found")
        return found

    def _item_id(self, identifier: str) -> uuid.UUID | str:
        """The id as the id column wants it: a uuid (400 if it is none) or text (registry ids)."""
        id_type = next((c.type_name for c in self.columns if c.name == self.id_field), "uuid")
        if id_type != "uuid":
            return str(identifier)
        try:
            return uuid.UUID(str(identifier))
        except ValueError as err:
            raise ProviderInvalidQueryError(user_msg=f"Invalid identifier {identifier!r}") from err

    def _conditions(
        self,
        bbox: list,
        bbox_crs: str | None,
        datetime_: str | None,
        properties: list,
        filterq: Any,
    ) -> tuple[sql.Composable, list[sql.Composable]]:
        reference, low, high = sqlbuild.reference_period(datetime_)
        conditions: list[sql.Composable] = []
        if (low or high) and self.time_field and self.end_time_field:
            conditions += sqlbuild.overlap(self.time_field, self.end_time_field, low, high)
        if bbox:
            conditions += self._bbox_conditions(bbox, bbox_crs)
        for name, value in properties:
            conditions.append(self._equality(name, value))
        if filterq is not None:
            translator = CqlTranslator(
                {c.name: c.type_name for c in self.columns}, self.geom_field, self.storage_srid
            )
            conditions.append(translator.translate(filterq))
        return reference, conditions

    def _bbox_conditions(self, bbox: list, bbox_crs: str | None) -> list[sql.Composable]:
        if self.geom_field is None:
            raise ProviderInvalidQueryError(user_msg="This collection has no geometry for bbox")
        srid = output_crs(bbox_crs).srid if bbox_crs else self.storage_srid
        area = sqlbuild.envelope(bbox, srid, self.storage_srid)
        geom = sql.SQL("t.{}").format(sql.Identifier(self.geom_field))
        conditions = [sql.SQL("ST_Intersects({}, {})").format(geom, area)]
        index = (self.options or {}).get("spatial_index")
        if index:
            conditions.append(sqlbuild.spatial_prefilter(index, self.id_field, area))
        return conditions

    def _equality(self, name: str, value: str) -> sql.Composable:
        column = self._column(name)
        if column.element:
            return sql.SQL("{}::{} = ANY(t.{})").format(
                sql.Literal(value), sql.Identifier(column.element), sql.Identifier(name)
            )
        return sql.SQL("t.{} = {}::{}").format(
            sql.Identifier(name), sql.Literal(value), sql.Identifier(column.type_name)
        )

    def _column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise ProviderInvalidQueryError(user_msg=f"Unknown property {name}")

    def _feature_sql(
        self, crs_transform_spec: Any, select_properties: list | None, skip_geometry: bool
    ) -> sql.Composable:
        wanted = set(select_properties or [])
        props = [
            c
            for c in self.columns
            if c.name not in (self.geom_field, self.id_field) and (not wanted or c.name in wanted)
        ]
        target = crs_transform_spec.target_crs_uri if crs_transform_spec else self.storage_crs_uri
        geometry = None if skip_geometry else self.geom_field
        geom = sqlbuild.geometry_json(geometry, self.storage_srid, output_crs(target))
        return sqlbuild.feature_json(self.id_field, sqlbuild.properties_json(props), geom)

    def _collection_sql(
        self, source: sql.Composable, feature: sql.Composable, sortby: list, offset: int, limit: int
    ) -> sql.Composable:
        order = [
            sql.SQL("t.{} {}").format(
                sql.Identifier(self._column(s["property"]).name),
                sql.SQL("DESC" if s.get("order") == "-" else "ASC"),
            )
            for s in sortby
        ]
        order.append(sql.SQL("t.{}").format(sql.Identifier(self.id_field)))
        order_by = sql.SQL(", ").join(order)
        return sql.SQL(
            "SELECT json_build_object('type', 'FeatureCollection', "
            "'features', coalesce(json_agg({feature} ORDER BY {order}), '[]'::json), "
            "'numberReturned', count(*))::text "
            "FROM (SELECT * FROM ({source}) t ORDER BY {order} LIMIT {limit} OFFSET {offset}) t"
        ).format(
            source=source,
            order=order_by,
            limit=sql.Literal(int(limit)),
            offset=sql.Literal(int(offset)),
            feature=feature,
        )

    def _fetch(self, statement: sql.Composable, params: tuple = ()) -> Any:
        """Run one statement for the current viewer and parse its json text (None: no row)."""
        row = self._run(lambda conn: conn.execute(statement, params or None).fetchone())
        return None if row is None else orjson.loads(row[0])

    def _run(self, work: Any) -> Any:
        """Call work(conn) in a read-only transaction for the current viewer; map errors to HTTP."""
        viewer = current_viewer() or {}
        params = [viewer.get(key) for key in VIEWER_KEYS]
        params += [list(viewer.get("group_ids") or []), viewer.get("user_id")]
        params[0] = params[0] or "anonymous"
        try:
            with get_pool(self.dsn).connection() as conn, conn.transaction():
                conn.execute(SET_VIEWER, params)
                return work(conn)
        except psycopg.Error as err:
            state = err.sqlstate or ""
            if state.startswith("22") or state in CLIENT_ERRORS:
                message = f"Invalid query: {err.diag.message_primary}"
                raise ProviderInvalidQueryError(user_msg=message) from err
            if isinstance(err, psycopg.OperationalError):
                raise ProviderConnectionError(user_msg="database unavailable") from err
            raise ProviderQueryError(user_msg="query failed") from err

    def __repr__(self) -> str:
        return f"<PostGISProvider> {self.source.name}"
