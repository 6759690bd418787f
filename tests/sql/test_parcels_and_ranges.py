"""Cadastral parcels of a project version, and the size and price ranges of houseblocks."""

import pytest

from tests.sql import builders
from tests.sql.builders import raises_rule
from tests.sql.conftest import Town

pytestmark = pytest.mark.db

PARCEL = {
    "cadastral_municipality_code": "utr00",
    "section": "b",
    "parcel_number": 1234,
    "parcel_geometry": builders.square(136000, 455000, 200),
    "subselection": {
        "type": "Polygon",
        "coordinates": [[[136000, 455000], [136100, 455000], [136100, 455100], [136000, 455000]]],
    },
}


def parcels(conn, project_id: str, on: str) -> list[tuple]:
    return conn.execute(
        "SELECT pp.cadastral_municipality_code, pp.section, pp.parcel_number,"
        " GeometryType(pp.subselection) FROM plan.project_parcel pp"
        " JOIN plan.project_version v ON v.id = pp.project_version_id"
        " WHERE v.project_id = %s AND v.superseded_at IS NULL"
        " AND v.valid_from <= %s::date AND %s::date < v.valid_to ORDER BY 3",
        (project_id, on, on),
    ).fetchall()


def test_create_project_stores_parcels_with_their_subselection(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id, parcels=[PARCEL])
    assert parcels(conn, pid, "2025-01-01") == [("UTR00", "B", 1234, "MULTIPOLYGON")]


def test_parcel_edit_splits_and_the_earlier_version_keeps_its_parcels(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id, parcels=[PARCEL])
    other = {**PARCEL, "parcel_number": 99, "subselection": None}
    builders.update_project(conn, pid, {"parcels": [PARCEL, other]}, "2026-06-01")
    assert [p[2] for p in parcels(conn, pid, "2025-01-01")] == [1234]
    assert [p[2] for p in parcels(conn, pid, "2027-01-01")] == [99, 1234]


def test_parcel_subselection_must_be_an_area(conn, town: Town):
    point = {**PARCEL, "subselection": {"type": "Point", "coordinates": [136000, 455000]}}
    with raises_rule(conn, "parcel_subselection_invalid"):
        builders.project(conn, town.code, town.group_id, parcels=[point])


def test_parcel_designation_must_be_complete(conn, town: Town):
    with raises_rule(conn, "cadastral_designation_invalid"):
        builders.project(
            conn, town.code, town.group_id, parcels=[{**PARCEL, "section": "", "parcel_number": 0}]
        )


def test_size_range_must_run_upwards(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "size_invalid"):
        builders.houseblock(conn, pid, size_m2=[90, 60])
    assert builders.houseblock(conn, pid, size_m2=[60, 90])


def test_price_range_must_run_upwards_and_may_be_open_ended(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    line = {"ownership_type": "owner_occupied", "amount": 5}
    with raises_rule(conn, "price_range_invalid"):
        builders.houseblock(conn, pid, ownership_lines=[{**line, "price_range_cents": [50, 10]}])
    hb = builders.houseblock(
        conn, pid, ownership_lines=[{**line, "price_range_cents": [40000000, None]}]
    )
    upper_inf = conn.execute(
        "SELECT upper_inf(l.price_range_cents) FROM plan.houseblock_ownership_line l"
        " JOIN plan.houseblock_version v ON v.id = l.houseblock_version_id"
        " WHERE v.houseblock_id = %s",
        (hb,),
    ).fetchone()
    assert upper_inf == (True,)
