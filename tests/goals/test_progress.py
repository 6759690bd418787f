"""Goal progress at a reference date against hand-computed counts on a small hand-made world."""

import psycopg
import pytest

from tests.goals.conftest import DISTRICT_A
from tests.goals.conftest import DISTRICT_B
from tests.goals.conftest import OTHER
from tests.goals.conftest import TOWN
from tests.goals.conftest import World
from tests.goals.conftest import as_editor
from tests.goals.conftest import progress
from tests.goals.conftest import save_goal
from tests.sql import builders


def direct_count(conn: psycopg.Connection, reference_date: str, realised: bool) -> int:
    """Construction in the period 2025-2030 of the counted projects (P6 private left out), by SQL;
    realised: delivered before the reference date with the end milestone realised."""
    return conn.execute(
        """
        SELECT coalesce(sum(hv.amount), 0)::int
        FROM plan.houseblock_version_at(%s::date) hv
        JOIN plan.houseblock h ON h.id = hv.houseblock_id
        JOIN plan.project p ON p.id = h.project_id
        JOIN plan.project_version_at(current_date) pv ON pv.project_id = p.id
        JOIN plan.milestone_version ms ON ms.milestone_id = h.end_milestone_id
         AND ms.superseded_at IS NULL
        WHERE p.municipality_code = %s AND pv.confidentiality_level >= 2
          AND hv.mutation_kind = 'construction'
          AND coalesce(hv.delivery_latest, h.end_date) BETWEEN '2025-01-01' AND '2030-12-31'
          AND (NOT %s OR (coalesce(hv.delivery_latest, h.end_date) < %s::date
                          AND ms.status = 'realised'))
        """,
        (reference_date, TOWN, realised, reference_date),
    ).fetchone()[0]


@pytest.mark.parametrize(
    ("reference_date", "now"),
    # at 2031 P2 and P3 are past their delivery date but not recorded as realised: still planned
    [("2024-12-31", 0), ("2026-01-01", 100), ("2027-01-01", 110), ("2031-06-01", 110)],
)
def test_number_minimum_counts_realised_now_and_future_projects_in_the_forecast(
    conn, world: World, reference_date: str, now: int
) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    result = progress(conn, goal, reference_date)
    assert result["value_now"] == now == direct_count(conn, reference_date, realised=True)
    # P3 is a future project (starts 2027): it counts in the forecast at every reference date
    assert result["value_forecast"] == 240 == direct_count(conn, reference_date, realised=False)
    assert result["met_now"] is False
    assert result["reaches_by_deadline"] is False
    assert result["gap"] == -10
    assert result["status"] == "off_track"
    assert result["status_label"] == "niet op koers"


def test_reference_date_picks_the_version_valid_then(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    builders_update = "SELECT plan.update_houseblock(%s, '{\"amount\": 70}', NULL, '2027-01-01')"
    conn.execute(builders_update, (world.blocks["P2a"],))
    before = progress(conn, goal, "2026-01-01")
    after = progress(conn, goal, "2028-01-01")
    assert before["value_forecast"] == 240  # P2a planned at 50 until 2027
    assert after["value_forecast"] == 260  # and at 70 from 2027 on
    assert after["reaches_by_deadline"] is True
    assert after["status"] == "on_track"
    assert after["gap"] == 10


def test_number_maximum_and_met_minimum(conn, world: World) -> None:
    cap = save_goal(conn, world, name="Hooguit 300", direction="maximum", target=300)
    floor = save_goal(conn, world, name="Minstens 100", target=100)
    assert progress(conn, cap, "2026-01-01")["status"] == "on_track"
    assert progress(conn, cap, "2031-06-01")["status"] == "met"
    assert progress(conn, cap, "2031-06-01")["gap"] == -60
    met = progress(conn, floor, "2026-01-01")
    assert (met["met_now"], met["status"], met["status_label"]) == (True, "met", "gehaald")


def test_percentage_minimum_social_rental(conn, world: World) -> None:
    goal = save_goal(
        conn,
        world,
        name="30% sociale huur",
        kind="percentage",
        target=30,
        conditions=[{"kind": "ownership", "ownership_types": ["social_rental"]}],
    )
    now = progress(conn, goal, "2026-01-01")
    assert now["value_now"] == 30.0  # 30 of P1a's 100
    assert now["value_forecast"] == 33.3  # (30 + 50) / 240
    assert (now["matching_forecast"], now["scope_forecast"]) == (80, 240)
    assert now["gap"] == 8  # 80 - 30% of 240
    assert now["met_now"] is True and now["status"] == "met"


def test_percentage_maximum_multi_family_in_a_district(conn, world: World) -> None:
    goal = save_goal(
        conn,
        world,
        name="Max 40% meergezins in wijk A",
        kind="percentage",
        direction="maximum",
        target=40,
        district_codes=[DISTRICT_A],
        conditions=[{"kind": "house_type", "option_ids": [world.options["multi"]]}],
    )
    result = progress(conn, goal, "2026-01-01")
    assert result["value_now"] == 60.0  # P1a: 60 of 100
    assert result["value_forecast"] == 36.8  # (60 + 10) / (100 + 80 + 10)
    assert result["met_now"] is False and result["reaches_by_deadline"] is True
    assert result["status"] == "on_track"
    assert result["gap"] == -6  # 70 - 40% of 190


def test_two_breakdown_conditions_multiply_shares(conn, world: World) -> None:
    goal = save_goal(
        conn,
        world,
        name="Meergezins sociale huur",
        target=50,
        conditions=[
            {"kind": "house_type", "option_ids": [world.options["multi"]]},
            {"kind": "ownership", "ownership_types": ["social_rental"]},
        ],
    )
    # P1a: 100 x 60/100 x 30/100 = 18; P2a: 50 x 1 x 1 = 50; P5a has no ownership lines: 0
    assert progress(conn, goal, "2031-06-01")["value_forecast"] == 68


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"kind": "phase", "codes": ["realisation"]}, 100),
        ({"kind": "planning_status", "codes": ["3"]}, 50),
        ({"kind": "programming", "value": True}, 80),
        ({"kind": "target_group", "option_ids": ["elderly"]}, 20),
        ({"kind": "house_type", "option_ids": ["single"]}, 120),
        (
            {"kind": "custom_property", "property_id": "ambition", "option_ids": ["ambition_high"]},
            100,
        ),
        ({"kind": "custom_property", "property_id": "lifelong", "value": True}, 50),
    ],
)
def test_each_condition_kind(conn, world: World, condition: dict, expected: int) -> None:
    resolved = dict(condition)
    if "option_ids" in resolved:
        resolved["option_ids"] = [world.options[k] for k in resolved["option_ids"]]
    if "property_id" in resolved:
        resolved["property_id"] = world.properties[resolved["property_id"]]
    goal = save_goal(conn, world, name="Voorwaarde", target=1, conditions=[resolved])
    assert progress(conn, goal, "2026-01-01")["value_forecast"] == expected


def test_price_category_matches_values_and_reissued_categories_by_name(conn, world: World) -> None:
    goal = save_goal(
        conn,
        world,
        name="Middeldure koop",
        target=100,
        conditions=[
            {
                "kind": "ownership",
                "ownership_types": ["owner_occupied"],
                "price_category_ids": [world.price["mid_2024"]],
            }
        ],
    )
    # P1a's 70 at EUR 300.000 fall in the 2024 category; P3a's 80 carry the 2029 one (same name)
    result = progress(conn, goal, "2026-01-01")
    assert (result["value_now"], result["value_forecast"]) == (70, 150)
    assert "Prijscategorie: Middeldure koop" in result["condition_labels"][0]


def test_net_measure_subtracts_demolition(conn, world: World) -> None:
    goal = save_goal(
        conn, world, name="Netto wijk A", target=100, measure="net", district_codes=[DISTRICT_A]
    )
    result = progress(conn, goal, "2026-01-01")
    assert result["value_now"] == 80  # 100 built - 20 demolished
    assert result["value_forecast"] == 170  # + 80 (P3) + 10 (P5)


def test_geography_districts_neighbourhoods_and_drawn_area(conn, world: World) -> None:
    by_district = save_goal(conn, world, name="Wijk B", target=1, district_codes=[DISTRICT_B])
    by_neighbourhood = save_goal(
        conn, world, name="Buurt", target=1, neighbourhood_codes=["BU95310101"]
    )
    drawn = save_goal(
        conn, world, name="Gebied", target=1, area=builders.square(135900, 454900, 1000)
    )
    assert progress(conn, by_district, "2026-01-01")["value_forecast"] == 50
    assert progress(conn, by_neighbourhood, "2026-01-01")["value_forecast"] == 100
    result = progress(conn, drawn, "2026-01-01")
    assert result["value_forecast"] == 100  # only P1's plan area lies in the drawn square
    assert result["geography"]["label"] == "getekend gebied"


def test_council_counts_a_confidential_project_but_never_names_it(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    result = progress(conn, goal, "2027-01-01", role="council")
    assert result["value_now"] == 110  # P5 (intern ambtelijk) counts in the council's totals
    assert result["value_forecast"] == 240
    names = {c["name"] for c in result["contributions"]}
    assert names == {"P1 Centrum", "P3 Toekomst", "P2 Zuid"}
    assert world.projects["P5"] not in {c["project_id"] for c in result["contributions"]}
    assert result["other_projects"] == {"projects": 1, "amount": 10, "amount_now": 10}
    assert result["contributions"][0] == {
        "project_id": world.projects["P1"],
        "name": "P1 Centrum",
        "amount": 100,
        "amount_now": 100,
    }


def test_a_small_total_holding_a_confidential_project_is_suppressed(conn, world: World) -> None:
    goal = save_goal(
        conn,
        world,
        name="Voorbereiding",
        target=5,
        conditions=[{"kind": "phase", "codes": ["preparation"]}],
    )
    council = progress(conn, goal, "2027-01-01", role="council")
    assert council["suppressed"] is True and council["status"] == "suppressed"
    assert council["value_now"] is None and council["value_forecast"] is None
    assert council["contributions"] == []
    assert council["other_projects"] == {"projects": 1, "amount": None, "amount_now": None}
    plus = progress(conn, goal, "2027-01-01", role="user_plus")
    assert plus["suppressed"] is False and plus["value_now"] == 10


def test_private_projects_count_only_for_their_owners(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    conn.execute(
        "SELECT plan.set_viewer('user', %s, NULL, NULL, ARRAY[%s]::uuid[])", (TOWN, world.group_id)
    )
    result = conn.execute(
        "SELECT publication.goal_progress('2027-01-01', ARRAY[%s::uuid])", (goal,)
    ).fetchone()[0][0]
    assert result["value_forecast"] == 1240  # P6's 1000 for a member of its owner group


def test_goals_of_other_municipalities_and_anonymous_viewers(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    as_editor(conn, OTHER)
    assert conn.execute("SELECT publication.goal_progress('2027-01-01')").fetchone()[0] == []
    public = progress(conn, goal, "2027-01-01", role=None, municipality=TOWN)
    assert public["value_forecast"] == 240  # anonymous on the town's public page: counted totals
    assert {c["name"] for c in public["contributions"]} == {"P1 Centrum", "P3 Toekomst"}


def test_filter_by_category(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    as_editor(conn)
    other = conn.execute(
        "SELECT plan.save_goal_category(NULL, %s, 'Betaalbaarheid')::text", (TOWN,)
    ).fetchone()[0]
    rows = conn.execute(
        "SELECT publication.goal_progress('2027-01-01', NULL, ARRAY[%s::uuid])", (other,)
    ).fetchone()[0]
    assert rows == []
    rows = conn.execute(
        "SELECT publication.goal_progress('2027-01-01', NULL, ARRAY[%s::uuid])",
        (world.category_id,),
    ).fetchone()[0]
    assert [r["id"] for r in rows] == [goal]


def test_an_aborted_houseblock_delivers_nothing(conn, world: World) -> None:
    goal = save_goal(conn, world, name="250 woningen", target=250)
    conn.execute(
        "SELECT plan.set_milestone(h.end_milestone_id, h.end_date, 'aborted') "
        "FROM plan.houseblock h WHERE h.id = %s",
        (world.blocks["P3a"],),
    )
    assert progress(conn, goal, "2026-01-01")["value_forecast"] == 160  # 240 without P3's 80
