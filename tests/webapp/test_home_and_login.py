"""Home page in Dutch with the visible project count; sign in and out as a demo user."""

import pytest

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.db

USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")


def public_count(owner_url: str) -> int:
    import psycopg

    with psycopg.connect(owner_url) as conn:
        conn.execute("SELECT plan.set_viewer(NULL)")
        return conn.execute("SELECT count(*) FROM publication.projects").fetchone()[0]


def test_home_is_dutch_and_shows_public_count(client, owner_url):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Inloggen" in page
    assert "QGIS: voeg http://127.0.0.1:" in page
    assert "/api toe als OGC API Features-verbinding" in page
    assert f'<strong id="project-count">{public_count(owner_url)}</strong>' in page


def test_login_and_logout_with_demo_account(client, auth, demo_municipality):
    response = auth.login(USER["email"], DEMO_PASSWORD)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Uitloggen" in page
    assert f"{USER['first_name']} {USER['last_name']}" in page
    assert auth.logout().status_code == 302
    assert "Inloggen" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_in_dutch(auth, demo_municipality):
    response = auth.login(USER["email"], "fout")
    assert response.status_code == 200
    assert "Ongeldig wachtwoord" in response.get_data(as_text=True)


def test_login_form_needs_csrf(client, demo_municipality):
    response = client.post("/login", data={"email": USER["email"], "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "Uitloggen" not in client.get("/").get_data(as_text=True)


def test_demo_accounts_are_idempotent(owner_url, demo_municipality):
    import psycopg

    from manage.demo_accounts import create_demo_accounts

    create_demo_accounts(owner_url, demo_municipality, {"user": "Team Wonen"})
    with psycopg.connect(owner_url) as conn:
        users = conn.execute(
            "SELECT count(*) FROM auth.app_user WHERE email LIKE '%%@demo.diwi.nl'"
        )
        singles = conn.execute(
            "SELECT count(*) FROM auth.user_group g JOIN auth.user_group_member m "
            "ON m.user_group_id = g.id JOIN auth.app_user u ON u.id = m.user_id "
            "WHERE g.single_user AND u.email LIKE '%%@demo.diwi.nl'"
        )
        assert users.fetchone()[0] == len(DEMO_ACCOUNTS)
        assert singles.fetchone()[0] == len(DEMO_ACCOUNTS)
