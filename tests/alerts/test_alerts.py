"""Milestone alerts: notices and mails from the worker job, once per event, by preference."""

import re

import psycopg
import pytest

from manage.worker import make_worker_app
from tests.alerts.conftest import TODAY
from tests.alerts.conftest import notices_of
from tests.alerts.conftest import user_id
from tests.fixtures.smtp import SEC_PASSWORD
from webapp.alerts import jobs

pytestmark = pytest.mark.db
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client, path: str = "/meldingen/voorkeuren") -> str:
    return CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)


def test_owner_gets_a_notice_and_a_mail_per_due_milestone_and_never_twice(
    app, client, auth, mail_app, make_account, alert_project, owner_url, webapp_url
):
    leader = make_account("leider")
    _, name = alert_project(leader)

    jobs.run_alerts(webapp_url, TODAY, app)

    mails = mail_app.to(leader)
    texts = sorted(mail_app.text_of(m) for m in mails)
    assert len(mails) == 2
    assert all(m["Subject"] == jobs.SUBJECT for m in mails)
    assert f'"Bouwrijp" van project "{name}" staat gepland' in texts[0] + texts[1]
    assert "(over 5 dagen)" in texts[0] + texts[1]
    assert any('"Vergunning verleend"' in t and "nog niet gerealiseerd" in t for t in texts)
    assert not any("Grondaankoop" in t or "Start bouw" in t for t in texts)
    notices = notices_of(owner_url, leader)
    assert sorted(kind for kind, _ in notices) == ["milestone_overdue", "milestone_upcoming"]

    assert "/meldingen/voorkeuren" in texts[0]
    auth.login(leader, SEC_PASSWORD)
    listed = client.get("/registers/meldingen").get_data(as_text=True)
    assert "Bouwrijp" in listed and "Vergunning verleend" in listed

    assert jobs.run_alerts(webapp_url, TODAY, app, digest=True) == 0
    assert len(mail_app.to(leader)) == 2
    assert len(notices_of(owner_url, leader)) == 2


def test_follower_with_a_daily_digest_gets_one_mail_and_a_followed_only_owner_none(
    app, client, auth, mail_app, make_account, alert_project, owner_url, webapp_url
):
    follower, bystander = make_account("volger"), make_account("omstander")
    project, name = alert_project(bystander)
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO auth.alert_preference (user_id, scope) VALUES (%s, 'followed')",
            (user_id(conn, bystander),),
        )
    auth.login(follower, SEC_PASSWORD)
    token = csrf(client)
    followed = client.post(
        f"/meldingen/volgen/{project}", data={"csrf_token": token, "follow": "1"}
    )
    assert followed.status_code == 302
    page = client.get("/meldingen/voorkeuren").get_data(as_text=True)
    assert f'Niet meer volgen<span class="visually-hidden">: {name}' in page
    saved = client.post(
        "/meldingen/voorkeuren",
        data={"csrf_token": token, "delivery": "daily_digest", "scope": "followed"},
    )
    assert saved.status_code == 302

    jobs.run_alerts(webapp_url, TODAY, app)
    assert mail_app.to(follower) == []
    assert len(notices_of(owner_url, follower)) == 2

    jobs.run_alerts(webapp_url, TODAY, app, digest=True)
    digests = mail_app.to(follower)
    assert [m["Subject"] for m in digests] == [jobs.DIGEST_SUBJECT]
    body = mail_app.text_of(digests[0])
    assert "Bouwrijp" in body and "Vergunning verleend" in body
    jobs.run_alerts(webapp_url, TODAY, app, digest=True)
    assert len(mail_app.to(follower)) == 1
    assert mail_app.to(bystander) == [] and notices_of(owner_url, bystander) == []


def test_preferences_refuse_unknown_choices_and_strangers(client, auth, make_account):
    assert client.get("/meldingen/voorkeuren").status_code in (302, 403)
    auth.login(make_account("kiezer"), SEC_PASSWORD)
    page = client.get("/meldingen/voorkeuren")
    assert page.status_code == 200
    assert 'id="delivery-immediate" name="delivery" value="immediate" checked' in page.get_data(
        as_text=True
    )
    bad = {"csrf_token": csrf(client), "delivery": "weekly", "scope": "mine"}
    assert client.post("/meldingen/voorkeuren", data=bad).status_code == 400


def test_the_worker_runs_the_alerts_hourly_and_the_digest_daily(webapp_url):
    app = make_worker_app(webapp_url)
    assert {jobs.ALERTS_TASK, jobs.DIGEST_TASK} <= set(app.tasks)


def test_admin_lead_time_decides_when_an_upcoming_milestone_is_announced(
    app, client, auth, mail_app, make_account, alert_project, owner_url, webapp_url, monkeypatch
):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])  # two-factor has its own tests
    leader, admin = make_account("vooruit"), make_account("gemeentebeheer", "admin")
    alert_project(leader)
    auth.login(admin, SEC_PASSWORD)
    refused = client.post(
        "/meldingen/aanlooptijd",
        data={"csrf_token": csrf(client), "lead_days": "400"},
        follow_redirects=True,
    )
    assert "tussen 0 en 365 dagen" in refused.get_data(as_text=True)
    set_three = {"csrf_token": csrf(client), "lead_days": "3"}
    assert client.post("/meldingen/aanlooptijd", data=set_three).status_code == 302
    try:
        jobs.run_alerts(webapp_url, TODAY, app)
        assert [k for k, _ in notices_of(owner_url, leader)] == ["milestone_overdue"]
    finally:
        client.post("/meldingen/aanlooptijd", data={"csrf_token": csrf(client), "lead_days": "14"})
    jobs.run_alerts(webapp_url, TODAY, app)
    assert sorted(k for k, _ in notices_of(owner_url, leader)) == [
        "milestone_overdue",
        "milestone_upcoming",
    ]
    assert len(mail_app.to(leader)) == 2
