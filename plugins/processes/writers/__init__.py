"""Province delivery file writers and the tables they write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Field:
    """One output field; type is text|integer|real|date|datetime|boolean|list."""

    name: str
    type: str
    nullable: bool = True
    domain: str | None = None


@dataclass
class Table:
    """One output layer, table or sheet with its rows (and geometries, EPSG:28992)."""

    name: str  # layer/table/sheet name exactly as the province names it
    fields: list[Field]  # Field(name, type, nullable, domain) in output order
    # rows: field name -> str | int | float | bool | date | datetime | list | None
    rows: list[dict[str, Any]]
    geometries: list[BaseGeometry | None] | None = None  # shapely, EPSG:28992, same length as rows
    geometry_type: str | None = None  # e.g. "MultiPolygon"


class DeliveryWriteError(ValueError):
    """A value the province file cannot hold; names the table, the 1-based row and the field."""

    def __init__(
        self, message: str, *, table: str, row: int | None = None, field: str | None = None
    ):
        where = f"tabel {table}" + (f", rij {row}" if row is not None else "")
        where += f", veld {field}" if field else ""
        super().__init__(f"{where}: {message}")
        self.table, self.row, self.field = table, row, field
