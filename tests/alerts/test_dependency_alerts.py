"""Dependency-slip alerts: the waiting step's responsible and the owners hear of a slip once."""

from datetime import timedelta

import psycopg
import pytest

from tests.alerts.conftest import TODAY
from tests.alerts.conftest import notices_of
from tests.alerts.conftest import user_id
from webapp.alerts import jobs

pytestmark = pytest.mark.db


def steps_waiting(owner_url: str, project: str, responsible: dict) -> tuple[str, str, str]:
    """(predecessor, successor, dependency): "Anterieure overeenkomst" (ends in 10 days) then
    "Omgevingsplan wijzigen" planned from day 17, finish-to-start with 7 days lag."""
    with psycopg.connect(owner_url) as conn:
        first = conn.execute(
            "INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end) "
            "VALUES (%s, 'public', 'Anterieure overeenkomst', %s, %s) RETURNING id::text",
            (project, TODAY - timedelta(days=20), TODAY + timedelta(days=10)),
        ).fetchone()[0]
        second = conn.execute(
            "INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end, "
            "responsible_user_id, responsible_organisation) "
            "VALUES (%s, 'private', 'Omgevingsplan wijzigen', %s, %s, %s, %s) RETURNING id::text",
            (
                project,
                TODAY + timedelta(days=17),
                TODAY + timedelta(days=60),
                responsible.get("user"),
                responsible.get("organisation"),
            ),
        ).fetchone()[0]
        dependency = conn.execute(
            "INSERT INTO plan.process_dependency (from_step_id, to_step_id, lag_days) "
            "VALUES (%s, %s, 7) RETURNING id::text",
            (first, second),
        ).fetchone()[0]
    return first, second, dependency


def move_end(owner_url: str, step: str, days: int) -> None:
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.process_step SET planned_end = %s WHERE id = %s",
            (TODAY + timedelta(days=days), step),
        )


def slip_mails(mail_app, address: str) -> list[str]:
    return [t for t in map(mail_app.text_of, mail_app.to(address)) if "kan pas op" in t]


def test_a_slipped_predecessor_alerts_the_responsible_and_the_owners_once_per_new_date(
    app, mail_app, make_account, alert_project, owner_url, webapp_url
):
    leader, waiter, stranger = make_account("leider"), make_account("wachter"), make_account("x")
    project, name = alert_project(leader)
    with psycopg.connect(owner_url) as conn:
        waiting = {"user": user_id(conn, waiter)}
    first, _, _ = steps_waiting(owner_url, project, waiting)

    jobs.run_alerts(webapp_url, TODAY, app)
    assert slip_mails(mail_app, leader) == [] and slip_mails(mail_app, waiter) == []

    move_end(owner_url, first, 15)  # + 7 days lag = day 22, after the planned start on day 17
    jobs.run_alerts(webapp_url, TODAY, app)
    jobs.run_alerts(webapp_url, TODAY, app, digest=True)
    new_start = (TODAY + timedelta(days=22)).strftime("%d-%m-%Y")
    for person in (leader, waiter):
        (text,) = slip_mails(mail_app, person)
        assert f'Stap "Omgevingsplan wijzigen" van project "{name}" kan pas op {new_start}' in text
        assert '"Anterieure overeenkomst" is uitgelopen' in text
        assert ("dependency_slipped", text.splitlines()[2][2:]) in notices_of(owner_url, person)
    assert slip_mails(mail_app, stranger) == []

    move_end(owner_url, first, 20)
    jobs.run_alerts(webapp_url, TODAY, app)
    assert len(slip_mails(mail_app, waiter)) == 2
    assert (TODAY + timedelta(days=27)).strftime("%d-%m-%Y") in slip_mails(mail_app, waiter)[1]


def test_the_admitted_partner_organisation_hears_of_the_slip_and_a_started_step_is_quiet(
    app, mail_app, make_account, alert_project, owner_url, webapp_url
):
    partner, outsider = make_account("bouwer"), make_account("concurrent")
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE auth.app_user SET organisation = 'Bouwbedrijf Noord' WHERE email = ANY(%s)",
            ([partner, outsider],),
        )
    project, _ = alert_project(partner)  # the partner is admitted: a member of an owner group
    first, second, _ = steps_waiting(owner_url, project, {"organisation": "bouwbedrijf noord"})
    move_end(owner_url, first, 30)

    jobs.run_alerts(webapp_url, TODAY, app)
    assert len(slip_mails(mail_app, partner)) == 1
    assert slip_mails(mail_app, outsider) == []

    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.process_step SET actual_start = %s WHERE id = %s", (TODAY, second)
        )
    move_end(owner_url, first, 40)
    jobs.run_alerts(webapp_url, TODAY, app)
    assert len(slip_mails(mail_app, partner)) == 1
