"""Every rule the database enforces raises its stable code, with a Dutch and an English message."""

import re
import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.sql import builders
from tests.sql.builders import raises_rule
from tests.sql.conftest import Town

pytestmark = pytest.mark.db

BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[136000, 455000], [136500, 455500], [136500, 455000], [136000, 455500],
                     [136000, 455000]]],
}  # fmt: skip


DEFERRED_RULES = ", ".join(
    f"plan.{t}"
    for t in (
        "ownership_totals",
        "breakdown_totals",
        "amount_totals",
        "milestone_periods",
        "houseblock_periods",
    )
)


def check_deferred_rules(conn: psycopg.Connection) -> None:
    """Check the deferred rules (totals, periods) now, as the commit would.

    SET CONSTRAINTS ... IMMEDIATE runs the pending checks at once. Not ALL: the project ->
    start/end milestone foreign keys must stay deferred, because plan.create_project inserts a
    project before its milestones. Called after the edit: in immediate mode a check fired by
    the first statement of an edit function would miss rows its later statements insert.
    """
    conn.execute(f"SET CONSTRAINTS {DEFERRED_RULES} IMMEDIATE")


def milestone_of(conn: psycopg.Connection, project_id: str, column: str) -> str:
    return conn.execute(
        f"SELECT {column}::text FROM plan.project WHERE id = %s", (project_id,)
    ).fetchone()[0]


def current_phases(conn: psycopg.Connection, project_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT phase FROM plan.project_version WHERE project_id = %s AND superseded_at IS NULL",
        (project_id,),
    ).fetchall()
    return [r[0] for r in rows]


# --- dates and periods -------------------------------------------------------------------


@pytest.mark.parametrize("end", ["2024-01-01", "2023-06-01"])
def test_create_project_refuses_end_not_after_start(conn, town: Town, end: str):
    with raises_rule(conn, "project_dates_out_of_order"):
        builders.project(conn, town.code, town.group_id, start_date="2024-01-01", end_date=end)


def test_create_project_refuses_missing_end_date(conn, town: Town):
    with raises_rule(conn, "project_dates_out_of_order"):
        builders.project(conn, town.code, town.group_id, end_date=None)


def test_set_milestone_refuses_project_end_before_start(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    end_ms = milestone_of(conn, pid, "end_milestone_id")
    with raises_rule(conn, "project_dates_out_of_order"):
        conn.execute("SELECT plan.set_milestone(%s, '2023-01-01')", (end_ms,))
        check_deferred_rules(conn)


def test_update_project_refuses_start_date_after_end(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "project_dates_out_of_order"):
        builders.update_project(conn, pid, {"start_date": "2031-01-01"})
        check_deferred_rules(conn)


def test_project_dates_out_of_order_fires_at_commit_without_immediate(owner_url, town: Town):
    # deferred rules are checked at commit: the transaction as a whole is refused
    with psycopg.connect(owner_url) as other:
        code = builders.municipality(other, "GM9703")
        group = builders.user_group(other, code)
        pid = builders.project(other, code, group)
        other.execute(
            "SELECT plan.set_milestone(%s, '2023-01-01')",
            (milestone_of(other, pid, "end_milestone_id"),),
        )
        with pytest.raises(psycopg.errors.CheckViolation) as info:
            other.commit()
        assert info.value.diag.constraint_name == "project_dates_out_of_order"
    with psycopg.connect(owner_url) as check:
        assert (
            check.execute("SELECT count(*) FROM plan.project WHERE id = %s", (pid,)).fetchone()[0]
            == 0
        )


def test_create_houseblock_refuses_start_before_project_start(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "houseblock_outside_project_period"):
        builders.houseblock(conn, pid, start_date="2023-01-01")
        check_deferred_rules(conn)


def test_create_houseblock_refuses_end_after_project_end(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "houseblock_outside_project_period"):
        builders.houseblock(conn, pid, end_date="2031-01-01")
        check_deferred_rules(conn)


def test_create_houseblock_accepts_period_inside_project(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    hb = builders.houseblock(conn, pid, start_date="2025-01-01", end_date="2027-01-01")
    check_deferred_rules(conn)
    dates = conn.execute(
        "SELECT start_date::text, end_date::text FROM publication.houseblocks_at('2026-01-01') "
        "WHERE id = %s",
        (hb,),
    ).fetchone()
    assert dates == ("2025-01-01", "2027-01-01")


def test_update_project_refuses_end_before_houseblock_end(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.houseblock(conn, pid, start_date="2025-01-01", end_date="2028-01-01")
    with raises_rule(conn, "houseblock_outside_project_period"):
        builders.update_project(conn, pid, {"end_date": "2027-01-01"})
        check_deferred_rules(conn)


def test_create_houseblock_refuses_end_not_after_start(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "houseblock_dates_out_of_order"):
        builders.houseblock(conn, pid, start_date="2027-01-01", end_date="2026-01-01")
        check_deferred_rules(conn)


# --- breakdown and ownership totals ------------------------------------------------------


def test_create_houseblock_refuses_breakdown_above_amount(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "breakdown_exceeds_amount"):
        builders.houseblock(
            conn, pid, amount=10, breakdown={"house_type": {"single_family": 6, "multi_family": 5}}
        )
        check_deferred_rules(conn)


def test_create_houseblock_counts_breakdown_totals_per_property(conn, town: Town):
    # 10 per property is fine even though all properties together give 30
    pid = builders.project(conn, town.code, town.group_id)
    hb = builders.houseblock(
        conn,
        pid,
        amount=10,
        breakdown={
            "house_type": {"single_family": 6, "multi_family": 4},
            "target_group": {"regular": 7, "elderly": 3},
            "physical_appearance": {"terraced": 10},
        },
    )
    check_deferred_rules(conn)
    row = conn.execute(
        "SELECT single_family, multi_family FROM publication.houseblocks_at(current_date) "
        "WHERE id = %s",
        (hb,),
    ).fetchone()
    assert row == (6, 4)


def test_update_houseblock_refuses_amount_below_breakdown(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    hb = builders.houseblock(conn, pid, amount=10, breakdown={"house_type": {"single_family": 8}})
    with raises_rule(conn, "breakdown_exceeds_amount"):
        conn.execute("SELECT plan.update_houseblock(%s, %s)", (hb, Jsonb({"amount": 5})))
        check_deferred_rules(conn)


def test_create_houseblock_refuses_ownership_above_amount(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    lines = [
        {"ownership_type": "owner_occupied", "amount": 6},
        {"ownership_type": "social_rental", "amount": 5},
    ]
    with raises_rule(conn, "ownership_exceeds_amount"):
        builders.houseblock(conn, pid, amount=10, ownership_lines=lines)
        check_deferred_rules(conn)


def test_create_houseblock_accepts_ownership_equal_to_amount(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    lines = [
        {"ownership_type": "owner_occupied", "amount": 6},
        {"ownership_type": "social_rental", "amount": 4},
    ]
    hb = builders.houseblock(conn, pid, amount=10, ownership_lines=lines)
    check_deferred_rules(conn)
    row = conn.execute(
        "SELECT owner_occupied, social_rental FROM publication.houseblocks_at(current_date) "
        "WHERE id = %s",
        (hb,),
    ).fetchone()
    assert row == (6, 4)


def test_create_houseblock_refuses_unknown_breakdown_option(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "breakdown_option_invalid"):
        builders.houseblock(conn, pid, breakdown={"house_type": {"castle": 1}})


# --- planning status and confidentiality -------------------------------------------------


@pytest.mark.parametrize("status", ["1A", "1B", "2A", "2B"])
def test_create_project_refuses_hard_status_below_external_governmental(conn, town, status):
    with raises_rule(conn, "hard_status_needs_external_governmental"):
        builders.project(
            conn, town.code, town.group_id, planning_status=status, confidentiality_level=5
        )


@pytest.mark.parametrize("status", ["1A", "1B", "2A", "2B"])
def test_create_project_accepts_hard_status_at_external_governmental(conn, town, status):
    pid = builders.project(
        conn,
        town.code,
        town.group_id,
        planning_status=status,
        confidentiality_level="external_governmental",
    )
    assert conn.execute(
        "SELECT planning_status, confidentiality_level FROM plan.project_version "
        "WHERE project_id = %s",
        (pid,),
    ).fetchone() == (status, 6)


@pytest.mark.parametrize("status", ["1C", "2C", "3", "5A", "5B"])
def test_create_project_accepts_soft_status_at_internal_civil(conn, town, status):
    pid = builders.project(
        conn, town.code, town.group_id, planning_status=status, confidentiality_level=2
    )
    assert conn.execute(
        "SELECT planning_status FROM plan.project_version WHERE project_id = %s", (pid,)
    ).fetchone() == (status,)


def test_update_project_refuses_lowering_confidentiality_of_hard_status(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id, planning_status="2A")
    with raises_rule(conn, "hard_status_needs_external_governmental"):
        builders.update_project(conn, pid, {"confidentiality_level": "internal_council"})


def test_create_project_refuses_unknown_planning_status(conn, town: Town):
    with raises_rule(conn, "planning_status_unknown"):
        builders.project(conn, town.code, town.group_id, planning_status="9Z")


def test_create_project_refuses_unknown_confidentiality_code(conn, town: Town):
    with raises_rule(conn, "confidentiality_level_unknown"):
        builders.project(conn, town.code, town.group_id, confidentiality_level="secret")


# --- geometry ----------------------------------------------------------------------------


def test_create_project_refuses_self_intersecting_plan_area(conn, town: Town):
    with raises_rule(conn, "plan_area_invalid"):
        builders.project(conn, town.code, town.group_id, plan_area=BOW_TIE)


def test_create_project_refuses_plan_area_outside_netherlands(conn, town: Town):
    with raises_rule(conn, "plan_area_outside_netherlands"):
        builders.project(conn, town.code, town.group_id, plan_area=builders.square(900000, 455000))


def test_create_project_refuses_plan_area_partly_outside_netherlands(conn, town: Town):
    with raises_rule(conn, "plan_area_outside_netherlands"):
        builders.project(
            conn, town.code, town.group_id, plan_area=builders.square(299800, 455000, 500)
        )


def test_create_project_refuses_location_outside_netherlands(conn, town: Town):
    point = {"type": "Point", "coordinates": [900000, 455000]}
    with raises_rule(conn, "location_outside_netherlands"):
        builders.project(conn, town.code, town.group_id, location=point)


def test_create_project_stores_drawn_plan_area_in_rd(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id, plan_area=builders.square(size=100))
    row = conn.execute(
        "SELECT area_source, area_ha, ST_SRID(geometry) FROM publication.projects_at(current_date)"
        " WHERE id = %s",
        (pid,),
    ).fetchone()
    assert row == ("drawn", 1, 28992)


# --- custom properties -------------------------------------------------------------------


def test_create_project_refuses_missing_mandatory_custom_value(conn, town: Town):
    builders.custom_property(conn, town.code, "text", mandatory=True)
    with raises_rule(conn, "custom_value_mandatory_missing"):
        builders.project(conn, town.code, town.group_id)


def test_create_project_refuses_null_mandatory_custom_value(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "text", mandatory=True)
    with raises_rule(conn, "custom_value_mandatory_missing"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: None})


def test_create_project_accepts_filled_mandatory_custom_value(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "text", mandatory=True)
    pid = builders.project(conn, town.code, town.group_id, custom_values={prop: "ja"})
    values = conn.execute(
        "SELECT custom_values FROM publication.projects_at(current_date) WHERE id = %s", (pid,)
    ).fetchone()[0]
    assert values == {prop: "ja"}


def test_mandatory_project_property_does_not_apply_to_other_municipality(
    conn, town: Town, other_town: Town
):
    builders.custom_property(conn, other_town.code, "text", mandatory=True)
    pid = builders.project(conn, town.code, town.group_id)
    assert current_phases(conn, pid) == ["concept"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (-1, "custom_value_below_min"),
        (101, "custom_value_above_max"),
        (2.5, "custom_value_not_integer"),
        ("12", "custom_value_wrong_type"),
        ({"min": 10, "max": 5}, "custom_value_wrong_type"),
        ({"min": -5, "max": 5}, "custom_value_below_min"),
    ],
)
def test_custom_numeric_value_follows_min_max_integer(conn, town: Town, value, code):
    prop = builders.custom_property(
        conn, town.code, "numeric", rules={"min": 0, "max": 100, "integer": True}
    )
    with raises_rule(conn, code):
        builders.project(conn, town.code, town.group_id, custom_values={prop: value})


@pytest.mark.parametrize("value", [0, 100, 42, {"min": 10, "max": 20}])
def test_custom_numeric_value_accepts_values_within_rules(conn, town: Town, value):
    prop = builders.custom_property(
        conn, town.code, "numeric", rules={"min": 0, "max": 100, "integer": True}
    )
    pid = builders.project(conn, town.code, town.group_id, custom_values={prop: value})
    assert (
        conn.execute(
            "SELECT custom_values -> %s FROM plan.project_version WHERE project_id = %s",
            (prop, pid),
        ).fetchone()[0]
        == value
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "custom_value_pattern"),
        ("ABCD", "custom_value_pattern"),
        (12, "custom_value_wrong_type"),
    ],
)
def test_custom_text_value_follows_pattern(conn, town: Town, value, code):
    prop = builders.custom_property(conn, town.code, "text", rules={"pattern": "^[A-Z]{3}$"})
    with raises_rule(conn, code):
        builders.project(conn, town.code, town.group_id, custom_values={prop: value})


def test_custom_text_value_refuses_text_longer_than_max_length(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "text", rules={"max_length": 5})
    builders.project(conn, town.code, town.group_id, name="Vijf", custom_values={prop: "12345"})
    with raises_rule(conn, "custom_value_too_long"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: "123456"})


def test_custom_category_value_refuses_unknown_option(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "category", single_select=False)
    builders.property_option(conn, prop, "north")
    with raises_rule(conn, "custom_value_option_unknown"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: str(uuid.uuid4())})


def test_custom_category_value_refuses_disabled_option(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "category", single_select=False)
    old = builders.property_option(conn, prop, "old", disabled=True)
    with raises_rule(conn, "custom_value_option_unknown"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: [old]})


def test_custom_category_value_refuses_option_of_another_property(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "category", single_select=False)
    other = builders.custom_property(
        conn, town.code, "category", name="Ander plusveld", single_select=False
    )
    foreign = builders.property_option(conn, other, "east")
    with raises_rule(conn, "custom_value_option_unknown"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: [foreign]})


def test_custom_single_select_refuses_two_options(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "category", single_select=True)
    a = builders.property_option(conn, prop, "a")
    b = builders.property_option(conn, prop, "b")
    with raises_rule(conn, "custom_value_single_select"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: [a, b]})


def test_custom_multi_select_accepts_two_options(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "category", single_select=False)
    a = builders.property_option(conn, prop, "a")
    b = builders.property_option(conn, prop, "b")
    pid = builders.project(conn, town.code, town.group_id, custom_values={prop: [a, b]})
    assert conn.execute(
        "SELECT custom_values -> %s FROM plan.project_version WHERE project_id = %s", (prop, pid)
    ).fetchone()[0] == [a, b]


def test_custom_value_refused_outside_allowed_phases(conn, town: Town):
    prop = builders.custom_property(
        conn, town.code, "boolean", rules={"allowed_phases": ["concept", "initiative"]}
    )
    builders.project(conn, town.code, town.group_id, phase="initiative", custom_values={prop: True})
    with raises_rule(conn, "custom_value_not_allowed_in_phase"):
        builders.project(conn, town.code, town.group_id, phase="design", custom_values={prop: True})


def test_update_project_refuses_phase_change_that_leaves_value_outside_allowed_phases(
    conn, town: Town
):
    prop = builders.custom_property(
        conn, town.code, "boolean", rules={"allowed_phases": ["concept"]}
    )
    pid = builders.project(conn, town.code, town.group_id, custom_values={prop: False})
    with raises_rule(conn, "custom_value_not_allowed_in_phase"):
        builders.update_project(conn, pid, {"phase": "design"})


def test_custom_houseblock_property_refused_on_project(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "boolean", object_type="houseblock")
    with raises_rule(conn, "custom_property_wrong_object"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: True})


def test_custom_project_property_refused_on_houseblock(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "boolean", object_type="project")
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "custom_property_wrong_object"):
        builders.houseblock(conn, pid, custom_values={prop: True})


def test_custom_property_of_other_municipality_refused(conn, town: Town, other_town: Town):
    prop = builders.custom_property(conn, other_town.code, "boolean")
    with raises_rule(conn, "custom_property_wrong_object"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: True})


def test_custom_property_unknown_or_disabled_refused(conn, town: Town):
    gone = builders.custom_property(conn, town.code, "boolean")
    conn.execute("UPDATE plan.property SET disabled_at = now() WHERE id = %s", (gone,))
    for key in (str(uuid.uuid4()), gone):
        with raises_rule(conn, "custom_property_unknown"):
            builders.project(conn, town.code, town.group_id, custom_values={key: True})


def test_custom_boolean_value_refuses_string(conn, town: Town):
    prop = builders.custom_property(conn, town.code, "boolean")
    with raises_rule(conn, "custom_value_wrong_type"):
        builders.project(conn, town.code, town.group_id, custom_values={prop: "yes"})


@pytest.mark.parametrize("kind", ["project", "houseblock"])
def test_custom_values_must_be_an_object(conn, town: Town, kind):
    pid = builders.project(conn, town.code, town.group_id) if kind == "houseblock" else None
    with raises_rule(conn, "custom_values_not_object"):
        if pid is None:
            builders.project(conn, town.code, town.group_id, custom_values=[1, 2])
        else:
            builders.houseblock(conn, pid, custom_values=[1, 2])


# --- code lists, areas, fields, colour ---------------------------------------------------


def test_create_project_refuses_unknown_plan_type(conn, town: Town):
    with raises_rule(conn, "plan_type_unknown"):
        builders.project(conn, town.code, town.group_id, plan_types=["densification", "skyscraper"])


def test_create_project_refuses_unknown_municipality_role(conn, town: Town):
    with raises_rule(conn, "municipality_role_unknown"):
        builders.project(conn, town.code, town.group_id, municipality_roles=["client", "king"])


def test_create_project_accepts_known_plan_types_and_roles(conn, town: Town):
    pid = builders.project(
        conn,
        town.code,
        town.group_id,
        plan_types=["densification", "restructuring"],
        municipality_roles=["landowner"],
    )
    row = conn.execute(
        "SELECT plan_types, municipality_roles FROM publication.projects_at(current_date) "
        "WHERE id = %s",
        (pid,),
    ).fetchone()
    assert row == (["densification", "restructuring"], ["landowner"])


def test_create_project_refuses_unknown_municipality(conn, town: Town):
    with raises_rule(conn, "municipality_unknown"):
        builders.project(conn, "GM0000", town.group_id)


def test_create_project_refuses_district_of_other_municipality(conn, town: Town, other_town):
    conn.execute(
        "INSERT INTO ref.district (code, name, municipality_code) VALUES "
        "('WK970101', 'Eigen wijk', %s), ('WK970201', 'Andere wijk', %s)",
        (town.code, other_town.code),
    )
    builders.project(conn, town.code, town.group_id, district_codes=["WK970101"])
    with raises_rule(conn, "district_not_in_municipality"):
        builders.project(conn, town.code, town.group_id, district_codes=["WK970201"])


def test_create_project_refuses_neighbourhood_of_other_municipality(conn, town, other_town):
    conn.execute(
        "INSERT INTO ref.district (code, name, municipality_code) VALUES "
        "('WK970201', 'Andere wijk', %s)",
        (other_town.code,),
    )
    conn.execute(
        "INSERT INTO ref.neighbourhood (code, name, district_code) VALUES "
        "('BU97020101', 'Andere buurt', 'WK970201')"
    )
    with raises_rule(conn, "neighbourhood_not_in_district"):
        builders.project(conn, town.code, town.group_id, neighbourhood_codes=["BU97020101"])


@pytest.mark.parametrize(
    "field", ["nmae", "id", "recorded_at", "valid_from_milestone_id", "valid_from", "valid_to"]
)
def test_create_project_refuses_unknown_or_system_field(conn, town: Town, field):
    with raises_rule(conn, "unknown_field"):
        builders.project(conn, town.code, town.group_id, **{field: "x"})


def test_update_project_refuses_unknown_field(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "unknown_field"):
        builders.update_project(conn, pid, {"fase": "design"})


def test_create_houseblock_refuses_unknown_field(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "unknown_field"):
        builders.houseblock(conn, pid, aantal=10)


@pytest.mark.parametrize("colour", ["red", "#12345", "#GGGGGG", "1F77B4"])
def test_create_project_refuses_invalid_colour(conn, town: Town, colour):
    with raises_rule(conn, "colour_invalid"):
        builders.project(conn, town.code, town.group_id, colour=colour)


def test_create_project_refuses_blank_name(conn, town: Town):
    with raises_rule(conn, "project_name_blank"):
        builders.project(conn, town.code, town.group_id, name="   ")


def test_create_project_refuses_no_owner_group(conn, town: Town):
    with raises_rule(conn, "project_owner_missing"):
        builders.project(conn, town.code, town.group_id, owner_group_ids=[])


def test_create_project_refuses_taken_municipal_id(conn, town: Town):
    builders.project(conn, town.code, town.group_id, municipal_id="P-001")
    with raises_rule(conn, "project_municipal_id_taken"):
        builders.project(conn, town.code, town.group_id, municipal_id="P-001")


# --- prices ------------------------------------------------------------------------------


def price_category(conn: psycopg.Connection, municipality_code: str, kind: str) -> str:
    return conn.execute(
        "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents, "
        "max_cents, valid_from) VALUES (%s, %s, %s, 0, 100000, '2024-01-01') RETURNING id::text",
        (municipality_code, kind, f"Goedkoop {kind}"),
    ).fetchone()[0]


@pytest.mark.parametrize(
    "prices",
    [
        {"price_cents": 30000000, "price_range_cents": [25000000, 35000000]},
        {"price_cents": 30000000, "category": True},
    ],
)
def test_ownership_line_refuses_two_prices(conn, town: Town, prices):
    pid = builders.project(conn, town.code, town.group_id)
    line = {"ownership_type": "owner_occupied", "amount": 5, **prices}
    if line.pop("category", False):
        line["price_category_id"] = price_category(conn, town.code, "purchase")
    with raises_rule(conn, "price_ambiguous"):
        builders.houseblock(conn, pid, ownership_lines=[line])


def test_ownership_line_refuses_rent_category_on_owner_occupied(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    rent = price_category(conn, town.code, "rent")
    line = {"ownership_type": "owner_occupied", "amount": 5, "price_category_id": rent}
    with raises_rule(conn, "price_category_kind_mismatch"):
        builders.houseblock(conn, pid, ownership_lines=[line])


def test_ownership_line_refuses_purchase_category_on_rental(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    purchase = price_category(conn, town.code, "purchase")
    line = {"ownership_type": "social_rental", "amount": 5, "price_category_id": purchase}
    with raises_rule(conn, "price_category_kind_mismatch"):
        builders.houseblock(conn, pid, ownership_lines=[line])


def test_ownership_line_accepts_matching_price_category(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    rent = price_category(conn, town.code, "rent")
    line = {"ownership_type": "private_rental", "amount": 5, "price_category_id": rent}
    hb = builders.houseblock(conn, pid, ownership_lines=[line])
    assert conn.execute(
        "SELECT private_rental FROM publication.houseblocks_at(current_date) WHERE id = %s", (hb,)
    ).fetchone() == (5,)


def test_ownership_line_refuses_negative_price(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    line = {"ownership_type": "owner_occupied", "amount": 5, "price_cents": -1}
    with raises_rule(conn, "price_negative"):
        builders.houseblock(conn, pid, ownership_lines=[line])


# --- milestones --------------------------------------------------------------------------


def test_add_milestone_refuses_realised_in_future(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "milestone_realised_in_future"):
        conn.execute("SELECT plan.add_milestone(%s, current_date + 30, 'realised')", (pid,))


def test_set_milestone_refuses_realised_status_on_future_date(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    end_ms = milestone_of(conn, pid, "end_milestone_id")
    with raises_rule(conn, "milestone_realised_in_future"):
        conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised')", (end_ms,))


def test_set_milestone_accepts_realised_today_or_earlier(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    start_ms = milestone_of(conn, pid, "start_milestone_id")
    conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised')", (start_ms,))
    today = conn.execute(
        "SELECT plan.add_milestone(%s, current_date, 'realised')::text", (pid,)
    ).fetchone()[0]
    statuses = conn.execute(
        "SELECT status FROM plan.milestone_version WHERE milestone_id = ANY(%s::uuid[]) "
        "AND superseded_at IS NULL",
        ([start_ms, today],),
    ).fetchall()
    assert statuses == [("realised",), ("realised",)]


def test_set_milestone_refuses_unknown_status(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    with raises_rule(conn, "milestone_status_unknown"):
        conn.execute(
            "SELECT plan.set_milestone(%s, NULL, 'postponed')",
            (milestone_of(conn, pid, "end_milestone_id"),),
        )


def split_milestone(conn: psycopg.Connection, project_id: str, on_date: str) -> str:
    """The milestone created by a project edit that splits the versions at on_date."""
    return conn.execute(
        "SELECT m.id::text FROM plan.milestone m JOIN plan.milestone_version mv "
        "ON mv.milestone_id = m.id AND mv.superseded_at IS NULL "
        "WHERE m.project_id = %s AND mv.date = %s",
        (project_id, on_date),
    ).fetchone()[0]


@pytest.mark.parametrize("new_date", ["2030-01-01", "2031-01-01", "2024-01-01", "2023-01-01"])
def test_set_milestone_refuses_move_past_neighbour(conn, town: Town, new_date):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    split = split_milestone(conn, pid, "2026-06-01")
    with raises_rule(conn, "milestone_overlaps_neighbours"):
        conn.execute("SELECT plan.set_milestone(%s, %s)", (split, new_date))


def test_set_milestone_moves_intermediate_milestone_between_neighbours(conn, town: Town):
    pid = builders.project(conn, town.code, town.group_id)
    builders.update_project(conn, pid, {"phase": "design"}, "2026-06-01")
    split = split_milestone(conn, pid, "2026-06-01")
    conn.execute("SELECT plan.set_milestone(%s, '2025-06-01')", (split,))
    phase = conn.execute(
        "SELECT phase FROM publication.projects_at('2025-09-01') WHERE id = %s", (pid,)
    ).fetchone()
    assert phase == ("design",)


def test_set_milestone_refuses_unknown_milestone(conn, town: Town):
    with raises_rule(conn, "milestone_not_found"):
        conn.execute("SELECT plan.set_milestone(%s, '2025-01-01')", (str(uuid.uuid4()),))


def test_update_project_refuses_unknown_project(conn, town: Town):
    with raises_rule(conn, "project_not_found"):
        builders.update_project(conn, str(uuid.uuid4()), {"phase": "design"})


# --- the rule catalogue ------------------------------------------------------------------


def test_rule_codes_are_lower_snake_identifiers(conn):
    codes = [r[0] for r in conn.execute("SELECT code FROM ref.rule").fetchall()]
    assert len(codes) > 50
    bad = [c for c in codes if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", c)]
    assert bad == []


def test_rule_messages_exist_in_dutch_and_english(conn):
    missing = conn.execute(
        "SELECT code FROM ref.rule WHERE coalesce(btrim(plan.rule_message(code, 'nl')), '') = '' "
        "OR coalesce(btrim(plan.rule_message(code, 'en')), '') = '' "
        "OR plan.rule_message(code, 'nl') = plan.rule_message(code, 'en')"
    ).fetchall()
    assert missing == []


# Constraint names PostgreSQL generates, and the structural names (milestone links, the
# transaction-time exclusion) that no edit function lets a user break.
STRUCTURAL = r"(_pkey|_fkey|_key|_check|_fk|_overlap|_excl)$"


def test_named_plan_constraints_have_a_rule(conn):
    rows = conn.execute(
        "SELECT DISTINCT c.conname FROM pg_constraint c JOIN pg_namespace n "
        "ON n.oid = c.connamespace WHERE n.nspname = 'plan' AND c.contype IN ('c', 'f', 'u') "
        "AND c.conname !~ %s AND NOT EXISTS (SELECT 1 FROM ref.rule r WHERE r.code = c.conname)",
        (STRUCTURAL,),
    ).fetchall()
    assert rows == []


def test_named_plan_unique_indexes_have_a_rule(conn):
    # a unique violation reports the index name as the constraint name, so it is a rule code too
    rows = conn.execute(
        "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class ic ON ic.oid = i.indexrelid "
        "WHERE n.nspname = 'plan' AND i.indisunique AND NOT i.indisprimary "
        "AND ic.relname !~ %s AND ic.relname !~ '_current$' "
        "AND NOT EXISTS (SELECT 1 FROM ref.rule r WHERE r.code = ic.relname)",
        (STRUCTURAL,),
    ).fetchall()
    assert rows == []


def test_custom_property_refuses_taken_name(conn, town: Town):
    builders.custom_property(conn, town.code, "text", name="Duurzaamheid")
    with raises_rule(conn, "property_name_taken"):
        builders.custom_property(conn, town.code, "text", name="duurzaamheid")


def test_every_raised_rule_code_has_a_rule(conn):
    bodies = conn.execute(
        "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname IN ('plan', 'publication')"
    ).fetchall()
    raised = {code for (body,) in bodies for code in re.findall(r"raise_rule\('(\w+)'", body)}
    known = {r[0] for r in conn.execute("SELECT code FROM ref.rule").fetchall()}
    assert len(raised) > 30
    assert raised - known == set()
