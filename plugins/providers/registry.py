"""Vector tiles of the registry map layers (views of sql/repeatable/570_registry_layers.sql)."""

from typing import Any

from geoalchemy2.functions import ST_AsMVT
from geoalchemy2.functions import ST_AsMVTGeom
from geoalchemy2.functions import ST_Transform
from pygeoapi.crs import get_srid
from pygeoapi.models.provider.base import TileMatrixSetEnum
from pygeoapi.provider.mvt_postgresql import MVTPostgreSQLProvider
from pygeoapi.provider.tile import ProviderTileNotFoundError
from sqlalchemy.orm import Session
from sqlalchemy.sql import select


class RegistryTileProvider(MVTPostgreSQLProvider):
    """pygeoapi 0.24's MVT-postgresql provider with a faster tile query.

    The stock query reprojects every row with a CRS *string* (``ST_Transform(geom, 'EPSG:3857')``),
    which PostGIS resolves per row: a zoom-13 tile of 60,000 parcels took 5.6 s against 0.26 s
    with the integer SRIDs used here (zoom 15: 0.32 s against 0.06 s). The bbox prefilter (``&&``,
    GiST) and the attributes (every column but the geometry) are the stock ones.
    """

    def get_tiles(
        self,
        layer: str = "default",
        tileset: str | None = None,
        z: Any = None,
        y: Any = None,
        x: Any = None,
        format_: str | None = None,
    ) -> bytes | None:
        """One MVT tile with one layer (the view's name); None when no feature touches it."""
        z, y, x = int(z), int(y), int(x)
        schemes = [s for s in self.get_tiling_schemes() if s.tileMatrixSet == tileset]
        if not schemes or not self.is_in_limits(schemes[0], z, x, y):
            raise ProviderTileNotFoundError
        web_mercator = TileMatrixSetEnum.WEBMERCATORQUAD.value.tileMatrixSet
        tile_srid = 3857 if tileset == web_mercator else 4326
        envelope = self.get_envelope(z, y, x, tileset)
        geom = getattr(self.table_model, self.geom)
        mvtgeom = ST_AsMVTGeom(ST_Transform(geom, tile_srid), ST_Transform(envelope, tile_srid))
        rows = (
            select(mvtgeom.label("mvtgeom"), *self.fields.values())
            .filter(geom.intersects(ST_Transform(envelope, get_srid(self.storage_crs))))
            .cte("mvtrow")
        )
        with Session(self._engine) as session:
            tile = session.execute(select(ST_AsMVT(rows.table_valued(), layer))).scalar()
        return bytes(tile) or None

    def __repr__(self) -> str:
        return f"<RegistryTileProvider> {self.table}"
