"""A notificatie from the local ZGW server updates the matched project's milestones."""

import time
from datetime import date

import pytest

from tests.zgw.conftest import APPLIED
from tests.zgw.conftest import GRANTED
from tests.zgw.conftest import ZAAKTYPE
from tests.zgw.conftest import inbox
from tests.zgw.conftest import milestones
from tests.zgw.conftest import project
from tests.zgw.conftest import subscribe
from tests.zgw.conftest import wgs84_square

pytestmark = pytest.mark.db

SYSTEM = "Zaaksysteem (ZGW)"


@pytest.fixture
def subscribed(owner_url, zgw_server, place, live_server) -> dict:
    subscribe(owner_url, zgw_server, place["municipality"], live_server.url + "/zgw/notificaties")
    return place


def parcel(number: int) -> dict:
    return {"cadastral_municipality_code": "ZGW01", "section": "K", "parcel_number": number}


def test_a_zaak_on_the_project_parcels_sets_the_permit_milestones(
    owner_url, zgw_server, subscribed, work
):
    target = project(owner_url, subscribed, 150000, parcels=[parcel(1201), parcel(1204)])
    project(owner_url, subscribed, 150500, parcels=[parcel(1300)])
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 3, 2), parcels=["ZGW01 K 1204"])

    assert zgw_server.publish(zaak) == [204]
    work()

    [row] = inbox(owner_url, subscribed["municipality"])
    assert (row["state"], row["project"], row["matched_by"]) == ("linked", target, "parcels")
    assert milestones(owner_url, target)[APPLIED] == (date(2026, 3, 2), "realised", SYSTEM)

    zgw_server.close_zaak(zaak, date(2026, 6, 15))
    assert zgw_server.publish(zaak, actie="update") == [204]
    work()

    latest = inbox(owner_url, subscribed["municipality"])[-1]
    assert (latest["state"], latest["matched_by"]) == ("linked", "link")
    assert latest["changes"][0]["description"] == GRANTED
    assert milestones(owner_url, target)[GRANTED] == (date(2026, 6, 15), "realised", SYSTEM)


def test_the_area_match_takes_the_largest_overlap_or_says_why_not(
    owner_url, zgw_server, subscribed, work
):
    small = project(owner_url, subscribed, 160000)
    large = project(owner_url, subscribed, 160200)
    # covers 40 m of the first project and 160 m of the second
    overlapping = zgw_server.add_zaak(ZAAKTYPE, date(2026, 4, 1), wgs84_square(160160, 455000, 200))
    far_away = zgw_server.add_zaak(ZAAKTYPE, date(2026, 4, 1), wgs84_square(190000, 470000, 100))

    zgw_server.publish(overlapping)
    zgw_server.publish(far_away)
    work()

    first, second = inbox(owner_url, subscribed["municipality"])
    assert (first["state"], first["project"], first["matched_by"]) == ("linked", large, "area")
    assert APPLIED in milestones(owner_url, large) and APPLIED not in milestones(owner_url, small)
    assert second["state"] == "unmatched" and second["project"] is None
    assert "overlapt geen plangebied" in second["reason"]


def test_a_failing_zaken_api_is_retried_with_backoff(owner_url, zgw_server, subscribed, work):
    target = project(owner_url, subscribed, 170000, parcels=[parcel(1401)])
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 5, 1), parcels=["ZGW01 K 1401"])
    zgw_server.failures = 1

    zgw_server.publish(zaak)
    work()

    [row] = inbox(owner_url, subscribed["municipality"])
    assert row["state"] == "error" and "503" in row["error"] and row["attempts"] == 1
    time.sleep(2.5)  # procrastinate's first retry waits about 2 seconds
    work()
    [row] = inbox(owner_url, subscribed["municipality"])
    assert (row["state"], row["project"], row["error"]) == ("linked", target, None)
    assert milestones(owner_url, target)[APPLIED][:2] == (date(2026, 5, 1), "realised")


def test_a_zaak_of_another_server_is_not_fetched(owner_url, zgw_server, subscribed, work, client):
    token = f"token-{subscribed['municipality']}"
    elsewhere = "http://elders.example.nl/zaken/api/v1/zaken/1"
    message = {"kanaal": "zaken", "hoofdObject": elsewhere, "resource": "zaak"}
    message |= {"resourceUrl": elsewhere, "actie": "create", "aanmaakdatum": "2026-03-01T09:00:00Z"}
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/zgw/notificaties", json=message, headers=headers).status_code == 204
    requests_before = len(zgw_server.requests)

    work()

    [row] = inbox(owner_url, subscribed["municipality"])
    assert row["state"] == "ignored" and "Zaken API" in row["reason"]
    assert len(zgw_server.requests) == requests_before
