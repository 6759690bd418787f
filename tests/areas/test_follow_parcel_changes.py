"""After a BRK ingest run, parcel-derived plan areas follow reshaped, split, merged and renumbered
parcels (new version, history, owner notices); vanished parcels are listed; nothing else changes."""

from dataclasses import dataclass

import psycopg
import pytest

from tests.areas.conftest import AKR
from tests.areas.conftest import X0
from tests.areas.conftest import Y0
from tests.areas.conftest import geojson_rect
from tests.areas.conftest import parcel_ref
from tests.areas.conftest import rect

pytestmark = pytest.mark.db
RUN_AREA_WEST = (
    f"POLYGON(({X0 - 1000} {Y0 - 1000}, {X0 + 1150} {Y0 - 1000}, {X0 + 1150} {Y0 + 5000}, "
    f"{X0 - 1000} {Y0 + 5000}, {X0 - 1000} {Y0 - 1000}))"
)


@dataclass
class Scene:
    reshaped: str
    split: str
    merged: str
    vanished: str
    drawn: str
    imported: str
    run: int


@pytest.fixture
def scene(registry) -> Scene:
    """Ingest state 1 with six projects, then state 2 (run changes as the ingest records them)."""
    first = registry.run()
    for number, x in ((1, 0), (2, 200), (3, 400), (4, 500), (6, 700)):
        registry.parcel(first, number, rect(x, 0, 100, 50))
    ids = {
        "reshaped": registry.project(area_source="parcels", parcels=[parcel_ref(1)]),
        "split": registry.project(
            area_source="parcels",
            parcels=[parcel_ref(2, subselection=geojson_rect(200, 0, 80, 50))],
        ),
        "merged": registry.project(area_source="parcels", parcels=[parcel_ref(3)]),
        "vanished": registry.project(area_source="parcels", parcels=[parcel_ref(6), parcel_ref(1)]),
        "drawn": registry.project(plan_area=geojson_rect(0, 0, 100, 50)),
        "imported": registry.project(
            plan_area=geojson_rect(200, 0, 100, 50),
            area_source="imported",
            parcels=[parcel_ref(2) | {"parcel_geometry": geojson_rect(200, 0, 100, 50)}],
        ),
    }
    second = registry.run()
    registry.parcel(second, 1, rect(0, 0, 120, 50))  # reshaped: 5000 -> 6000 m²
    registry.remove(second, 2)  # split into 21 and 22
    registry.parcel(second, 21, rect(200, 0, 60, 50))
    registry.parcel(second, 22, rect(260, 0, 40, 50))
    registry.remove(second, 3)  # merged with 4 into 5
    registry.remove(second, 4)
    registry.parcel(second, 5, rect(400, 0, 200, 50))
    registry.remove(second, 6)  # retired without a successor
    return Scene(**ids, run=second)


def versions(conn: psycopg.Connection, project_id: str) -> list[tuple]:
    return conn.execute(
        "SELECT v.recorded_by, v.superseded_at IS NULL, r.source, r.summary "
        "FROM plan.project_version v "
        "LEFT JOIN plan.registry_version r ON r.project_version_id = v.id "
        "WHERE v.project_id = %s ORDER BY v.recorded_at, v.valid_from",
        (project_id,),
    ).fetchall()


def test_areas_follow_reshaped_split_and_merged_parcels(registry, scene):
    outcomes = {pid: outcome for pid, outcome, _ in registry.follow(scene.run)}
    assert outcomes == {
        scene.reshaped: "updated",
        scene.split: "updated",
        scene.merged: "updated",
        scene.vanished: "updated",  # its parcel 1 was reshaped too
    }
    assert registry.current_area(scene.reshaped) == pytest.approx(6000)
    assert registry.current_parcels(scene.reshaped) == [(f"{AKR} A 1", 6000, None)]
    # split: both halves, the sub-selection (the left 80 m) kept on the half it reaches into
    assert registry.current_parcels(scene.split) == [
        (f"{AKR} A 21", 3000, None),
        (f"{AKR} A 22", 2000, 1000),
    ]
    assert registry.current_area(scene.split) == pytest.approx(4000)
    # merged: the bigger parcel with a sub-selection equal to the old parcel, so no growth
    assert registry.current_parcels(scene.merged) == [(f"{AKR} A 5", 10000, 5000)]
    assert registry.current_area(scene.merged) == pytest.approx(5000)


def test_a_followed_project_gets_a_version_marked_as_registry_change(registry, scene):
    registry.follow(scene.run)
    history = versions(registry.conn, scene.merged)
    assert [(by, current, source) for by, current, source, _ in history] == [
        (None, False, None),
        (None, True, "brk"),
    ]
    assert history[1][3] == [
        {"parcel": f"{AKR} A 3", "change": "merged", "successors": [f"{AKR} A 5"]}
    ]
    changes = registry.conn.execute(
        "SELECT field, old_value, new_value FROM publication.project_changes(%s) "
        "WHERE field = 'plan_area'",
        (scene.reshaped,),
    ).fetchall()
    assert changes == [("plan_area", 5000, 6000)]


def test_each_owner_group_gets_a_notice(registry, scene):
    registry.follow(scene.run)
    notices = registry.conn.execute(
        "SELECT user_group_id::text, kind, message_nl FROM plan.notice WHERE project_id = %s "
        "ORDER BY user_group_id",
        (scene.split,),
    ).fetchall()
    assert [n[0] for n in notices] == sorted(registry.groups)
    assert {n[1] for n in notices} == {"parcel_area_followed"}
    assert f"perceel {AKR} A 2 is gesplitst in {AKR} A 21, {AKR} A 22" in notices[0][2]
    merged = registry.conn.execute(
        "SELECT message_nl FROM plan.notice WHERE project_id = %s LIMIT 1", (scene.merged,)
    ).fetchone()[0]
    assert "opgegaan in APD01 A 5" in merged and "deelselectie" in merged


def test_a_vanished_parcel_is_listed_and_the_area_keeps_its_shape(registry, scene):
    registry.follow(scene.run)
    issues = registry.conn.execute(
        "SELECT project_id::text, plan.parcel_designation(cadastral_municipality_code, section, "
        "parcel_number), since_run_id, resolved_at FROM plan.parcel_issue WHERE project_id = %s",
        (scene.vanished,),
    ).fetchall()
    assert issues == [(scene.vanished, f"{AKR} A 6", scene.run, None)]
    assert (f"{AKR} A 6", 5000, None) in registry.current_parcels(scene.vanished)
    assert registry.current_area(scene.vanished) == pytest.approx(5000 + 6000)


def test_only_vanished_parcels_list_without_a_new_version(registry):
    first = registry.run()
    registry.parcel(first, 7, rect(900, 0, 100, 50))
    pid = registry.project(area_source="parcels", parcels=[parcel_ref(7)])
    second = registry.run()
    registry.remove(second, 7)
    assert [(o, d["vanished"]) for _, o, d in registry.follow(second)] == [
        ("vanished", [f"{AKR} A 7"])
    ]
    assert len(versions(registry.conn, pid)) == 1
    kinds = registry.conn.execute(
        "SELECT DISTINCT kind FROM plan.notice WHERE project_id = %s", (pid,)
    )
    assert kinds.fetchall() == [("parcel_vanished",)]


def test_drawn_and_imported_areas_are_untouched(registry, scene):
    registry.follow(scene.run)
    for pid in (scene.drawn, scene.imported):
        assert [row[:3] for row in versions(registry.conn, pid)] == [(None, True, None)]
        assert (
            registry.conn.execute(
                "SELECT count(*) FROM plan.notice WHERE project_id = %s", (pid,)
            ).fetchone()[0]
            == 0
        )


def test_following_twice_changes_nothing_the_second_time(registry, scene):
    registry.follow(scene.run)
    count = (
        "SELECT (SELECT count(*) FROM plan.project_version), (SELECT count(*) FROM plan.notice), "
    )
    count += "(SELECT count(*) FROM plan.parcel_issue)"
    before = registry.conn.execute(count).fetchone()
    assert registry.follow(scene.run) == []
    assert registry.conn.execute(count).fetchone() == before


def test_the_ingest_role_runs_the_follow_up_but_cannot_write_plans(registry, scene, migrated_db):
    with psycopg.connect(migrated_db.url("ingest")) as ingest:
        rows = ingest.execute(
            "SELECT project_id, outcome FROM plan.follow_parcel_changes(%s)", (scene.run,)
        ).fetchall()
        assert len(rows) == 4
        ingest.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ingest.execute(
                "UPDATE plan.project_version SET name = 'x' WHERE project_id = %s", (scene.split,)
            )
        ingest.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ingest.execute(
                "INSERT INTO plan.notice (user_group_id, kind, message_nl) VALUES (%s, 'x', 'x')",
                (registry.groups[0],),
            )
    with (
        psycopg.connect(migrated_db.url("webapp")) as webapp,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        webapp.execute("SELECT plan.follow_parcel_changes(%s)", (scene.run,))


def test_an_issue_resolves_itself_when_the_parcel_comes_back(registry, scene):
    registry.follow(scene.run)
    third = registry.run()
    registry.parcel(third, 6, rect(700, 0, 100, 50))
    assert registry.follow(third) == []  # same geometry as the project kept: nothing to change
    resolved = registry.conn.execute(
        "SELECT resolved_at IS NOT NULL, resolved_by FROM plan.parcel_issue WHERE project_id = %s",
        (scene.vanished,),
    ).fetchall()
    assert resolved == [(True, None)]


def test_a_refused_follow_up_is_reported_and_does_not_stop_the_run(registry):
    first = registry.run()
    registry.parcel(first, 8, rect(1000, 0, 100, 50))
    registry.parcel(first, 9, rect(800, 0, 100, 50))
    broken = registry.project(area_source="parcels", parcels=[parcel_ref(8)])
    fine = registry.project(area_source="parcels", parcels=[parcel_ref(9)])
    registry.conn.execute(  # the municipality's boundary: everything but east of x = 1150
        "UPDATE ref.municipality SET boundary = ST_Multi(ST_GeomFromText(%s, 28992)) "
        "WHERE code = %s",
        (RUN_AREA_WEST, registry.town),
    )
    second = registry.run()
    registry.parcel(second, 8, rect(1000, 0, 300, 50))  # now reaches outside the municipality
    registry.parcel(second, 9, rect(800, 0, 90, 50))
    outcomes = {pid: outcome for pid, outcome, _ in registry.follow(second)}
    assert outcomes == {broken: "failed", fine: "updated"}
    assert registry.current_area(broken) == pytest.approx(5000)  # left as it was
    kinds = registry.conn.execute(
        "SELECT DISTINCT kind FROM plan.notice WHERE project_id = %s", (broken,)
    ).fetchall()
    assert kinds == [("parcel_follow_failed",)]
