"""Small builders for the SQL tests: municipalities, user groups, projects and houseblocks."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

PROVINCE = "PV26"


def square(x: float = 136000, y: float = 455000, size: float = 500) -> dict:
    """A GeoJSON MultiPolygon square in EPSG:28992 with its lower-left corner at (x, y)."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def municipality(
    conn: psycopg.Connection,
    code: str,
    province: str = PROVINCE,
    region: str | None = None,
) -> str:
    """Insert a test municipality (and its region when given) and return its CBS code."""
    if region is not None:
        conn.execute(
            "INSERT INTO ref.region (code, name, province_code) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (region, f"Regio {region}", province),
        )
    conn.execute(
        "INSERT INTO ref.municipality (code, name, province_code, region_code) "
        "VALUES (%s, %s, %s, %s)",
        (code, f"Test {code}", province, region),
    )
    return code


def user_group(conn: psycopg.Connection, municipality_code: str, name: str = "Team") -> str:
    """Insert a user group of a municipality and return its id."""
    return conn.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES (%s, %s) RETURNING id::text",
        (municipality_code, name),
    ).fetchone()[0]


def project(
    conn: psycopg.Connection,
    municipality_code: str,
    group_id: str,
    **data: Any,
) -> str:
    """Create a project through plan.create_project (public, 2024-2030 unless overridden)."""
    payload = {
        "municipality_code": municipality_code,
        "name": "Testproject",
        "phase": "concept",
        "confidentiality_level": 7,
        "start_date": "2024-01-01",
        "end_date": "2030-01-01",
        "owner_group_ids": [group_id],
        **data,
    }
    return conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(payload),)).fetchone()[0]


def houseblock(conn: psycopg.Connection, project_id: str, **data: Any) -> str:
    """Create a houseblock through plan.create_houseblock (10 dwellings built unless overridden)."""
    payload = {"name": "Blok A", "mutation_kind": "construction", "amount": 10, **data}
    return conn.execute(
        "SELECT plan.create_houseblock(%s, %s)::text", (project_id, Jsonb(payload))
    ).fetchone()[0]


def update_project(
    conn: psycopg.Connection, project_id: str, changes: dict, edit_date: str | None = None
) -> None:
    """Edit a project through plan.update_project as of edit_date (default: today)."""
    conn.execute(
        "SELECT plan.update_project(%s, %s, NULL, coalesce(%s::date, current_date))",
        (project_id, Jsonb(changes), edit_date),
    )


def custom_property(
    conn: psycopg.Connection,
    municipality_code: str,
    value_type: str,
    object_type: str = "project",
    **columns: Any,
) -> str:
    """Insert a custom property (plusveld) of a municipality and return its id."""
    values = {
        "municipality_code": municipality_code,
        "kind": "custom",
        "object_type": object_type,
        "value_type": value_type,
        "name": f"Plusveld {value_type} {object_type}",
        **columns,
    }
    if value_type in ("category", "ordinal"):
        values.setdefault("single_select", True)
    if "rules" in values:
        values["rules"] = Jsonb(values["rules"])
    names = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    return conn.execute(
        f"INSERT INTO plan.property ({names}) VALUES ({marks}) RETURNING id::text",
        list(values.values()),
    ).fetchone()[0]


def property_option(
    conn: psycopg.Connection, property_id: str, code: str, disabled: bool = False
) -> str:
    """Insert an option of a category property and return its id."""
    return conn.execute(
        "INSERT INTO plan.property_option (property_id, code, label_nl, disabled_at) "
        "VALUES (%s, %s, %s, CASE WHEN %s THEN now() END) RETURNING id::text",
        (property_id, code, code.title(), disabled),
    ).fetchone()[0]


@contextmanager
def raises_rule(conn: psycopg.Connection, code: str) -> Iterator[None]:
    """Expect the statements in the block to break rule `code`, then roll back to before them.

    Asserts the SQLSTATE is an integrity violation (class 23), the constraint name is the rule
    code, and the rule has a Dutch and an English message for the person who broke it.
    """
    conn.execute("SAVEPOINT expect_rule")
    with pytest.raises(psycopg.IntegrityError) as info:
        yield
    conn.execute("ROLLBACK TO SAVEPOINT expect_rule")
    assert info.value.sqlstate.startswith("23"), str(info.value)
    assert info.value.diag.constraint_name == code, str(info.value)
    nl, en = conn.execute(
        "SELECT plan.rule_message(%s, 'nl'), plan.rule_message(%s, 'en')", (code, code)
    ).fetchone()
    assert nl, f"no Dutch message for {code}"
    assert en, f"no English message for {code}"
