"""The check's counts, differences and proposals against the hand-counted fixture, and access."""

from datetime import date

import psycopg
import pytest

from tests.bagcheck import fixture as fx
from tests.bagcheck.conftest import municipal_viewer
from tests.bagcheck.conftest import ours

pytestmark = pytest.mark.db
NOORD_MESSAGE = (
    "BAG telt 12 woningen in gebruik, DIWI registreert 8 als opgeleverd: "
    "4 woningen lijken opgeleverd maar niet als gerealiseerd geregistreerd."
)


def counts(row: dict) -> tuple:
    return (
        row["bag_formed"],
        row["bag_construction_started"],
        row["bag_in_use_unmeasured"],
        row["bag_in_use"],
        row["bag_other"],
    )


def test_statuses_are_counted_inside_the_plan_area_only(bag, check):
    noord = check(municipal_viewer())["Noordkwartier"]
    # 2 gevormd in a permitted pand, 3 in a pand 'Bouw gestart', 2 not measured (one on the
    # boundary), 9 + 1 mixed-use in use, 2 other; offices and the points outside do not count
    assert counts(noord) == (2, 3, 2, 10, 2)
    assert noord["bag_other_statuses"] == {
        "Verblijfsobject ingetrokken": 1,
        "Verbouwing verblijfsobject": 1,
    }
    assert noord["bag_residential"] == 17
    assert (noord["planned_construction"], noord["planned_demolition"]) == (20, 0)
    assert (noord["realised_construction"], noord["realised_net"]) == (8, 8)


def test_more_in_use_than_realised_is_flagged_and_explained(bag, check):
    noord = check(municipal_viewer())["Noordkwartier"]
    assert noord["flagged"] is True
    assert noord["in_use_difference"] == 4
    assert noord["findings"] == [
        {"code": "in_use_not_realised", "difference": 4, "message": NOORD_MESSAGE}
    ]


def test_realisation_dates_are_proposed_from_the_objects_in_use(bag, check):
    noord = check(municipal_viewer())["Noordkwartier"]
    assert noord["proposed_realisation_earliest"] == date(2025, 2, 1)
    assert noord["proposed_realisation_latest"] == date(2025, 5, 10)
    assert noord["realised_delivery_last"] == date(2025, 6, 1)


def test_existing_dwellings_show_as_more_addresses_than_the_plan(bag, check):
    sloop = check(municipal_viewer())["Sloop Zuid"]
    assert counts(sloop) == (0, 0, 0, 10, 4)
    assert (sloop["planned_net"], sloop["realised_demolition"]) == (2, 4)
    codes = [f["code"] for f in sloop["findings"]]
    assert codes == ["in_use_not_realised", "more_addresses_than_plan"]
    assert sloop["findings"][1]["message"] == (
        "BAG telt meer adressen dan het plan (10 woonadressen, het plan 6): "
        "mogelijk bestaande woningen in het plangebied."
    )


def test_realised_but_not_in_use_and_a_match(bag, check):
    rows = check(municipal_viewer())
    assert rows["Intern hof"]["findings"][0]["message"] == (
        "BAG telt 4 woningen in gebruik, DIWI registreert 6 als opgeleverd: "
        "2 woningen staan (nog) niet als in gebruik in de BAG."
    )
    klopt = rows["Klopt"]
    assert (klopt["flagged"], klopt["findings"], klopt["in_use_difference"]) == (False, [], 0)


def test_without_plan_area_or_outside_the_ingested_bag_it_cannot_check(bag, check):
    rows = check(municipal_viewer())
    assert rows["Zonder gebied"]["findings"] == [
        {"code": "no_plan_area", "message": "Geen plangebied: niet te controleren."}
    ]
    assert rows["Zonder gebied"]["bag_in_use"] is None
    outside = rows["Buiten de BAG"]
    assert [f["code"] for f in outside["findings"]] == ["no_bag_data"]
    assert outside["in_use_difference"] is None
    assert outside["proposed_realisation_earliest"] is None


def test_the_reference_date_decides_what_is_realised(bag, check):
    noord = check(municipal_viewer(), reference_date="2025-01-01")["Noordkwartier"]
    assert noord["realised_construction"] == 0
    assert noord["in_use_difference"] == 12


def test_access_follows_the_rule(bag, check):
    mine = ours(check(municipal_viewer()), bag)
    assert set(mine) == set(fx.PROJECTS)
    other = ours(check(municipal_viewer("user_plus", "GM9999")), bag)
    assert "Intern hof" not in other
    assert set(other) == set(fx.PROJECTS) - {"Intern hof"}
    anonymous = ours(check(None), bag)
    assert set(anonymous) == set(fx.PROJECTS) - {"Intern hof"}


def test_selection_by_project_and_municipality(bag, check):
    rows = check(municipal_viewer(), ids=[bag.ids["Klopt"]])
    assert list(rows) == ["Klopt"]
    assert check(municipal_viewer(), gm="GM9999") == {}
    assert "Klopt" in check(municipal_viewer(), gm="GM0200")


def test_the_spatial_join_uses_the_verblijfsobject_gist_index(bag, owner_url):
    """Per plan area an index scan of bag.verblijfsobject, never a scan of all points."""
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO bag.verblijfsobject (identificatie, status, gebruiksdoel, geometry, "
            "ingest_run_id, ingest_hash) SELECT 'filler' || n, 'Verblijfsobject in gebruik', "
            "'woonfunctie', ST_Point(150000 + (n %% 300) * 10, 400000 + (n / 300) * 10, 28992), "
            "%s, 'h' FROM generate_series(1, 30000) n",
            (bag.run_id,),
        )
        conn.execute("ANALYZE bag.verblijfsobject")
        conn.execute("SELECT plan.set_viewer('user', 'GM0200')")
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                "EXPLAIN SELECT * FROM publication.bag_address_check(%s)", (fx.REFERENCE_DATE,)
            )
        )
        conn.rollback()
    assert "Index Scan using verblijfsobject_geometry_idx" in plan, plan  # plain or bitmap
    assert "Seq Scan on verblijfsobject" not in plan, plan
