"""Goal definitions the database refuses, each with its rule code and Dutch message."""

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.goals.conftest import OTHER
from tests.goals.conftest import TOWN
from tests.goals.conftest import World
from tests.goals.conftest import as_editor
from tests.goals.conftest import save_goal
from tests.sql.builders import raises_rule


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "percentage", "target": 30}, "goal_percentage_needs_condition"),
        (
            {
                "kind": "percentage",
                "target": 120,
                "conditions": [{"kind": "programming", "value": True}],
            },
            "goal_percentage_above_100",
        ),
        ({"target": -1}, "goal_target_negative"),
        ({"target": 10.5}, "goal_target_not_whole"),
        (
            {"target": 10, "period_start": "2030-01-01", "period_end": "2025-01-01"},
            "goal_period_out_of_order",
        ),
        ({"target": 10, "name": " "}, "goal_name_blank"),
        ({"target": 10, "direction": "exact"}, "goal_direction_unknown"),
        ({"target": 10, "conditions": [{"kind": "colour"}]}, "goal_condition_invalid"),
        (
            {"target": 10, "conditions": [{"kind": "house_type", "option_ids": []}]},
            "goal_condition_invalid",
        ),
        (
            {
                "target": 10,
                "conditions": [
                    {"kind": "house_type", "option_ids": ["018f0000-0000-7000-8000-000000000000"]}
                ],
            },
            "goal_option_unknown",
        ),
        (
            {"target": 10, "conditions": [{"kind": "phase", "codes": ["finished"]}]},
            "goal_option_unknown",
        ),
        (
            {"target": 10, "conditions": [{"kind": "ownership", "ownership_types": ["castle"]}]},
            "goal_option_unknown",
        ),
        ({"target": 10, "district_codes": ["WK999901"]}, "goal_area_unknown"),
        (
            {
                "target": 10,
                "area": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
                },
            },
            "goal_area_invalid",
        ),
    ],
)
def test_invalid_goals_are_refused_with_a_message(
    conn, world: World, data: dict, code: str
) -> None:
    with raises_rule(conn, code):
        save_goal(conn, world, **({"name": "Doel"} | data))
    message = conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()[0]
    assert message and message != code


def test_an_option_of_another_property_is_refused(conn, world: World) -> None:
    with raises_rule(conn, "goal_option_unknown"):
        save_goal(
            conn,
            world,
            name="Doel",
            target=1,
            conditions=[{"kind": "target_group", "option_ids": [world.options["multi"]]}],
        )


def test_a_category_of_another_municipality_is_refused(conn, world: World) -> None:
    as_editor(conn, OTHER)
    foreign = conn.execute(
        "SELECT plan.save_goal_category(NULL, %s, 'Elders')::text", (OTHER,)
    ).fetchone()[0]
    with raises_rule(conn, "goal_category_unknown"):
        save_goal(conn, world, name="Doel", target=1, category_id=foreign)


def test_only_user_plus_or_admin_of_the_municipality_write_goals(conn, world: World) -> None:
    data = Jsonb(
        {
            "category_id": world.category_id,
            "name": "Doel",
            "kind": "number",
            "direction": "minimum",
            "target": 1,
            "period_start": "2025-01-01",
            "period_end": "2030-01-01",
        }
    )
    for role, municipality in (("user", TOWN), ("council", TOWN), ("user_plus", OTHER)):
        as_editor(conn, municipality, role)
        with raises_rule(conn, "goal_edit_not_allowed"):
            conn.execute("SELECT plan.save_goal(NULL, %s, %s)", (TOWN, data))
    as_editor(conn, TOWN, "admin")
    assert conn.execute("SELECT plan.save_goal(NULL, %s, %s)", (TOWN, data)).fetchone()[0]


def test_edit_keeps_history_and_remove_hides_the_goal(conn, world: World) -> None:
    goal = save_goal(conn, world, name="Eerst", target=1)
    as_editor(conn)
    conn.execute(
        "SELECT plan.save_goal(%s, %s, %s)",
        (
            goal,
            TOWN,
            Jsonb(
                {
                    "category_id": world.category_id,
                    "name": "Daarna",
                    "kind": "number",
                    "direction": "minimum",
                    "target": 2,
                    "period_start": "2025-01-01",
                    "period_end": "2030-01-01",
                }
            ),
        ),
    )
    names = conn.execute(
        "SELECT name, superseded_at IS NULL FROM plan.goal_version WHERE goal_id = %s "
        "ORDER BY recorded_at",
        (goal,),
    ).fetchall()
    # both edits fall in one transaction here, so the first version is replaced, not superseded
    assert names[-1] == ("Daarna", True)
    with raises_rule(conn, "goal_category_in_use"):
        conn.execute("SELECT plan.remove_goal_category(%s)", (world.category_id,))
    conn.execute("SELECT plan.remove_goal(%s, %s)", (goal, TOWN))
    assert conn.execute("SELECT publication.goal_progress(current_date)").fetchone()[0] == []
    conn.execute("SELECT plan.remove_goal_category(%s)", (world.category_id,))


def test_category_names_are_unique_per_municipality(conn: psycopg.Connection, world: World) -> None:
    as_editor(conn)
    with raises_rule(conn, "goal_category_name_taken"):
        conn.execute("SELECT plan.save_goal_category(NULL, %s, 'woningbouw')", (TOWN,))
    with raises_rule(conn, "goal_category_name_blank"):
        conn.execute("SELECT plan.save_goal_category(NULL, %s, '  ')", (TOWN,))
