"""The delivery facts in SQL: totals, realised, cross-tab, price bands per period, selection."""

from typing import Any

import psycopg
import pytest

from tests.delivery.conftest import Area
from tests.delivery.conftest import add_properties
from tests.delivery.conftest import block
from tests.delivery.conftest import good_project
from tests.delivery.conftest import new_area

pytestmark = pytest.mark.db
REFERENCE = "2026-06-01"


@pytest.fixture
def area(conn: psycopg.Connection) -> Area:
    made = new_area(conn)
    add_properties(conn, made)
    return made


def facts(conn: psycopg.Connection, area: Area, template: str = "zuid-holland", **kw: Any) -> dict:
    """{project id: {"project": facts, "years": {year: facts}}} as the area's viewer sees them."""
    conn.execute(
        "SELECT plan.set_viewer('user_plus', %s, %s, %s, %s::uuid[])",
        (area.code, area.region, area.province, [area.group]),
    )
    rows = conn.execute(
        "SELECT project_id::text, year, facts"
        " FROM publication.delivery_facts(%s, %s, %s::uuid[], %s)",
        (template, kw.get("reference", REFERENCE), kw.get("ids"), kw.get("min_rank")),
    ).fetchall()
    result: dict[str, dict] = {}
    for pid, year, value in rows:
        entry = result.setdefault(pid, {"project": None, "years": {}})
        if year is None:
            entry["project"] = value
        else:
            entry["years"][year] = value
    return result


def cells(year_facts: dict, kind: str = "construction") -> dict[str, int]:
    prefix = f"year.cell.{kind}."
    return {k[len(prefix) :]: v for k, v in year_facts.items() if k.startswith(prefix) and v}


def test_totals_sum_every_block_and_realised_is_delivery_before_reference(conn, area):
    pid = good_project(conn, area)
    block(
        conn,
        pid,
        amount=10,
        delivery_latest="2025-06-01",
        delivery_earliest="2025-01-01",
        breakdown={"house_type": {"single_family": 4}},
    )
    block(conn, pid, amount=7, breakdown={"house_type": {"single_family": 2}})
    block(
        conn,
        pid,
        amount=3,
        mutation_kind="demolition",
        delivery_latest="2025-02-01",
        delivery_earliest="2025-01-01",
    )
    got = facts(conn, area)[pid]["project"]
    assert got["totals.construction"] == 17
    assert got["totals.construction_realised"] == 10  # delivered 2025, before the reference date
    assert got["totals.construction_remaining"] == 7
    assert got["totals.demolition"] == 3 and got["totals.demolition_realised"] == 3
    assert got["totals.net"] == 14 and got["totals.net_remaining"] == 7
    # unknown house type summed over both remaining... only the remaining block counts: 7 - 2
    assert got["totals.house_type_unknown_remaining"] == 5
    assert got["delivery.first_year"] == 2025 and got["delivery.last_year"] == 2027


def test_year_realised_flags_follow_the_reference_date(conn, area):
    pid = good_project(conn, area)
    block(conn, pid, delivery_latest="2025-06-01", delivery_earliest="2025-01-01")
    block(conn, pid, delivery_latest="2028-06-01", delivery_earliest="2028-01-01")
    years = facts(conn, area)[pid]["years"]
    assert years[2025]["year.construction_realised"] is True
    assert years[2028]["year.construction_realised"] is False


def test_future_projects_are_included(conn, area):
    pid = good_project(conn, area, start_date="2028-01-01", end_date="2032-01-01")
    block(conn, pid, delivery_latest="2030-06-01", delivery_earliest="2030-01-01")
    got = facts(conn, area)[pid]["project"]
    assert got["project.status"] == "future"
    assert got["totals.construction"] == 10


def test_proportional_cross_tab_uses_largest_remainder_and_keeps_totals(conn, area):
    pid = good_project(conn, area)
    block(
        conn,
        pid,
        amount=10,
        breakdown={"house_type": {"single_family": 4, "multi_family": 6}},
        ownership_lines=[
            {"ownership_type": "owner_occupied", "amount": 6, "price_cents": 30_000_000}
        ],
    )
    year = facts(conn, area)[pid]["years"][2027]
    # exact shares 3.6 / 2.4 / 2.4 / 1.6: floors 3+2+2+1, the two .6 remainders get the last two
    assert cells(year) == {
        "multi_family.KOOP2": 4,
        "multi_family.ONBEKEND": 2,
        "single_family.KOOP2": 2,
        "single_family.ONBEKEND": 2,
    }
    assert year["year.crosstab_method"] == "proportional"
    assert sum(cells(year).values()) == year["year.construction"] == 10


def test_lines_with_their_own_house_type_are_cross_tabulated_as_they_are(conn, area):
    pid = good_project(conn, area)
    block(
        conn,
        pid,
        amount=10,
        breakdown={"house_type": {"single_family": 4, "multi_family": 6}},
        ownership_lines=[
            {
                "ownership_type": "owner_occupied",
                "amount": 4,
                "price_cents": 30_000_000,
                "house_type": "single_family",
            },
            {
                "ownership_type": "social_rental",
                "amount": 6,
                "price_cents": 60_000,
                "house_type": "multi_family",
            },
        ],
    )
    year = facts(conn, area)[pid]["years"][2027]
    # independence would split the koop homes 40/60 over the house types; the lines say otherwise
    assert cells(year) == {"single_family.KOOP2": 4, "multi_family.HUUR1": 6}
    assert year["year.crosstab_method"] == "crosstab"


def test_largest_remainder_always_preserves_the_total(conn):
    for total, weights in [
        (7, {"a": 1, "b": 1, "c": 1}),
        (1, {"a": 5, "b": 5}),
        (100, {"a": 0.3, "b": 0.7}),
    ]:
        got = conn.execute(
            "SELECT publication.largest_remainder(%s, %s::jsonb)",
            (total, __import__("json").dumps(weights)),
        ).fetchone()[0]
        assert sum(got.values()) == total


def test_price_bands_follow_the_period_of_the_delivery_date(conn, area):
    pid = good_project(conn, area)
    line = [{"ownership_type": "owner_occupied", "amount": 5, "price_cents": 40_000_000}]
    block(
        conn,
        pid,
        amount=5,
        ownership_lines=line,
        delivery_latest="2024-06-01",
        delivery_earliest="2024-01-01",
    )
    block(conn, pid, amount=5, ownership_lines=line, delivery_latest="2027-06-01")
    got = facts(conn, area, "zeeland")[pid]["project"]
    # Zeeland: betaalbare koop up to 390 000 in 2024, up to 405 000 from 2025
    assert got["totals.band.KOOP4"] == 5 and got["totals.band.KOOP2"] == 5
    assert got["pmw.dure_koop.total"] == 5 and got["pmw.betaalbare_koop.total"] == 5


def test_municipal_price_category_mapping_wins_over_the_bounds(conn, area):
    category = conn.execute(
        "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents,"
        " max_cents, valid_from)"
        " VALUES (%s, 'purchase', 'Middel', 20000000, 50000000, '2020-01-01') RETURNING id",
        (area.code,),
    ).fetchone()[0]
    pid = good_project(conn, area)
    block(
        conn,
        pid,
        amount=4,
        ownership_lines=[
            {"ownership_type": "owner_occupied", "amount": 4, "price_category_id": str(category)}
        ],
    )
    before = facts(conn, area)[pid]["project"]
    assert before["totals.band.KOOP_ONB"] == 4 and len(before["price_errors"]) == 1
    conn.execute(
        "INSERT INTO plan.delivery_price_mapping VALUES (%s, 'zuid-holland', %s, 'KOOP3')",
        (area.code, category),
    )
    after = facts(conn, area)[pid]["project"]
    assert after["totals.band.KOOP3"] == 4 and after["price_errors"] == []


def test_open_range_in_the_top_band_is_accepted(conn, area):
    pid = good_project(conn, area)
    block(
        conn,
        pid,
        amount=2,
        ownership_lines=[
            {
                "ownership_type": "owner_occupied",
                "amount": 2,
                "price_range_cents": [70_000_000, None],
            }
        ],
    )
    got = facts(conn, area)[pid]["project"]
    assert got["totals.band.KOOP4"] == 2 and got["price_errors"] == []


def test_minimum_rank_filters_and_other_municipalities_stay_out(conn, area):
    low = good_project(conn, area, confidentiality_level=3)
    high = good_project(conn, area, confidentiality_level=6)
    other = new_area(conn)
    add_properties(conn, other)
    good_project(conn, other, confidentiality_level=7, custom_values=other.custom())
    assert set(facts(conn, area, min_rank=5)) == {high}
    assert set(facts(conn, area)) == {low, high}


def test_municipal_only_statuses_are_never_delivered(conn, area):
    pid = good_project(conn, area, planning_status="5A")
    assert pid not in facts(conn, area)
