"""A hand-made BAG fixture and projects with hand-counted answers for the address-count check."""

import itertools
import uuid
from dataclasses import dataclass
from dataclasses import field

import psycopg

from tests.sql import builders

REFERENCE_DATE = "2026-06-01"
RUN_AREA = (193000, 468000, 196000, 470000)  # the BAG ingest covered this bbox (EPSG:28992)
GEVORMD = "Verblijfsobject gevormd"
IN_USE = "Verblijfsobject in gebruik"
UNMEASURED = "Verblijfsobject in gebruik (niet ingemeten)"
WITHDRAWN = "Verblijfsobject ingetrokken"
RENOVATION = "Verbouwing verblijfsobject"

# name -> (lower-left corner or None, confidentiality, houseblocks as (kind, amount, delivery))
PROJECTS = {
    "Noordkwartier": (
        (194000, 469000),
        "public",
        [("construction", 8, "2025-06-01"), ("construction", 12, "2027-06-01")],
    ),
    "Sloop Zuid": (
        (194500, 469000),
        "public",
        [("demolition", 4, "2025-01-01"), ("construction", 6, "2027-06-01")],
    ),
    "Zonder gebied": (None, "public", [("construction", 5, "2025-06-01")]),
    "Intern hof": ((195000, 469000), "internal_civil", [("construction", 6, "2025-06-01")]),
    "Buiten de BAG": ((197000, 469000), "public", [("construction", 3, "2025-06-01")]),
    "Klopt": ((195500, 469000), "public", [("construction", 5, "2025-06-01")]),
}


@dataclass
class Fixture:
    """The committed fixture: project ids by name, the ingest run and the registry ids it made."""

    municipality: str
    group: str
    dy: float = 0  # a second build next to the first lies this far north (in the BAG run area)
    ids: dict[str, str] = field(default_factory=dict)
    run_id: int | None = None
    objects: list[str] = field(default_factory=list)
    buildings: list[str] = field(default_factory=list)


def insert_run(conn: psycopg.Connection) -> int:
    minx, miny, maxx, maxy = RUN_AREA
    return conn.execute(
        "INSERT INTO ingest.run (source, protocol, mode, area, area_geometry, collections, "
        "finished_at, status) VALUES ('bag', 'ogcapi', 'full', %s, "
        "ST_MakeEnvelope(%s, %s, %s, %s, 28992), ARRAY['pand', 'verblijfsobject'], now(), "
        "'succeeded') RETURNING id",
        (f"bbox:{minx},{miny},{maxx},{maxy}", minx, miny, maxx, maxy),
    ).fetchone()[0]


class Registry:
    """Inserts bag.pand and bag.verblijfsobject rows (as the owner), numbering their ids."""

    def __init__(self, conn: psycopg.Connection, fixture: Fixture) -> None:
        self.conn = conn
        self.fixture = fixture
        self.numbers = itertools.count(1)
        self.prefix = f"0200{fixture.run_id % 1000:03d}"  # each build its own identificaties

    def building(self, x: float, y: float, status: str) -> str:
        ident = f"{self.prefix}1{next(self.numbers):08d}"
        self.conn.execute(
            "INSERT INTO bag.pand (identificatie, feature_id, status, geometry, ingest_run_id, "
            "ingest_hash) VALUES (%s, %s, %s, ST_Multi(ST_Buffer(ST_Point(%s, %s, 28992), 5, 1)),"
            " %s, 'h')",
            (ident, str(uuid.uuid4()), status, x, y + self.fixture.dy, self.fixture.run_id),
        )
        self.fixture.buildings.append(ident)
        return ident

    def objects(
        self,
        n: int,
        x: float,
        y: float,
        status: str,
        use: str = "woonfunctie",
        building: str | None = None,
        dated: str | None = None,
    ) -> None:
        """n verblijfsobjecten at (x + i, y); documentdatum `dated` (day i added)."""
        for i in range(n):
            ident = f"{self.prefix}0{next(self.numbers):08d}"
            self.conn.execute(
                "INSERT INTO bag.verblijfsobject (identificatie, feature_id, status, gebruiksdoel, "
                "pandidentificatie, documentdatum, geometry, ingest_run_id, ingest_hash) VALUES "
                "(%s, %s, %s, %s, %s, %s::date + %s, ST_Point(%s, %s, 28992), %s, 'h')",
                (
                    ident,
                    str(uuid.uuid4()),
                    status,
                    use,
                    [building] if building else None,
                    dated or "2024-01-01",
                    i,
                    x + i,
                    y + self.fixture.dy,
                    self.fixture.run_id,
                ),
            )
            self.fixture.objects.append(ident)


def fill_noordkwartier(bag: Registry) -> None:
    """In use 12 (9 + 1 mixed use + 2 not measured, one on the boundary), 3 started, 2 formed."""
    bag.objects(9, 194010, 469010, IN_USE, dated="2025-03-01")
    bag.objects(1, 194050, 469020, IN_USE, use="winkelfunctie,woonfunctie", dated="2025-05-10")
    bag.objects(1, 194060, 469030, UNMEASURED, dated="2025-02-01")
    bag.objects(1, 194100, 469050, UNMEASURED, dated="2025-04-01")  # on the boundary: counts
    started = bag.building(194030, 469070, "Bouw gestart")
    bag.objects(3, 194030, 469070, GEVORMD, building=started)
    permitted = bag.building(194070, 469070, "Bouwvergunning verleend")
    bag.objects(2, 194070, 469070, GEVORMD, building=permitted)
    bag.objects(1, 194010, 469090, WITHDRAWN)
    bag.objects(1, 194020, 469090, RENOVATION)
    bag.objects(2, 194080, 469010, IN_USE, use="kantoorfunctie")  # not residential
    bag.objects(3, 194200, 469050, IN_USE)  # outside the plan area
    bag.objects(1, 194100.5, 469050, UNMEASURED)  # just outside


def fill_registry(bag: Registry) -> None:
    fill_noordkwartier(bag)
    bag.objects(4, 194510, 469010, WITHDRAWN)  # Sloop Zuid: the demolished dwellings
    bag.objects(10, 194510, 469050, IN_USE, dated="2010-01-01")  # and ten that stay
    bag.objects(4, 195010, 469010, IN_USE, dated="2025-07-01")  # Intern hof: 4 of 6 in use
    bag.objects(2, 197010, 469010, IN_USE)  # Buiten de BAG (cannot be there, run area)
    bag.objects(5, 195510, 469010, IN_USE, dated="2025-05-01")  # Klopt


def create_projects(conn: psycopg.Connection, fixture: Fixture) -> None:
    for name, (corner, level, blocks) in PROJECTS.items():
        data = {
            "name": name,
            "phase": "realisation",
            "confidentiality_level": level,
            "start_date": "2024-01-01",
            "end_date": "2030-01-01",
        }
        if corner:
            data["plan_area"] = builders.square(corner[0], corner[1] + fixture.dy, size=100)
        pid = builders.project(conn, fixture.municipality, fixture.group, **data)
        for i, (kind, amount, delivery) in enumerate(blocks):
            builders.houseblock(
                conn,
                pid,
                name=f"Blok {i + 1}",
                mutation_kind=kind,
                amount=amount,
                delivery_earliest=delivery,
                delivery_latest=delivery,
            )
        fixture.ids[name] = pid


def build(owner_url: str, municipality: str, group: str, dy: float = 0) -> Fixture:
    """Insert the registry rows and the projects, committed (the app reads through its pools)."""
    fixture = Fixture(municipality, group, dy)
    with psycopg.connect(owner_url) as conn:
        fixture.run_id = insert_run(conn)
        fill_registry(Registry(conn, fixture))
        create_projects(conn, fixture)
        conn.execute("SELECT publication.rebuild_cache()")
    return fixture


def remove(owner_url: str, fixture: Fixture) -> None:
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "DELETE FROM plan.project WHERE id = ANY (%s::uuid[])", (list(fixture.ids.values()),)
        )
        conn.execute("DELETE FROM bag.verblijfsobject WHERE ingest_run_id = %s", (fixture.run_id,))
        conn.execute("DELETE FROM bag.pand WHERE ingest_run_id = %s", (fixture.run_id,))
        conn.execute("DELETE FROM ingest.run WHERE id = %s", (fixture.run_id,))
        conn.execute("SELECT publication.rebuild_cache()")
