"""The zaak's resultaat decides the end milestone's status; DIWI writes the project back once."""

from datetime import date

import psycopg
import pytest

from tests.zgw.conftest import APPLIED
from tests.zgw.conftest import GRANTED
from tests.zgw.conftest import ZAAKTYPE
from tests.zgw.conftest import inbox
from tests.zgw.conftest import milestones
from tests.zgw.conftest import project
from tests.zgw.conftest import subscribe

pytestmark = pytest.mark.db


@pytest.fixture
def with_outcomes(owner_url, zgw_server, place, live_server) -> dict:
    """The place with its Catalogi API set and Verleend/Geweigerd/Ingetrokken mapped."""
    subscribe(owner_url, zgw_server, place["municipality"], live_server.url + "/zgw/notificaties")
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.zgw_config SET catalogi_url = %s WHERE municipality_code = %s",
            (zgw_server.catalogi_url, place["municipality"]),
        )
        for omschrijving, status in [
            ("Verleend", "realised"),
            ("Geweigerd", "aborted"),
            ("Ingetrokken", "aborted"),
        ]:
            conn.execute(
                "INSERT INTO plan.zgw_outcome (municipality_code, omschrijving, status) "
                "VALUES (%s, %s, %s)",
                (place["municipality"], omschrijving, status),
            )
    return place


def parcel(number: int) -> dict:
    return {"cadastral_municipality_code": "ZGW02", "section": "M", "parcel_number": number}


def link_row(owner_url: str, zaak_url: str) -> dict:
    sql = """SELECT project_id::text, matched_by, identificatie, resultaat, zaakobject_url
             FROM plan.zgw_zaak_link WHERE zaak_url = %s"""
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(sql, (zaak_url,)).fetchone()
    keys = ("project", "matched_by", "identificatie", "resultaat", "zaakobject_url")
    return dict(zip(keys, row, strict=True))


def project_objects(server, zaak: dict) -> list[dict]:
    return [
        o
        for o in server.zaakobjecten
        if o["zaak"] == zaak["url"] and o.get("objectTypeOverige") == "woningbouwproject"
    ]


def test_a_refused_permit_aborts_the_end_milestone(owner_url, zgw_server, with_outcomes, work):
    target = project(owner_url, with_outcomes, 180000, parcels=[parcel(501)])
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 2, 2), parcels=["ZGW02 M 501"])
    zgw_server.publish(zaak)
    work()
    # the generic omschrijving also matches: "Geweigerd" under another municipal name
    refused = zgw_server.add_resultaattype("Vergunning geweigerd", "Geweigerd")
    zgw_server.close_zaak(zaak, date(2026, 5, 20), refused)
    zgw_server.publish(zaak, actie="update")
    work()

    current = milestones(owner_url, target)
    assert current[APPLIED][:2] == (date(2026, 2, 2), "realised")
    assert current[GRANTED][:2] == (date(2026, 5, 20), "aborted")
    assert link_row(owner_url, zaak["url"])["resultaat"] == "Vergunning geweigerd"


def test_a_granted_permit_is_realised_and_an_unknown_result_keeps_the_mapping(
    owner_url, zgw_server, with_outcomes, work
):
    granted = project(owner_url, with_outcomes, 181000, parcels=[parcel(601)])
    other = project(owner_url, with_outcomes, 182000, parcels=[parcel(701)])
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 2, 2), parcels=["ZGW02 M 601"])
    unknown = zgw_server.add_zaak(ZAAKTYPE, date(2026, 2, 2), parcels=["ZGW02 M 701"])
    with psycopg.connect(owner_url) as conn:  # the mapping's own status for the end moment
        conn.execute(
            "UPDATE plan.zgw_mapping SET status = 'planned' WHERE municipality_code = %s "
            "AND moment = 'end'",
            (with_outcomes["municipality"],),
        )
    zgw_server.close_zaak(zaak, date(2026, 6, 1), zgw_server.add_resultaattype("Verleend"))
    zgw_server.close_zaak(
        unknown, date(2026, 6, 1), zgw_server.add_resultaattype("Buiten behandeling")
    )
    zgw_server.publish(zaak)
    zgw_server.publish(unknown)
    work()

    assert milestones(owner_url, granted)[GRANTED][:2] == (date(2026, 6, 1), "realised")
    assert milestones(owner_url, other)[GRANTED][:2] == (date(2026, 6, 1), "planned")


def test_the_project_is_written_back_on_the_zaak_once(owner_url, zgw_server, with_outcomes, work):
    target = project(owner_url, with_outcomes, 183000, parcels=[parcel(801)])
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 3, 3), parcels=["ZGW02 M 801"])
    zgw_server.publish(zaak)
    work()
    zgw_server.close_zaak(zaak, date(2026, 7, 1))
    zgw_server.publish(zaak, actie="update")
    work()

    [written] = project_objects(zgw_server, zaak)  # two notificaties, one zaakobject
    assert written["objectType"] == "overige"
    assert written["object"].endswith(f"/projecten/{target}")
    link = link_row(owner_url, zaak["url"])
    assert (link["project"], link["matched_by"]) == (target, "parcels")
    assert link["zaakobject_url"] == written["url"]
    assert link["identificatie"] == zaak["identificatie"]
    posts = [p for m, p in zgw_server.requests if m == "POST" and "zaakobjecten" in p]
    assert len(posts) == 1
    assert [r["state"] for r in inbox(owner_url, with_outcomes["municipality"])] == ["linked"] * 2


def test_a_refused_write_back_is_kept_and_tried_with_the_next_notificatie(
    owner_url, zgw_server, with_outcomes, work
):
    target = project(owner_url, with_outcomes, 184000, parcels=[parcel(901)])
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 3, 3), parcels=["ZGW02 M 901"])
    zgw_server.write_failures = 1
    zgw_server.publish(zaak)
    work()

    with psycopg.connect(owner_url) as conn:
        error = conn.execute(
            "SELECT writeback_error FROM plan.zgw_zaak_link WHERE zaak_url = %s", (zaak["url"],)
        ).fetchone()[0]
    assert "503" in error and project_objects(zgw_server, zaak) == []
    assert milestones(owner_url, target)[APPLIED][:2] == (date(2026, 3, 3), "realised")

    zgw_server.publish(zaak, actie="partial_update")
    work()
    [written] = project_objects(zgw_server, zaak)
    assert link_row(owner_url, zaak["url"])["zaakobject_url"] == written["url"]
