"""Validation of a municipality's mapping of a template (DIWI's codes and the type rules)."""

import psycopg
import pytest

from tests.delivery.conftest import Area
from tests.delivery.conftest import add_properties
from tests.delivery.conftest import map_option
from tests.delivery.conftest import map_template
from tests.delivery.conftest import new_area
from tests.sql import builders

pytestmark = pytest.mark.db


@pytest.fixture
def area(conn: psycopg.Connection) -> Area:
    made = new_area(conn)
    add_properties(conn, made)
    return made


def problems(conn: psycopg.Connection, area: Area, template: str = "zuid-holland") -> set[tuple]:
    rows = conn.execute(
        "SELECT code, field_name, detail FROM publication.delivery_mapping_problems(%s, %s)",
        (area.code, template),
    ).fetchall()
    return set(rows)


def map_field(
    conn, area: Area, field: str, property_id: str, template: str = "zuid-holland"
) -> None:
    conn.execute(
        "INSERT INTO plan.delivery_field_mapping"
        " (municipality_code, template_id, field_name, property_id)"
        " VALUES (%s, %s, %s, %s)",
        (area.code, template, field, property_id),
    )


def test_a_complete_mapping_has_no_problems(conn, area):
    map_template(conn, area, "zuid-holland")
    assert problems(conn, area) == set()


def test_missing_mandatory_fields(conn, area):
    assert {p[:2] for p in problems(conn, area)} == {
        ("missing_custom_prop", "opdrachtgever_type"),
        ("missing_custom_prop", "ph_text1"),
        ("missing_custom_prop", "ph_short2"),
    }


def test_option_not_mapped_and_mapped_twice(conn, area):
    map_template(conn, area, "zuid-holland")
    extra = builders.property_option(conn, area.props["opdrachtgever"], "ontwikkelaar")
    assert ("option_not_mapped", "opdrachtgever_type", "Ontwikkelaar") in problems(conn, area)
    map_option(conn, area, "zuid-holland", "opdrachtgever_type", "Projectontwikkelaar", extra)
    map_option(conn, area, "zuid-holland", "opdrachtgever_type", "Anders", extra)
    assert problems(conn, area) == {
        ("option_mapped_multiple_times", "opdrachtgever_type", "Ontwikkelaar")
    }


def test_type_mandatory_and_single_select_rules(conn, area):
    text = builders.custom_property(conn, area.code, "text", name="Vrije tekst", mandatory=True)
    optional = builders.custom_property(
        conn, area.code, "category", name="Optioneel", single_select=True
    )
    multi = builders.custom_property(
        conn, area.code, "category", name="Meervoudig", single_select=False, mandatory=True
    )
    map_field(conn, area, "ph_short2", text)
    map_field(conn, area, "opdrachtgever_type", optional)
    map_field(conn, area, "ph_text1", multi)
    assert {p[:2] for p in problems(conn, area)} == {
        ("mapping_type_incompatible", "ph_short2"),
        ("mapping_not_mandatory", "opdrachtgever_type"),
        ("mapping_not_single_select", "ph_text1"),
    }


def test_options_must_be_active_options_of_the_mapped_property(conn, area):
    map_template(conn, area, "zuid-holland")
    stranger = builders.property_option(conn, area.props["planlijst"], "1b")
    map_option(conn, area, "zuid-holland", "opdrachtgever_type", "Anders", stranger)
    conn.execute(
        "UPDATE plan.property_option SET disabled_at = now() WHERE id = %s",
        (area.options[("opdrachtgever", "corporatie")],),
    )
    found = problems(conn, area)
    assert ("mapping_option_invalid", "opdrachtgever_type", "Anders") in found
    assert ("mapping_option_invalid", "opdrachtgever_type", "Woningcorporatie") in found


def test_price_category_band_must_fit_purchase_or_rent(conn, area):
    map_template(conn, area, "zuid-holland")
    category = conn.execute(
        "INSERT INTO plan.price_category"
        " (municipality_code, price_kind, name, min_cents, valid_from)"
        " VALUES (%s, 'rent', 'Huur', 0, '2020-01-01') RETURNING id",
        (area.code,),
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO plan.delivery_price_mapping VALUES (%s, 'zuid-holland', %s, 'KOOP1')",
        (area.code, category),
    )
    assert problems(conn, area) == {("mapping_price_category_invalid", None, "Huur")}
