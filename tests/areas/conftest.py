"""Fixtures for the parcel-area tests: a committed municipality with two owner groups and a
registry copy (ingest runs, BRK parcels, BAG buildings) written directly as the owner role."""

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.sql import builders

TOWN = "GM9720"
AKR = "APD01"
# every test works in this corner of EPSG:28992, far from the other tests' data
X0, Y0 = 150000, 400000
RUN_AREA = f"POLYGON(({X0 - 1000} {Y0 - 1000}, {X0 + 5000} {Y0 - 1000}, {X0 + 5000} {Y0 + 5000}, "
RUN_AREA += f"{X0 - 1000} {Y0 + 5000}, {X0 - 1000} {Y0 - 1000}))"


def rect(x: float, y: float, w: float, h: float) -> str:
    """A rectangle as EWKT MultiPolygon (EPSG:28992), x/y relative to the test corner."""
    x, y = X0 + x, Y0 + y
    ring = f"{x} {y}, {x + w} {y}, {x + w} {y + h}, {x} {y + h}, {x} {y}"
    return f"SRID=28992;MULTIPOLYGON((({ring})))"


def geojson_rect(x: float, y: float, w: float, h: float) -> dict:
    """The same rectangle as a GeoJSON Polygon in EPSG:28992."""
    x, y = X0 + x, Y0 + y
    ring = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def parcel_ref(number: int, section: str = "A", subselection: dict | None = None) -> dict:
    """A parcel as the editor sends it."""
    ref = {"cadastral_municipality_code": AKR, "section": section, "parcel_number": number}
    return ref | ({"subselection": subselection} if subselection else {})


@dataclass
class Registry:
    """The registry copy as the ingest would leave it, written directly for the tests."""

    conn: psycopg.Connection
    town: str
    groups: list[str]
    runs: list[int] = field(default_factory=list)

    def run(self, source: str = "brk") -> int:
        run_id = self.conn.execute(
            "INSERT INTO ingest.run (source, protocol, mode, area, area_geometry, collections, "
            "status, finished_at) VALUES (%s, 'ogcapi', 'full', 'bbox:test', "
            "ST_GeomFromText(%s, 28992), %s, 'succeeded', now()) RETURNING id",
            (source, RUN_AREA, ["perceel"] if source == "brk" else ["pand"]),
        ).fetchone()[0]
        self.runs.append(run_id)
        return run_id

    def parcel(self, run: int, number: int, geometry: str, section: str = "A") -> None:
        """Add or reshape a parcel (upsert on its designation) and record the change."""
        source_id = f"{AKR}-{section}-{number}"
        found = self.conn.execute(
            "SELECT 1 FROM brk.perceel WHERE identificatie_lokaal_id = %s", (source_id,)
        ).fetchone()
        self.conn.execute(
            "INSERT INTO brk.perceel (identificatie_lokaal_id, "
            "akr_kadastrale_gemeente_code_waarde, sectie, perceelnummer, "
            "kadastrale_grootte_waarde, geometry, ingest_run_id, ingest_hash) "
            "VALUES (%s, %s, %s, %s, round(ST_Area(%s::geometry)), %s::geometry, %s, md5(%s)) "
            "ON CONFLICT (identificatie_lokaal_id) DO UPDATE SET geometry = excluded.geometry, "
            "kadastrale_grootte_waarde = excluded.kadastrale_grootte_waarde, "
            "ingest_run_id = excluded.ingest_run_id, ingest_hash = excluded.ingest_hash",
            (source_id, AKR, section, number, geometry, geometry, run, geometry),
        )
        self.change(run, source_id, "changed" if found else "added")

    def remove(self, run: int, number: int, section: str = "A") -> None:
        source_id = f"{AKR}-{section}-{number}"
        self.conn.execute(
            "DELETE FROM brk.perceel WHERE identificatie_lokaal_id = %s", (source_id,)
        )
        self.change(run, source_id, "removed")

    def change(self, run: int, source_id: str, change: str, collection: str = "perceel") -> None:
        self.conn.execute(
            "INSERT INTO ingest.run_change (run_id, collection, source_id, change) "
            "VALUES (%s, %s, %s, %s)",
            (run, collection, source_id, change),
        )

    def building(self, run: int, identificatie: str, geometry: str) -> None:
        self.conn.execute(
            "INSERT INTO bag.pand (identificatie, feature_id, status, geometry, ingest_run_id, "
            "ingest_hash) VALUES (%s, gen_random_uuid()::text, 'Pand in gebruik', %s::geometry, "
            "%s, md5(%s))",
            (identificatie, geometry, run, identificatie),
        )

    def project(self, **data) -> str:
        payload = {"owner_group_ids": self.groups, "name": "Perceelproject", **data}
        return builders.project(self.conn, self.town, self.groups[0], **payload)

    def follow(self, run: int) -> list[tuple]:
        return self.conn.execute(
            "SELECT project_id::text, outcome, details FROM plan.follow_parcel_changes(%s)", (run,)
        ).fetchall()

    def current_area(self, project_id: str) -> float:
        return self.conn.execute(
            "SELECT ST_Area(plan_area) FROM plan.project_version WHERE project_id = %s "
            "AND superseded_at IS NULL ORDER BY valid_from DESC LIMIT 1",
            (project_id,),
        ).fetchone()[0]

    def current_parcels(self, project_id: str) -> list[tuple]:
        return self.conn.execute(
            "SELECT plan.parcel_designation(pp.cadastral_municipality_code, pp.section, "
            "pp.parcel_number), round(ST_Area(pp.parcel_geometry)), "
            "round(ST_Area(pp.subselection)) FROM plan.project_parcel pp "
            "JOIN plan.project_version v ON v.id = pp.project_version_id "
            "WHERE v.project_id = %s AND v.superseded_at IS NULL ORDER BY 1",
            (project_id,),
        ).fetchall()


@pytest.fixture
def registry(owner_url: str) -> Iterator[Registry]:
    """Autocommit as the owner: a municipality with two owner groups, removed afterwards."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        code = builders.municipality(conn, TOWN)
        groups = [builders.user_group(conn, code, name) for name in ("Team Noord", "Team Zuid")]
        reg = Registry(conn, code, groups)
        try:
            yield reg
        finally:
            conn.execute("DELETE FROM plan.project WHERE municipality_code = %s", (code,))
            conn.execute("DELETE FROM plan.notice WHERE user_group_id = ANY (%s)", (groups,))
            for table in ("brk.perceel", "bag.pand"):
                conn.execute(f"DELETE FROM {table} WHERE ingest_run_id = ANY (%s)", (reg.runs,))
            conn.execute("DELETE FROM ingest.run WHERE id = ANY (%s)", (reg.runs,))
            conn.execute("DELETE FROM auth.user_group WHERE municipality_code = %s", (code,))
            conn.execute("DELETE FROM ref.municipality WHERE code = %s", (code,))


def update(conn: psycopg.Connection, project_id: str, changes: dict) -> None:
    conn.execute(
        "SELECT plan.update_project(%s, %s, NULL, current_date)", (project_id, Jsonb(changes))
    )
