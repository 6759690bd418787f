"""Demo goals (doelen) of the demo municipalities in categories; replaced on every load."""

import logging
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from manage.demo import DEMO_CODES

LOGGER = logging.getLogger(__name__)
PERIOD = {"period_start": "2025-01-01", "period_end": "2030-12-31"}
CATEGORIES = ["Woningbouwopgave", "Betaalbaarheid", "Woningmix"]


def goal_specs(conn: psycopg.Connection, code: str) -> list[tuple[str, dict[str, Any]]]:
    """(category, goal) pairs for one municipality; conditions refer to its own options."""

    def option(key: str, option_code: str) -> str:
        return conn.execute(
            "SELECT o.id::text FROM plan.property_option o JOIN plan.property p "
            "ON p.id = o.property_id WHERE p.key = %s AND o.code = %s",
            (key, option_code),
        ).fetchone()[0]

    district = conn.execute(  # the district with the most projects, so its goal has numbers
        "SELECT d.code, d.name FROM ref.district d JOIN plan.project_version v "
        "ON d.code = ANY (v.district_codes) AND v.superseded_at IS NULL "
        "WHERE d.municipality_code = %s GROUP BY 1, 2 "
        "ORDER BY count(DISTINCT v.project_id) DESC, 1 LIMIT 1",
        (code,),
    ).fetchone()
    affordable = conn.execute(
        "SELECT id::text FROM plan.price_category WHERE municipality_code = %s "
        "AND price_kind = 'purchase' AND name = 'Betaalbare koop' ORDER BY valid_from DESC LIMIT 1",
        (code,),
    ).fetchone()
    number = {"kind": "number", "direction": "minimum"} | PERIOD
    share = {"kind": "percentage"} | PERIOD
    specs = [
        ("Woningbouwopgave", number | {"name": "1.000 woningen 2025-2030", "target": 1000}),
        (
            "Woningbouwopgave",
            number
            | {
                "name": "Netto 3.000 woningen erbij 2020-2030",
                "target": 3000,
                "measure": "net",
                "period_start": "2020-01-01",
            },
        ),
        (
            "Betaalbaarheid",
            share
            | {
                "name": "30% sociale huur",
                "direction": "minimum",
                "target": 30,
                "conditions": [{"kind": "ownership", "ownership_types": ["social_rental"]}],
            },
        ),
        (
            "Woningmix",
            number
            | {
                "name": "150 woningen voor ouderen",
                "target": 150,
                "conditions": [
                    {"kind": "target_group", "option_ids": [option("target_group", "elderly")]}
                ],
            },
        ),
    ]
    if affordable:
        specs.append(
            (
                "Betaalbaarheid",
                share
                | {
                    "name": "20% betaalbare koop",
                    "direction": "minimum",
                    "target": 20,
                    "conditions": [
                        {
                            "kind": "ownership",
                            "ownership_types": ["owner_occupied"],
                            "price_category_ids": [affordable[0]],
                        }
                    ],
                },
            )
        )
    if district:
        specs.append(
            (
                "Woningmix",
                share
                | {
                    "name": f"Max 40% meergezins in {district[1]}",
                    "direction": "maximum",
                    "target": 40,
                    "district_codes": [district[0]],
                    "conditions": [
                        {"kind": "house_type", "option_ids": [option("house_type", "multi_family")]}
                    ],
                },
            )
        )
    return specs


def load_demo_goals(owner_url: str) -> int:
    """Replace the demo municipalities' goals and categories; returns how many goals there are."""
    count = 0
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.goal WHERE municipality_code = ANY (%s)", (DEMO_CODES,))
        conn.execute(
            "DELETE FROM plan.goal_category WHERE municipality_code = ANY (%s)", (DEMO_CODES,)
        )
        for code in DEMO_CODES:
            conn.execute("SELECT plan.set_viewer('user_plus', %s)", (code,))
            categories = {
                name: conn.execute(
                    "SELECT plan.save_goal_category(NULL, %s, %s, %s)", (code, name, order)
                ).fetchone()[0]
                for order, name in enumerate(CATEGORIES, start=1)
            }
            for category, goal in goal_specs(conn, code):
                data = goal | {"category_id": str(categories[category])}
                conn.execute("SELECT plan.save_goal(NULL, %s, %s)", (code, Jsonb(data)))
                count += 1
    LOGGER.info("Loaded %s demo goals", count)
    return count
