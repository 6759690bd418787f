"""A small, fully known municipality for the golden export tests (built through plan.*)."""

from dataclasses import dataclass
from datetime import date

import psycopg

from tests.sql import builders

MUNICIPALITY = "GM9801"
DISTRICT = ("WK980101", "Oud Centrum")
NEIGHBOURHOOD = ("BU98010101", "Kerkbuurt")
PEILDATUM = date(2026, 6, 1)


@dataclass
class Golden:
    """Ids of the golden data and the viewer who sees it all."""

    project: str
    empty_project: str
    construction: str
    demolition: str
    group: str
    viewer: dict
    properties: dict


def area_codes(code: str) -> tuple[str, str]:
    """The golden district and neighbourhood codes of a municipality code."""
    return f"WK{code[2:]}01", f"BU{code[2:]}0101"


def insert_area(conn: psycopg.Connection, code: str) -> None:
    district, neighbourhood = area_codes(code)
    builders.municipality(conn, code, province="PV25")
    conn.execute(
        "INSERT INTO ref.district (code, name, municipality_code) VALUES (%s, %s, %s)",
        (district, DISTRICT[1], code),
    )
    conn.execute(
        "INSERT INTO ref.neighbourhood (code, name, district_code) VALUES (%s, %s, %s)",
        (neighbourhood, NEIGHBOURHOOD[1], district),
    )


def insert_properties(conn: psycopg.Connection, code: str) -> dict:
    """Two project plusvelden, one houseblock plusveld and a purchase price category."""
    parking = builders.custom_property(conn, code, "numeric", name="Parkeerplaatsen")
    features = builders.custom_property(
        conn, code, "category", name="Kenmerken", single_select=False
    )
    options = [builders.property_option(conn, features, code) for code in ("optie a", "optie b")]
    lifelong = builders.custom_property(conn, code, "boolean", "houseblock", name="Levensloop")
    categories = [
        conn.execute(
            "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents,"
            " max_cents, valid_from) VALUES (%s, %s, %s, 0, %s, '2020-01-01') RETURNING id::text",
            (code, kind, name, top),
        ).fetchone()[0]
        for kind, name, top in (("purchase", "Betaalbaar", 40000000), ("rent", "Sociaal", 90000))
    ]
    return {
        "parking": parking,
        "features": features,
        "options": options,
        "lifelong": lifelong,
        "category": categories[0],
        "rent_category": categories[1],
    }


def insert_projects(
    conn: psycopg.Connection, code: str, group: str, props: dict, strict: bool
) -> tuple[str, ...]:
    """A project with history and two houseblocks, and a public project without houseblocks."""
    district, neighbourhood = area_codes(code)
    project = builders.project(
        conn,
        code,
        group,
        municipal_id="GLD-001",
        name="Gouden Hoek",
        phase="definition",
        planning_status="4A",
        confidentiality_level=6,
        plan_types=["densification", "restructuring"],
        priority="high",
        municipality_roles=["client", "landowner"],
        district_codes=[district],
        neighbourhood_codes=[neighbourhood],
        colour="#123456",
        plan_area=builders.square(190000, 470000, 200),
        area_source="drawn",
        custom_values={props["parking"]: 12, props["features"]: props["options"]},
    )
    builders.update_project(
        conn, project, {"phase": "design", "planning_status": "3"}, "2025-06-01"
    )
    construction = builders.houseblock(conn, project, **construction_block(props, strict))
    demolition = builders.houseblock(
        conn,
        project,
        name="Sloop oude school",
        mutation_kind="demolition",
        amount=6,
        start_date="2024-06-01",
        end_date="2025-01-01",
        size_m2=70,
        programming=strict,
        ownership_lines=[{"ownership_type": "social_rental", "amount": 6}],
        **({"delivery_earliest": "2025-01-01", "delivery_latest": "2025-01-01"} if strict else {}),
        breakdown={"house_type": {"multi_family": 6}},
    )
    empty = builders.project(
        conn, code, group, municipal_id="GLD-002", name="Lege kavel", phase="concept"
    )
    return project, empty, construction, demolition


def construction_block(props: dict, strict: bool) -> dict:
    """Blok A; strict: as DIWI's import rules want it (every dwelling an ownership line, one kind
    of price per ownership type), else with an unknown dwelling and mixed purchase prices."""
    lines = [
        {"ownership_type": "owner_occupied", "amount": 8, "price_cents": 30000000},
        {"ownership_type": "owner_occupied", "amount": 4, "price_category_id": props["category"]},
        {"ownership_type": "private_rental", "amount": 5, "price_range_cents": [90000, 120000]},
        {"ownership_type": "social_rental", "amount": 2},
    ]
    if strict:
        lines[1] = {
            "ownership_type": "social_rental",
            "amount": 5,
            "price_category_id": props["rent_category"],
        }
    return {
        "name": "Blok A",
        "mutation_kind": "construction",
        "amount": 20,
        "start_date": "2025-01-01",
        "end_date": "2028-01-01",
        "delivery_earliest": "2027-03-01",
        "delivery_latest": "2027-09-01",
        "size_m2": [60, 80],
        "programming": True,
        "ownership_lines": lines,
        "breakdown": {
            "house_type": {"single_family": 12, "multi_family": 8},
            "physical_appearance": {"terraced": 12, "gallery_flat": 8},
            "target_group": {"regular": 15, "elderly": 5},
            "ground_position": {"formal_permission": 20},
        },
        "custom_values": {props["lifelong"]: True},
    }


def realise_past_milestones(conn: psycopg.Connection, code: str) -> None:
    """Milestones before today are realised, as in real data (an import realises them too)."""
    rows = conn.execute(
        "SELECT mv.milestone_id FROM plan.milestone m"
        " JOIN plan.project p ON p.id = m.project_id AND p.municipality_code = %s"
        " JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL"
        " WHERE mv.date < current_date AND mv.status = 'planned'",
        (code,),
    ).fetchall()
    for (milestone,) in rows:
        conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised')", (milestone,))


def build(owner_url: str, code: str = MUNICIPALITY, strict: bool = False) -> Golden:
    """Insert a golden municipality (committed; the session database is this test run's own).

    strict: the data also keeps DIWI's import rules (see construction_block).
    """
    with psycopg.connect(owner_url) as conn:
        insert_area(conn, code)
        group = builders.user_group(conn, code, "Team Goud")
        props = insert_properties(conn, code)
        project, empty, construction, demolition = insert_projects(conn, code, group, props, strict)
        if strict:
            realise_past_milestones(conn, code)
    viewer = {
        "role": "user_plus",
        "municipality_code": code,
        "region_code": None,
        "province_code": None,
        "group_ids": [group],
        "user_id": None,
    }
    return Golden(project, empty, construction, demolition, group, viewer, props)
