"""A small hand-made world for the goal tests: one municipality, seven projects, known numbers."""

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.sql import builders

TOWN = "GM9531"  # GM91xx are the delivery tests' generated municipalities
OTHER = "GM9532"
DISTRICT_A = "WK953101"
DISTRICT_B = "WK953102"
NEIGHBOURHOOD_A1 = "BU95310101"
PERIOD = {"period_start": "2025-01-01", "period_end": "2030-12-31"}
MILLION = 100_000_000  # one million euro in cents


@dataclass
class World:
    """Ids of the hand-made projects, options and categories (see build_world for the numbers)."""

    group_id: str
    category_id: str
    projects: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    price: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)


def option_id(conn: psycopg.Connection, key: str, code: str) -> str:
    """The id of an option of a fixed breakdown property (house_type, target_group, ...)."""
    return conn.execute(
        "SELECT o.id::text FROM plan.property_option o "
        "JOIN plan.property p ON p.id = o.property_id "
        "WHERE p.key = %s AND o.code = %s",
        (key, code),
    ).fetchone()[0]


def as_editor(conn: psycopg.Connection, municipality: str = TOWN, role: str = "user_plus") -> None:
    conn.execute("SELECT plan.set_viewer(%s, %s)", (role, municipality))


def as_viewer(conn: psycopg.Connection, role: str | None, municipality: str | None = TOWN) -> None:
    conn.execute("SELECT plan.set_viewer(%s, %s)", (role, municipality))


def save_goal(conn: psycopg.Connection, world: World, **data: Any) -> str:
    """Save a goal (as the town's user_plus) with the world's category and the default period."""
    as_editor(conn)
    payload = {"category_id": world.category_id, "kind": "number", "direction": "minimum"}
    payload |= PERIOD | data
    return conn.execute(
        "SELECT plan.save_goal(NULL, %s, %s)::text", (TOWN, Jsonb(payload))
    ).fetchone()[0]


def progress(
    conn: psycopg.Connection,
    goal_id: str,
    reference_date: str | date,
    role: str | None = "user_plus",
    municipality: str | None = TOWN,
) -> dict:
    """The goal's result from publication.goal_progress as the given viewer."""
    as_viewer(conn, role, municipality)
    result = conn.execute(
        "SELECT publication.goal_progress(%s::date, ARRAY[%s::uuid])",
        (str(reference_date), goal_id),
    ).fetchone()[0]
    assert len(result) == 1, result
    return result[0]


def _block(
    conn, world: World, name: str, project: str, realised: bool = False, **data: Any
) -> None:
    """A houseblock ending on its delivery date; realised: its end milestone is realised."""
    block = builders.houseblock(
        conn, world.projects[project], name=name, end_date=data["delivery_latest"], **data
    )
    world.blocks[name] = block
    if realised:
        conn.execute(
            "SELECT plan.set_milestone(h.end_milestone_id, h.end_date, 'realised') "
            "FROM plan.houseblock h WHERE h.id = %s",
            (block,),
        )


def _projects(conn: psycopg.Connection, world: World) -> None:
    g = world.group_id
    amb = world.properties["ambition"]
    world.projects["P1"] = builders.project(
        conn,
        TOWN,
        g,
        name="P1 Centrum",
        phase="realisation",
        planning_status="1A",
        district_codes=[DISTRICT_A],
        neighbourhood_codes=[NEIGHBOURHOOD_A1],
        plan_area=builders.square(136000, 455000, 500),
        custom_values={amb: world.options["ambition_high"]},
    )
    world.projects["P2"] = builders.project(
        conn,
        TOWN,
        g,
        name="P2 Zuid",
        phase="design",
        planning_status="3",
        confidentiality_level=4,
        district_codes=[DISTRICT_B],
        plan_area=builders.square(138000, 455000, 300),
    )
    world.projects["P3"] = builders.project(
        conn,
        TOWN,
        g,
        name="P3 Toekomst",
        start_date="2027-01-01",
        end_date="2032-01-01",
        district_codes=[DISTRICT_A],
        plan_area=builders.square(140000, 455000, 400),
    )
    world.projects["P4"] = builders.project(
        conn, TOWN, g, name="P4 Sloop", phase="realisation", district_codes=[DISTRICT_A]
    )
    world.projects["P5"] = builders.project(
        conn,
        TOWN,
        g,
        name="P5 Ambtelijk",
        phase="preparation",
        confidentiality_level=2,
        district_codes=[DISTRICT_A],
    )
    world.projects["P6"] = builders.project(
        conn, TOWN, g, name="P6 Prive", confidentiality_level=1, district_codes=[DISTRICT_A]
    )
    world.projects["P7"] = builders.project(
        conn, TOWN, g, name="P7 Vroeg", district_codes=[DISTRICT_A]
    )


def _blocks(conn: psycopg.Connection, world: World) -> None:
    social, owner = "social_rental", "owner_occupied"
    _block(
        conn,
        world,
        "P1a",
        "P1",
        realised=True,
        amount=100,
        delivery_latest="2025-06-30",
        breakdown={"house_type": {"multi_family": 60, "single_family": 40}},
        ownership_lines=[
            {"ownership_type": social, "amount": 30},
            {"ownership_type": owner, "amount": 70, "price_cents": 3 * MILLION // 10},
        ],
    )
    _block(
        conn,
        world,
        "P2a",
        "P2",
        amount=50,
        delivery_latest="2028-03-01",
        custom_values={world.properties["lifelong"]: True},
        breakdown={"house_type": {"multi_family": 50}, "target_group": {"elderly": 20}},
        ownership_lines=[{"ownership_type": social, "amount": 50}],
    )
    _block(
        conn,
        world,
        "P3a",
        "P3",
        amount=80,
        delivery_latest="2029-12-31",
        programming=True,
        breakdown={"house_type": {"single_family": 80}},
        ownership_lines=[
            {"ownership_type": owner, "amount": 80, "price_category_id": world.price["mid_2029"]}
        ],
    )
    _block(
        conn,
        world,
        "P4a",
        "P4",
        realised=True,
        mutation_kind="demolition",
        amount=20,
        delivery_latest="2025-03-01",
    )
    _block(
        conn,
        world,
        "P5a",
        "P5",
        realised=True,
        amount=10,
        delivery_latest="2026-06-01",
        breakdown={"house_type": {"multi_family": 10}},
    )
    _block(conn, world, "P6a", "P6", realised=True, amount=1000, delivery_latest="2026-06-01")
    _block(conn, world, "P7a", "P7", realised=True, amount=7, delivery_latest="2024-06-01")


def _reference(conn: psycopg.Connection, world: World) -> None:
    conn.execute(
        "INSERT INTO ref.district (code, name, municipality_code) VALUES "
        "(%s, 'Wijk A', %s), (%s, 'Wijk B', %s)",
        (DISTRICT_A, TOWN, DISTRICT_B, TOWN),
    )
    conn.execute(
        "INSERT INTO ref.neighbourhood (code, name, district_code) VALUES (%s, 'Buurt A1', %s)",
        (NEIGHBOURHOOD_A1, DISTRICT_A),
    )
    for key, start, end in (
        ("mid_2024", "2024-01-01", "2029-01-01"),
        ("mid_2029", "2029-01-01", None),
    ):
        world.price[key] = conn.execute(
            "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents, "
            "max_cents, valid_from, valid_to) "
            "VALUES (%s, 'purchase', 'Middeldure koop', %s, %s, %s, %s) "
            "RETURNING id::text",
            (TOWN, MILLION // 4, 4 * MILLION // 10, start, end),
        ).fetchone()[0]
    world.properties["ambition"] = builders.custom_property(conn, TOWN, "category", name="Ambitie")
    world.options["ambition_high"] = builders.property_option(
        conn, world.properties["ambition"], "hoog"
    )
    world.options["ambition_low"] = builders.property_option(
        conn, world.properties["ambition"], "laag"
    )
    world.properties["lifelong"] = builders.custom_property(
        conn, TOWN, "boolean", object_type="houseblock", name="Levensloopbestendig"
    )
    for key, code in (("multi", "multi_family"), ("single", "single_family")):
        world.options[key] = option_id(conn, "house_type", code)
    world.options["elderly"] = option_id(conn, "target_group", "elderly")


def build_world(conn: psycopg.Connection) -> World:
    """The hand-made set; the numbers every test computes by hand (period 2025-2030). Each
    houseblock ends on its delivery date; deliveries before today are realised (their end
    milestone), later ones planned.

    P1 public, wijk A, buurt A1, realisatie, 1A: 100 built 2025-06-30 (60 meergezins, 40 eengezins;
       30 sociale huur, 70 koop at EUR 300.000), ambition "hoog", plan area square at 136000.
    P2 intern raad (4), wijk B, ontwerp, status 3: 50 built 2028-03-01 (50 meergezins, 20 ouderen,
       50 sociale huur), levensloopbestendig.
    P3 public, future project (2027-2032), wijk A: 80 built 2029-12-31 (80 eengezins, 80 koop in
       category "Middeldure koop" of 2029), in programmering.
    P4 public, wijk A: 20 demolished 2025-03-01.
    P5 intern ambtelijk (2), wijk A, voorbereiding: 10 built 2026-06-01 (10 meergezins).
    P6 private (1): 1000 built 2026-06-01 (never counted for the viewers below).
    P7 public: 7 built 2024-06-01 (before the period).
    """
    builders.municipality(conn, TOWN)
    builders.municipality(conn, OTHER)
    world = World(group_id=builders.user_group(conn, TOWN), category_id="")
    _reference(conn, world)
    _projects(conn, world)
    _blocks(conn, world)
    as_editor(conn)
    world.category_id = conn.execute(
        "SELECT plan.save_goal_category(NULL, %s, 'Woningbouw')::text", (TOWN,)
    ).fetchone()[0]
    return world


@pytest.fixture(scope="module")
def world_connection(owner_url: str) -> Iterator[tuple[psycopg.Connection, World]]:
    """One connection per test module holding the built world in an open transaction."""
    with psycopg.connect(owner_url) as connection:
        built = build_world(connection)
        yield connection, built
        connection.rollback()


@pytest.fixture
def conn(world_connection) -> Iterator[psycopg.Connection]:
    """The module's connection; whatever a test writes is rolled back to the built world."""
    connection, _ = world_connection
    connection.execute("SAVEPOINT goal_test")
    yield connection
    connection.execute("ROLLBACK TO SAVEPOINT goal_test")


@pytest.fixture
def world(world_connection, conn) -> World:
    return world_connection[1]
