"""Registry rows for the map-layer tests, committed as the owner role and removed afterwards."""

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg.types.json import Jsonb

# The rows lie in their own corner of Apeldoorn (lower-left RD X0, Y0) so tests filter by that
# area and stay independent of registry rows other tests leave behind.
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
X0, Y0 = 196200.0, 471300.0
WIDTH, HEIGHT = 25.0, 40.0  # one parcel
AREA = (X0 - 50, Y0 - 50, X0 + 200, Y0 + 200)  # RD bbox around everything below

PAND_STATUSES = [
    "Pand in gebruik",
    "Pand in gebruik (niet ingemeten)",
    "Bouw gestart",
    "Bouwvergunning verleend",
    "Pand gesloopt",
    "Verbouwing pand",
]
# (status, gebruiksdoel) of one verblijfsobject in each of the first buildings
VBO = [
    ("Verblijfsobject in gebruik", "woonfunctie"),
    ("Verblijfsobject in gebruik (niet ingemeten)", "woonfunctie,winkelfunctie"),
    ("Verblijfsobject gevormd", "woonfunctie"),
    ("Verblijfsobject gevormd", "kantoorfunctie"),
    ("Verblijfsobject ingetrokken", "woonfunctie"),
    ("Verblijfsobject in gebruik", "winkelfunctie"),
]


def ring(x: float, y: float, w: float, h: float) -> str:
    return f"(({x} {y}, {x + w} {y}, {x + w} {y + h}, {x} {y + h}, {x} {y}))"


def parcel_corner(number: int) -> tuple[float, float]:
    """Lower-left corner of parcel number 0..11: a grid of 4 columns and 3 rows."""
    return X0 + (number % 4) * WIDTH, Y0 + (number // 4) * HEIGHT


@dataclass(frozen=True)
class Registry:
    parcels: list[str]  # identificatie_lokaal_id, parcel number order
    buildings: list[str]
    objects: list[str]
    addresses: list[str]
    bgt: dict[str, list[str]]
    trees: list[str]


def parcel_id(number: int) -> str:
    return f"9{number:013d}"


def building_id(number: int) -> str:
    return f"0200100099{number:06d}"


def insert_run(conn: psycopg.Connection, source: str, collections: list[str]) -> int:
    return conn.execute(
        "INSERT INTO ingest.run (source, protocol, mode, area, area_geometry, collections, "
        "finished_at, status) VALUES (%s, 'ogcapi', 'full', 'GM0200', "
        "ST_MakeEnvelope(%s, %s, %s, %s, 28992), %s, now(), 'succeeded') RETURNING id",
        (source, *AREA, collections),
    ).fetchone()[0]


def insert_parcels(conn: psycopg.Connection, run: int) -> list[str]:
    ids = []
    for number in range(12):
        x, y = parcel_corner(number)
        conn.execute(
            "INSERT INTO brk.perceel (identificatie_lokaal_id, identificatie_namespace, "
            "kadastrale_gemeente_code, kadastrale_gemeente_waarde, "
            "akr_kadastrale_gemeente_code_waarde, sectie, perceelnummer, "
            "kadastrale_grootte_waarde, status_historie_waarde, geometry, ingest_run_id, "
            "ingest_hash) VALUES (%s, 'NL.IMKAD.KadastraalObject', '2', 'Apeldoorn', 'APD77', "
            "'K', %s, %s, 'Geldig', ST_GeomFromText(%s, 28992), %s, 'h')",
            (
                parcel_id(number),
                1001 + number,
                WIDTH * HEIGHT,
                f"MULTIPOLYGON({ring(x, y, WIDTH, HEIGHT)})",
                run,
            ),
        )
        ids.append(parcel_id(number))
    return ids


def insert_bag(conn: psycopg.Connection, run: int) -> tuple[list[str], list[str], list[str]]:
    buildings, objects, addresses = [], [], []
    for number, status in enumerate(PAND_STATUSES):
        x, y = parcel_corner(number)
        conn.execute(
            "INSERT INTO bag.pand (identificatie, feature_id, bouwjaar, status, gebruiksdoel, "
            "geometry, ingest_run_id, ingest_hash) VALUES (%s, gen_random_uuid()::text, %s, %s, "
            "'woonfunctie', ST_GeomFromText(%s, 28992), %s, 'h')",
            (
                building_id(number),
                1990 + number,
                status,
                f"MULTIPOLYGON({ring(x + 5, y + 10, 15, 20)})",
                run,
            ),
        )
        buildings.append(building_id(number))
    for number, (status, use) in enumerate(VBO):
        x, y = parcel_corner(number)
        vbo, address = f"0200010099{number:06d}", f"0200200099{number:06d}"
        point = f"POINT({x + 9} {y + 14})"
        conn.execute(
            "INSERT INTO bag.verblijfsobject (identificatie, status, gebruiksdoel, oppervlakte, "
            "pandidentificatie, openbare_ruimte_naam, huisnummer, postcode, woonplaats_naam, "
            "hoofdadres_identificatie, geometry, ingest_run_id, ingest_hash) VALUES (%s, %s, "
            "%s, 80, %s, 'Laagweg', %s, '7311AA', 'Apeldoorn', %s, ST_GeomFromText(%s, 28992), "
            "%s, 'h')",
            (vbo, status, use, [building_id(number)], number + 1, address, point, run),
        )
        conn.execute(
            "INSERT INTO bag.adres (identificatie, adresseerbaar_object_identificatie, "
            "adresseerbaar_object_type, openbare_ruimte_naam, huisnummer, postcode, "
            "woonplaats_naam, geometry, ingest_run_id, ingest_hash) VALUES (%s, %s, "
            "'Verblijfsobject', 'Laagweg', %s, '7311AA', 'Apeldoorn', "
            "ST_GeomFromText(%s, 28992), %s, 'h')",
            (address, vbo, number + 1, point, run),
        )
        objects.append(vbo)
        addresses.append(address)
    return buildings, objects, addresses


# collection -> list of (properties, WKT) in RD
BGT = {
    "wegdeel": [
        (
            {
                "functie": "rijbaan lokale weg",
                "fysiek_voorkomen": "gesloten verharding",
                "relatieve_hoogteligging": 0,
                "status": "bestaand",
            },
            f"POLYGON{ring(X0, Y0 - 10, 100, 8)}",
        ),
        (
            {
                "functie": "fietspad",
                "fysiek_voorkomen": "gesloten verharding",
                "relatieve_hoogteligging": 0,
                "status": "bestaand",
            },
            f"POLYGON{ring(X0, Y0 - 14, 100, 4)}",
        ),
    ],
    "waterdeel": [
        (
            {"type": "waterloop", "plus_type": "sloot", "relatieve_hoogteligging": 0},
            f"POLYGON{ring(X0 + 105, Y0, 6, 120)}",
        ),
    ],
    "begroeidterreindeel": [
        (
            {"fysiek_voorkomen": "groenvoorziening", "relatieve_hoogteligging": 0},
            f"POLYGON{ring(X0, Y0 + 125, 50, 20)}",
        ),
        (
            {"bgt_fysiek_voorkomen": "grasland overig", "relatieve_hoogteligging": 0},  # WFS name
            f"POLYGON{ring(X0 + 50, Y0 + 125, 50, 20)}",
        ),
    ],
    "pand": [({"status": "bestaand"}, f"POLYGON{ring(X0, Y0, 5, 5)}")],  # not published
}
TREES = [
    {
        "boomsoort": "Quercus robur",
        "boomsoort_nederlands": "Zomereik",
        "plantjaar": "1985",
        "hoogteklasse": "15-18 m",
        "stamdiameter": "0.6",
    },
    {"boomsoort": "Tilia cordata", "plantjaar": "2001"},
    {"boomsoort": "Acer campestre", "plantjaar": "onbekend"},
]


def insert_bgt_bor(conn: psycopg.Connection, bgt_run: int, bor_run: int) -> tuple[dict, list]:
    bgt: dict[str, list[str]] = {}
    for collection, rows in BGT.items():
        for number, (properties, wkt) in enumerate(rows):
            lokaal_id = f"G0200.layers{collection}{number}"
            conn.execute(
                "INSERT INTO bgt.object (collection, lokaal_id, properties, geometry, "
                "ingest_run_id, ingest_hash) "
                "VALUES (%s, %s, %s, ST_GeomFromText(%s, 28992), %s, 'h')",
                (
                    collection,
                    lokaal_id,
                    Jsonb({"lokaal_id": lokaal_id, **properties}),
                    wkt,
                    bgt_run,
                ),
            )
            bgt.setdefault(collection, []).append(lokaal_id)
    trees = []
    for number, properties in enumerate(TREES):
        source_id = f"boom-layers-{number}"
        conn.execute(
            "INSERT INTO bor.object (layer, source_id, properties, geometry, ingest_run_id, "
            "ingest_hash) "
            "VALUES ('bomen', %s, %s, ST_SetSRID(ST_MakePoint(%s, %s), 28992), %s, 'h')",
            (source_id, Jsonb(properties), X0 + 10 + 30 * number, Y0 - 20, bor_run),
        )
        trees.append(source_id)
    conn.execute(
        "INSERT INTO bor.object (layer, source_id, properties, geometry, ingest_run_id, "
        "ingest_hash) VALUES ('lantaarnpalen', 'paal-layers-1', '{}', "
        "ST_SetSRID(ST_MakePoint(%s, %s), 28992), %s, 'h')",
        (X0, Y0 - 20, bor_run),
    )
    return bgt, trees


def delete_runs(conn: psycopg.Connection, runs: list[int]) -> None:
    for table in (
        "brk.perceel",
        "bag.pand",
        "bag.verblijfsobject",
        "bag.adres",
        "bgt.object",
        "bor.object",
    ):
        conn.execute(f"DELETE FROM {table} WHERE ingest_run_id = ANY(%s)", (runs,))
    conn.execute("DELETE FROM ingest.run WHERE id = ANY(%s)", (runs,))


@pytest.fixture(scope="module")
def registry(owner_url: str) -> Iterator[Registry]:
    """The registry rows of these tests (committed; deleted after each test module, so tests
    elsewhere that count registry rows or ingest runs never see them)."""
    with psycopg.connect(owner_url) as conn:
        runs = [
            insert_run(conn, s, c)
            for s, c in (
                ("brk", ["perceel"]),
                ("bag", ["pand", "verblijfsobject", "adres"]),
                ("bgt", list(BGT)),
                ("bor", ["bomen", "lantaarnpalen"]),
            )
        ]
        parcels = insert_parcels(conn, runs[0])
        buildings, objects, addresses = insert_bag(conn, runs[1])
        bgt, trees = insert_bgt_bor(conn, runs[2], runs[3])
    yield Registry(parcels, buildings, objects, addresses, bgt, trees)
    with psycopg.connect(owner_url) as conn:
        delete_runs(conn, runs)
