"""ZGW fixtures: the real local ZGW server, a municipality using it, projects and the worker."""

import itertools
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from psycopg.rows import dict_row
from pyproj import Transformer

from ingest.localserver.zgw import ZgwServer
from tests.sql import builders
from webapp.zgw import client
from webapp.zgw import queries

CLIENT_ID = "diwi-test"
SECRET = "zgw-shared-secret-of-at-least-32-bytes"
ZAAKTYPE = "http://catalogi.example.nl/catalogi/api/v1/zaaktypen/omgevingsvergunning-bouwen"
APPLIED = "Omgevingsvergunning aangevraagd"
GRANTED = "Omgevingsvergunning verleend"
_CODES = itertools.count(9400)  # GM94xx: no other test uses them
_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def wgs84_square(x: float, y: float, size: float) -> dict:
    """A GeoJSON Polygon (EPSG:4326, lon/lat) of an RD square with lower-left corner (x, y)."""
    corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    return {"type": "Polygon", "coordinates": [[list(_TO_WGS84.transform(*c)) for c in corners]]}


@pytest.fixture
def zgw_server() -> Iterator[ZgwServer]:
    with ZgwServer({CLIENT_ID: SECRET}, backoff_s=0.05) as server:
        yield server


@pytest.fixture
def place(owner_url: str, zgw_server: ZgwServer) -> dict:
    """A fresh municipality with a team, configured to the local ZGW server with two mappings."""
    with psycopg.connect(owner_url) as conn:
        code = builders.municipality(conn, f"GM{next(_CODES)}")
        group = builders.user_group(conn, code)
        conn.execute(
            "INSERT INTO plan.zgw_config (municipality_code, zaken_url, notificaties_url, "
            "client_id, secret) VALUES (%s, %s, %s, %s, %s)",
            (code, zgw_server.zaken_url, zgw_server.notificaties_url, CLIENT_ID, SECRET),
        )
        conn.execute(
            "INSERT INTO plan.zgw_mapping (municipality_code, zaaktype, moment, description) "
            "VALUES (%s, %s, 'start', %s), (%s, %s, 'end', %s)",
            (code, ZAAKTYPE, APPLIED, code, ZAAKTYPE, GRANTED),
        )
    return {"municipality": code, "group": group}


def subscribe(owner_url: str, server: ZgwServer, municipality: str, callback: str) -> str:
    """Subscribe the municipality (DIWI's own client call) and store the receive token."""
    token = f"token-{municipality}"
    config = {"client_id": CLIENT_ID, "secret": SECRET, "notificaties_url": server.notificaties_url}
    answer = client.subscribe(config, callback, token, [ZAAKTYPE])
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET receive_token_sha256 = %s, abonnement_url = %s "
            "WHERE municipality_code = %s",
            (queries.token_hash(token), answer["url"], municipality),
        )
    return token


def project(owner_url: str, place: dict, x: float, size: float = 200, **extra) -> str:
    """A project with a drawn RD square plan area (and optional parcels)."""
    with psycopg.connect(owner_url) as conn:
        return builders.project(
            conn,
            place["municipality"],
            place["group"],
            plan_area=builders.square(x, 455000, size),
            area_source="drawn",
            **extra,
        )


def milestones(owner_url: str, project_id: str) -> dict[str, tuple[date, str, str]]:
    """Current milestones by description: (date, status, who recorded it)."""
    sql = """SELECT mv.description, mv.date, mv.status,
                    concat_ws(' ', u.first_name, u.prefixes, u.last_name)
             FROM plan.milestone m JOIN plan.milestone_version mv
               ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
             LEFT JOIN auth.app_user u ON u.id = mv.recorded_by
             WHERE m.project_id = %s"""
    with psycopg.connect(owner_url) as conn:
        return {r[0]: r[1:] for r in conn.execute(sql, (project_id,)).fetchall()}


def inbox(owner_url: str, municipality: str) -> list[dict]:
    sql = """SELECT state, project_id::text AS project, matched_by, reason, changes, attempts, error
             FROM plan.zgw_notification WHERE municipality_code = %s ORDER BY received_at"""
    with psycopg.connect(owner_url) as conn:
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute(sql, (municipality,)).fetchall()


@pytest.fixture
def work(migrated_db):
    """Run the worker on the zgw queue until it is empty."""
    from manage.worker import run_worker

    def run() -> None:
        run_worker(migrated_db.url("webapp"), processes=object(), wait=False, queues=["zgw"])

    return run
