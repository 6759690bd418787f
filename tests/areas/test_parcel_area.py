"""A plan area derived from BRK parcels (with sub-selections) and BAG buildings, looked up in the
registry copy; unknown parcels and buildings are refused with a message naming them."""

import psycopg
import pytest

from tests.areas.conftest import AKR
from tests.areas.conftest import geojson_rect
from tests.areas.conftest import parcel_ref
from tests.areas.conftest import rect
from tests.areas.conftest import update

pytestmark = pytest.mark.db


def refusal(registry, **data) -> psycopg.errors.IntegrityError:
    with pytest.raises(psycopg.errors.IntegrityError) as info:
        registry.project(**data)
    return info.value


def test_area_is_the_union_of_parcels_and_a_subselection(registry):
    run = registry.run()
    registry.parcel(run, 1, rect(0, 0, 100, 50))  # 5000 m²
    registry.parcel(run, 2, rect(100, 0, 100, 50))  # 5000 m², we take its left 40 m
    sub = geojson_rect(100, -10, 40, 70)  # overhangs the parcel: only the part inside counts
    pid = registry.project(
        area_source="parcels", parcels=[parcel_ref(1), parcel_ref(2, subselection=sub)]
    )
    assert registry.current_area(pid) == pytest.approx(5000 + 40 * 50)
    assert registry.current_parcels(pid) == [(f"{AKR} A 1", 5000, None), (f"{AKR} A 2", 5000, 2800)]
    # the parcel geometry is the registry's, whatever the editor might have sent along
    assert registry.conn.execute(
        "SELECT ST_OrderingEquals(pp.parcel_geometry, p.geometry) FROM plan.project_parcel pp "
        "JOIN plan.project_version v ON v.id = pp.project_version_id "
        "JOIN brk.perceel p ON p.perceelnummer = pp.parcel_number AND p.sectie = pp.section "
        "AND p.akr_kadastrale_gemeente_code_waarde = pp.cadastral_municipality_code "
        "WHERE v.project_id = %s",
        (pid,),
    ).fetchall() == [(True,), (True,)]


def test_unknown_parcel_is_refused_with_its_designation(registry):
    run = registry.run()
    registry.parcel(run, 1, rect(0, 0, 100, 50))
    error = refusal(registry, area_source="parcels", parcels=[parcel_ref(1), parcel_ref(123)])
    assert error.diag.constraint_name == "parcel_unknown"
    assert error.diag.message_detail == f"{AKR} A 123"
    message = registry.conn.execute("SELECT plan.rule_message('parcel_unknown', 'nl')").fetchone()
    assert message[0] == "Dit perceel staat niet in de BRK-kopie."


def test_subselection_outside_its_parcel_is_refused(registry):
    run = registry.run()
    registry.parcel(run, 1, rect(0, 0, 100, 50))
    sub = geojson_rect(500, 500, 10, 10)
    error = refusal(registry, area_source="parcels", parcels=[parcel_ref(1, subselection=sub)])
    assert error.diag.constraint_name == "parcel_subselection_outside"


def test_buildings_add_to_the_area_and_unknown_ones_are_refused(registry):
    run = registry.run()
    registry.parcel(run, 1, rect(0, 0, 100, 50))
    bag = registry.run("bag")
    registry.building(bag, "9720100000000001", rect(150, 0, 20, 10))  # outside the parcel
    registry.building(bag, "9720100000000002", rect(10, 10, 20, 10))  # inside: counted once
    pid = registry.project(
        area_source="parcels",
        parcels=[parcel_ref(1)],
        buildings=["9720100000000001", "9720100000000002"],
    )
    assert registry.current_area(pid) == pytest.approx(5000 + 200)
    error = refusal(registry, area_source="parcels", buildings=["9720100000009999"])
    assert error.diag.constraint_name == "building_unknown"
    assert error.diag.message_detail == "9720100000009999"


def test_an_empty_choice_is_refused(registry):
    error = refusal(registry, area_source="parcels", parcels=[], buildings=[])
    assert error.diag.constraint_name == "parcel_area_empty"


def test_an_edit_keeps_the_parts_and_a_new_choice_rederives(registry):
    run = registry.run()
    registry.parcel(run, 1, rect(0, 0, 100, 50))
    registry.parcel(run, 2, rect(100, 0, 100, 50))
    bag = registry.run("bag")
    registry.building(bag, "9720100000000003", rect(300, 0, 10, 10))
    pid = registry.project(
        area_source="parcels", parcels=[parcel_ref(1)], buildings=["9720100000000003"]
    )
    update(registry.conn, pid, {"name": "Andere naam"})  # parts copied to the new version
    assert registry.current_area(pid) == pytest.approx(5100)
    update(
        registry.conn, pid, {"area_source": "parcels", "parcels": [parcel_ref(1), parcel_ref(2)]}
    )
    assert registry.current_area(pid) == pytest.approx(10100)  # the building stays
    buildings = registry.conn.execute(
        "SELECT count(*) FROM plan.project_building b JOIN plan.project_version v "
        "ON v.id = b.project_version_id WHERE v.project_id = %s AND v.superseded_at IS NULL",
        (pid,),
    ).fetchone()[0]
    assert buildings >= 1
