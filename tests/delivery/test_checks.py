"""The province's checks run first: each DIWI code is raised by a project that breaks it."""

import json

import pytest

from tests.delivery.conftest import block
from tests.delivery.conftest import codes
from tests.delivery.conftest import good_project

pytestmark = pytest.mark.db
REF = "2026-06-01"


def test_a_good_project_gives_a_file(area_factory, commit, run_delivery):
    area = area_factory()
    pid = commit(lambda c: good_project(c, area))
    commit(lambda c: block(c, pid))
    media_type, payload = run_delivery("zuid-holland", area, reference_date=REF)
    assert media_type == "application/geo+json"
    assert [f["properties"]["ph_text9"] for f in json.loads(payload)["features"]] == [pid]


@pytest.mark.parametrize(
    ("data", "custom", "code", "field"),
    [
        ({"plan_types": []}, {}, "missing_mandatory_value", "plantype"),
        (
            {"plan_types": ["densification", "restructuring"]},
            {},
            "multiple_single_select_values",
            "plantype",
        ),
        ({}, {"studenten": 25}, "value_larger_than_construction_houseblocks", "ph_short2"),
        ({}, {"studenten": {"min": 1, "max": 3}}, "numeric_range_value", "ph_short2"),
    ],
)
def test_project_field_checks(area_factory, commit, run_delivery, data, custom, code, field):
    area = area_factory()
    pid = commit(lambda c: good_project(c, area, custom_values=area.custom(**custom), **data))
    commit(lambda c: block(c, pid))
    refusal = run_delivery("zuid-holland", area, reference_date=REF)
    [error] = [e for e in refusal["errors"] if e["code"] == code]
    assert error["project_id"] == pid and error["field"] == field
    assert error["message"].startswith(f"Goed project: {field}: ")


def test_unmapped_mandatory_field_is_reported_once(area_factory, commit, run_delivery):
    area = area_factory(templates=())
    pid = commit(lambda c: good_project(c, area))
    commit(lambda c: good_project(c, area, name="Tweede"))
    commit(lambda c: block(c, pid))
    refusal = run_delivery("zuid-holland", area, reference_date=REF)
    unmapped = [
        e["field"] for e in refusal["errors"] if e["code"] == "missing_dataexchange_mapping"
    ]
    assert sorted(unmapped) == ["opdrachtgever_type", "ph_short2", "ph_text1"]
    assert "niet gekoppeld" in refusal["errors"][0]["message"]


def test_price_range_across_two_bands(area_factory, commit, run_delivery):
    area = area_factory()
    pid = commit(lambda c: good_project(c, area))
    line = {
        "ownership_type": "owner_occupied",
        "amount": 4,
        "price_range_cents": [25_000_000, 30_000_000],
    }
    commit(lambda c: block(c, pid, name="Blok R", ownership_lines=[line]))
    refusal = run_delivery("zuid-holland", area, reference_date=REF)
    assert codes(refusal) == {"ownership_range_mapping_error"}
    assert "Blok R regel 1" in refusal["errors"][0]["message"]


def test_project_without_plan_area(area_factory, commit, run_delivery):
    area = area_factory(province="PV25", name="Ede")
    commit(lambda c: good_project(c, area, plan_area=None))
    refusal = run_delivery("gelderland", area, reference_date=REF)
    assert codes(refusal) == {"project_does_not_have_geometry"}


def test_every_problem_of_every_project_is_listed(area_factory, commit, run_delivery):
    area = area_factory()
    commit(lambda c: good_project(c, area, name="A", plan_types=[], plan_area=None))
    commit(lambda c: good_project(c, area, name="B", custom_values=area.custom(studenten=5)))
    refusal = run_delivery("zuid-holland", area, reference_date=REF)
    assert {(e["project_name"], e["code"]) for e in refusal["errors"]} == {
        ("A", "missing_mandatory_value"),
        ("A", "project_does_not_have_geometry"),
        ("B", "value_larger_than_construction_houseblocks"),
    }


def test_a_confidential_project_never_leaves(area_factory, commit, run_delivery):
    area = area_factory()
    public = commit(lambda c: good_project(c, area, name="Openbaar", confidentiality_level=7))
    secret = commit(lambda c: good_project(c, area, name="Intern", confidentiality_level=3))
    _, payload = run_delivery("zuid-holland", area, reference_date=REF)
    assert [f["properties"]["ph_text9"] for f in json.loads(payload)["features"]] == [public]
    refusal = run_delivery("zuid-holland", area, reference_date=REF, project_ids=[public, secret])
    assert codes(refusal) == {"min_confidentiality_error"}
    assert refusal["errors"][0]["project_id"] == secret


def test_a_minimum_below_the_template_minimum_is_refused(area_factory, run_delivery):
    area = area_factory()
    refusal = run_delivery(
        "zuid-holland", area, reference_date=REF, min_confidentiality="internal_civil"
    )
    assert codes(refusal) == {"min_confidentiality_error"}


def test_a_higher_minimum_narrows_the_selection(area_factory, commit, run_delivery):
    area = area_factory()
    commit(lambda c: good_project(c, area, name="Regio", confidentiality_level=5))
    public = commit(lambda c: good_project(c, area, name="Openbaar", confidentiality_level=7))
    _, payload = run_delivery(
        "zuid-holland", area, reference_date=REF, min_confidentiality="public"
    )
    assert [f["properties"]["ph_text9"] for f in json.loads(payload)["features"]] == [public]


def test_projects_of_others_are_not_delivered_even_by_id(area_factory, commit, run_delivery):
    area, other = area_factory(), area_factory()
    theirs = commit(
        lambda c: good_project(c, other, confidentiality_level=7, custom_values=other.custom())
    )
    _, payload = run_delivery("zuid-holland", area, reference_date=REF, project_ids=[theirs])
    assert json.loads(payload)["features"] == []


@pytest.mark.parametrize(
    "inputs",
    [
        {"reference_date": "gisteren"},
        {"project_ids": ["niet-een-id"]},
        {"project_ids": [], "min_confidentiality": "public"},
        {"onbekend": 1},
    ],
)
def test_bad_inputs_are_refused(area_factory, reader_url, inputs):
    from pygeoapi.process.base import ProcessorExecuteError

    from plugins.processes.delivery import DeliveryProcessor

    processor = DeliveryProcessor({"name": "x", "template": "zuid-holland", "data": reader_url})
    with pytest.raises(ProcessorExecuteError):
        processor.execute(inputs)
