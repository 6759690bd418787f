"""/beheer/webhooks: the admin adds subscribers, sees a secret once and the delivery log."""

import re

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from plugins.jobs import webhooks
from tests.fixtures.app import CSRF_RE
from tests.sql import builders

pytestmark = pytest.mark.db

ADMIN = "beheerder@demo.diwi.nl"
USER_PLUS = "hoofdgebruiker@demo.diwi.nl"
SECRET_RE = re.compile(r'<code id="webhook-secret">(whsec_[\w-]+)</code>')


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    """These tests are about the webhook pages; two-factor sign-in has its own tests."""
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


@pytest.fixture
def admin(client, auth, demo_municipality):
    auth.login(ADMIN, DEMO_PASSWORD)
    yield client
    with psycopg.connect(client.application.config["DIWI_SETTINGS"].database_url) as conn:
        conn.execute("UPDATE plan.webhook_subscription SET active = false")


def post(client, path: str, data: dict, form_page: str = "/beheer/webhooks/"):
    token = CSRF_RE.search(client.get(form_page).get_data(as_text=True)).group(1)
    return client.post(path, data={**data, "csrf_token": token})


def add(client, url: str, name: str = "Dataplatform", **extra):
    data = {"name": name, "url": url, "event_types": ["project", "milestone"], **extra}
    return post(client, "/beheer/webhooks/", data)


def test_admin_adds_a_subscriber_and_sees_the_secret_once(admin, owner_url):
    response = add(admin, "https://data.apeldoorn.example.nl/diwi", max_confidentiality="7")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "maar één keer getoond" in page
    assert "X-DIWI-Signature-256" in page
    secret = SECRET_RE.search(page).group(1)
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(
            "SELECT id, secret, event_types, max_confidentiality, municipality_code "
            "FROM plan.webhook_subscription WHERE name = 'Dataplatform'"
        ).fetchone()
    assert row[1:] == (secret, ["project", "milestone"], 7, "GM0200")
    again = admin.get(f"/beheer/webhooks/{row[0]}").get_data(as_text=True)
    assert secret not in again and "Dataplatform" in again
    assert "Dataplatform" in admin.get("/beheer/webhooks/").get_data(as_text=True)


def test_the_form_refuses_a_bad_address_and_no_events(admin):
    response = post(admin, "/beheer/webhooks/", {"name": "Fout", "url": "ftp://x"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul een webadres in dat begint met https://" in page
    assert "Kies ten minste één soort gebeurtenis." in page


def test_a_new_secret_replaces_the_old_one(admin, owner_url):
    first = SECRET_RE.search(
        add(admin, "https://a.example.nl/hook", name="Roteren").get_data(as_text=True)
    )
    with psycopg.connect(owner_url) as conn:
        sid = conn.execute(
            "SELECT id FROM plan.webhook_subscription WHERE name = 'Roteren'"
        ).fetchone()[0]
    response = post(admin, f"/beheer/webhooks/{sid}/geheim", {}, f"/beheer/webhooks/{sid}")

    second = SECRET_RE.search(response.get_data(as_text=True)).group(1)
    assert second != first.group(1)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_delivery_log_shows_what_was_sent(admin, owner_url, migrated_db, receiver):
    add(admin, receiver.url, name="Logboek")
    with psycopg.connect(owner_url) as conn:
        sid = conn.execute(
            "SELECT id FROM plan.webhook_subscription WHERE name = 'Logboek'"
        ).fetchone()[0]
        team = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = 'GM0200' "
            "AND name = 'Team Wonen'"
        ).fetchone()[0]
        builders.project(conn, "GM0200", team)
    receiver.codes = [500]
    webhooks.send_due(migrated_db.url("webapp"), "https://diwi.example.nl")

    page = admin.get(f"/beheer/webhooks/{sid}").get_data(as_text=True)
    assert "Projecten nieuw" in page and "500 HTTP 500" in page and "Wacht" in page

    post(admin, f"/beheer/webhooks/{sid}/actief", {"active": "0"}, f"/beheer/webhooks/{sid}")
    assert "Uitgeschakeld" in admin.get(f"/beheer/webhooks/{sid}").get_data(as_text=True)


def test_only_the_admin_manages_webhooks(client, auth, demo_municipality):
    auth.login(USER_PLUS, DEMO_PASSWORD)

    assert client.get("/beheer/webhooks/").status_code == 403
