"""Delivery fixtures: a municipality with mapped custom properties, projects, and the processors."""

import itertools
import json
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import psycopg
import pytest

from plugins.jobs.context import viewer_scope
from plugins.processes.delivery import DeliveryProcessor
from plugins.processes.delivery import DeliveryRefused
from tests.sql import builders

_CODES = itertools.count(9100)


@dataclass
class Area:
    """A test municipality (own code per test) with its group, viewer and mapped properties."""

    code: str
    region: str
    province: str
    group: str
    props: dict[str, str] = field(default_factory=dict)
    options: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def viewer(self) -> dict[str, Any]:
        return {
            "role": "user_plus",
            "municipality_code": self.code,
            "region_code": self.region,
            "province_code": self.province,
            "group_ids": [self.group],
            "user_id": None,
        }

    def custom(self, **overrides: Any) -> dict[str, Any]:
        """Valid values for the mandatory mapped properties (names as in setup_mapping)."""
        values = {
            "opdrachtgever": "gemeente",
            "planlijst": "1a",
            "studenten": 0,
            "sleutel": False,
            "woonmilieu": "dorps",
            "knelpunten": ["stikstof"],
        }
        values.update(overrides)
        result: dict[str, Any] = {}
        for name, value in values.items():
            if name not in self.props:
                continue
            if isinstance(value, str) and (name, value) in self.options:
                value = self.options[(name, value)]
            elif isinstance(value, list):
                value = [self.options[(name, v)] for v in value]
            result[self.props[name]] = value
        return result


# name -> (value_type, mandatory, single, {option code: {template: province option}})
PROPERTIES: dict[str, tuple[str, bool, bool | None, dict[str, dict[str, str]]]] = {
    "opdrachtgever": (
        "category",
        True,
        True,
        {
            "gemeente": {
                "zuid-holland": "Gemeente",
                "gelderland": "Gemeente",
                "zeeland": "Gemeente",
            },
            "corporatie": {
                "zuid-holland": "Woningcorporatie",
                "gelderland": "Woningbouwcorporatie",
                "zeeland": "Woningbouwcorporatie",
            },
        },
    ),
    "planlijst": (
        "category",
        True,
        True,
        {
            "1a": {"zuid-holland": "1a harde plannen, in voorbereiding of in uitvoering"},
            "2": {"zuid-holland": "2 reserveplannen"},
        },
    ),
    "studenten": ("numeric", True, None, {}),
    "woonmilieu": (
        "category",
        True,
        True,
        {
            "dorps": {"zuid-holland": "Dorps", "gelderland": "Dorps", "zeeland": "Dorps"},
            "landelijk": {
                "zuid-holland": "Landelijk bereikbaar",
                "gelderland": "Landelijk bereikbaar",
                "zeeland": "Landelijk bereikbaar",
            },
        },
    ),
    "sleutel": ("boolean", True, None, {}),
    "knelpunten": (
        "category",
        False,
        False,
        {
            "stikstof": {
                "zuid-holland": "Stikstof",
                "zeeland": "Stikstof",
                "gelderland": "Stikstofruimte",
            },
            "netcongestie": {
                "zuid-holland": "Netcongestie",
                "zeeland": "Nuts",
                "gelderland": "Netcongestie",
            },
        },
    ),
}
FIELDS = {
    "zuid-holland": {
        "opdrachtgever": "opdrachtgever_type",
        "planlijst": "ph_text1",
        "studenten": "ph_short2",
        "knelpunten": "knelpunten_meerkeuze",
        "woonmilieu": "beoogd_woonmilieu_ABF13",
    },
    "gelderland": {
        "opdrachtgever": "opdrachtgever_type",
        "knelpunten": "knelpunten_meerkeuze",
        "woonmilieu": "beoogd_woonmilieu_ABF13",
    },
    "zeeland": {
        "opdrachtgever": "Opdrachtegever",
        "studenten": "Studentenwoningen",
        "sleutel": "Sleutelproject",
        "knelpunten": "Knelpunten",
        "woonmilieu": "Woonmilieu",
    },
}


def new_area(conn: psycopg.Connection, province: str = "PV28", name: str | None = None) -> Area:
    """A municipality with a region and a group; committed by the caller."""
    code = f"GM{next(_CODES)}"
    region = f"WR_T{code}"
    builders.municipality(conn, code, province=province, region=region)
    if name:
        conn.execute("UPDATE ref.municipality SET name = %s WHERE code = %s", (name, code))
    group = builders.user_group(conn, code)
    return Area(code, region, province, group)


def add_properties(conn: psycopg.Connection, area: Area) -> None:
    """The custom properties the mappings use (mandatory ones too)."""
    for name, (value_type, mandatory, single, options) in PROPERTIES.items():
        columns: dict[str, Any] = {"name": f"Test {name}", "mandatory": mandatory}
        if single is not None:
            columns["single_select"] = single
        if value_type == "numeric":
            columns["rules"] = {"min": 0, "integer": True}
        area.props[name] = builders.custom_property(conn, area.code, value_type, **columns)
        for option in options:
            area.options[(name, option)] = builders.property_option(conn, area.props[name], option)


def map_template(conn: psycopg.Connection, area: Area, template: str) -> None:
    """Map every property of FIELDS[template] and all its options."""
    for name, field_name in FIELDS[template].items():
        conn.execute(
            "INSERT INTO plan.delivery_field_mapping (municipality_code, template_id, field_name,"
            " property_id) VALUES (%s, %s, %s, %s)",
            (area.code, template, field_name, area.props[name]),
        )
        for option, targets in PROPERTIES[name][3].items():
            if template in targets:
                map_option(
                    conn,
                    area,
                    template,
                    field_name,
                    targets[template],
                    area.options[(name, option)],
                )


def map_option(
    conn: psycopg.Connection,
    area: Area,
    template: str,
    field_name: str,
    target: str,
    option_id: str,
) -> None:
    conn.execute(
        "INSERT INTO plan.delivery_option_mapping (municipality_code, template_id, field_name,"
        " province_option, property_option_id) VALUES (%s, %s, %s, %s, %s)",
        (area.code, template, field_name, target, option_id),
    )


def good_project(conn: psycopg.Connection, area: Area, **data: Any) -> str:
    """A project that passes every check: plan area, one plan type, mapped values, a block."""
    payload = {
        "name": "Goed project",
        "phase": "design",
        "planning_status": "3",
        "plan_types": ["densification"],
        "confidentiality_level": 5,
        "plan_area": builders.square(),
        "custom_values": area.custom(),
        **data,
    }
    return builders.project(conn, area.code, area.group, **payload)


def block(conn: psycopg.Connection, project_id: str, **data: Any) -> str:
    payload = {
        "amount": 10,
        "delivery_earliest": "2027-03-01",
        "delivery_latest": "2027-06-01",
        **data,
    }
    return builders.houseblock(conn, project_id, **payload)


@pytest.fixture
def area_factory(owner_url: str) -> Iterator[Callable[..., Area]]:
    """Committed areas (each its own municipality); projects are added with `commit`."""
    made: list[Area] = []

    def make(
        templates: tuple[str, ...] = ("zuid-holland", "gelderland", "zeeland"), **kw: Any
    ) -> Area:
        with psycopg.connect(owner_url) as conn:
            area = new_area(conn, **kw)
            add_properties(conn, area)
            for template in templates:
                map_template(conn, area, template)
        made.append(area)
        return area

    yield make


@pytest.fixture
def commit(owner_url: str) -> Callable[[Callable[[psycopg.Connection], Any]], Any]:
    """Run builder work as the owner and commit it (the processes read through their own pool)."""

    def run(work: Callable[[psycopg.Connection], Any]) -> Any:
        with psycopg.connect(owner_url) as conn:
            result = work(conn)
            conn.execute("SELECT publication.rebuild_cache()")
        return result

    return run


@pytest.fixture(scope="session")
def reader_url(migrated_db) -> str:
    return migrated_db.url("reader")


@pytest.fixture
def run_delivery(reader_url: str) -> Callable[..., Any]:
    """Execute a delivery process as an area's viewer: (media type, bytes) or the refusal dict."""

    def run(template: str, area: Area | None, **inputs: Any) -> Any:
        processor = DeliveryProcessor(
            {
                "name": "plugins.processes.delivery.DeliveryProcessor",
                "template": template,
                "data": reader_url,
            }
        )
        with viewer_scope(area.viewer if area else None):
            try:
                return processor.execute(inputs)
            except DeliveryRefused as err:
                return json.loads(err.args[0])

    return run


def codes(refusal: dict) -> set[str]:
    return {e["code"] for e in refusal["errors"]}
