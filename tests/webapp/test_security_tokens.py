"""Personal API tokens: shown once on /account/tokens, read /api as the owner, revocable."""

import re

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.fixtures.smtp import SEC_PASSWORD

pytestmark = pytest.mark.db

ITEMS = "/api/collections/projects/items?f=json&limit=1000"
TOKEN_RE = re.compile(r'<code id="token-value">([^<]+)</code>')


def private_project_of(owner_url: str, email: str, name: str) -> None:
    """A private project owned by the user's single-user group, written via plan.create_project."""
    with psycopg.connect(owner_url) as conn:
        group = conn.execute(
            "SELECT g.id::text FROM auth.user_group g JOIN auth.user_group_member m "
            "ON m.user_group_id = g.id JOIN auth.app_user u ON u.id = m.user_id "
            "WHERE u.email = %s",
            (email,),
        ).fetchone()[0]
        payload = {
            "municipality_code": "GM9990",
            "name": name,
            "phase": "concept",
            "confidentiality_level": 1,
            "start_date": "2024-01-01",
            "end_date": "2030-01-01",
            "owner_group_ids": [group],
        }
        conn.execute("SELECT plan.create_project(%s)", (Jsonb(payload),))


def project_names(response) -> set[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {f["properties"].get("name") for f in response.get_json()["features"]}


def create_token(client, auth, name: str) -> str:
    page = client.post(
        "/account/tokens", data={"name": name, "csrf_token": auth.csrf_token("/account/tokens")}
    ).get_data(as_text=True)
    match = TOKEN_RE.search(page)
    assert match, page
    return match.group(1)


def test_token_reads_own_projects_until_revoked(app, client, auth, owner_url, make_account):
    email = make_account("tokenuser")
    private_project_of(owner_url, email, "Geheim tokenproject")
    assert "Geheim tokenproject" not in project_names(client.get(ITEMS))
    auth.login(email, SEC_PASSWORD)
    token = create_token(client, auth, "QGIS laptop")
    assert "QGIS laptop" in client.get("/account/tokens").get_data(as_text=True)
    assert token not in client.get("/account/tokens").get_data(as_text=True)  # shown once
    auth.logout()

    anonymous = app.test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    assert "Geheim tokenproject" in project_names(anonymous.get(ITEMS, headers=bearer))
    assert "Geheim tokenproject" in project_names(
        anonymous.get(ITEMS, headers={"X-API-Key": token})
    )

    auth.login(email, SEC_PASSWORD)
    page = client.get("/account/tokens").get_data(as_text=True)
    token_id = re.search(r"/account/tokens/([0-9a-f-]{36})/revoke", page).group(1)
    revoke = client.post(
        f"/account/tokens/{token_id}/revoke",
        data={"csrf_token": auth.csrf_token("/account/tokens")},
    )
    assert revoke.status_code == 302
    assert "ingetrokken" in client.get("/account/tokens").get_data(as_text=True)

    refused = anonymous.get(ITEMS, headers=bearer)
    assert refused.status_code == 401
    assert refused.get_json()["code"] == "Unauthorized"


def test_unknown_token_is_401_json(client):
    response = client.get(ITEMS, headers={"Authorization": "Bearer diwi_onbekend"})
    assert response.status_code == 401
    assert "API-token" in response.get_json()["description"]
    assert client.get(ITEMS, headers={"X-API-Key": "nope"}).status_code == 401


def test_only_the_hash_is_stored(client, auth, owner_url, make_account):
    email = make_account("hashuser")
    auth.login(email, SEC_PASSWORD)
    token = create_token(client, auth, "script")
    with psycopg.connect(owner_url) as conn:
        stored = conn.execute(
            "SELECT t.token_hash FROM auth.api_token t JOIN auth.app_user u ON u.id = t.user_id "
            "WHERE u.email = %s",
            (email,),
        ).fetchone()[0]
    assert token not in stored and len(stored) == 64


def test_token_name_is_required_in_dutch(client, auth, make_account):
    auth.login(make_account("noname"), SEC_PASSWORD)
    response = client.post(
        "/account/tokens", data={"name": " ", "csrf_token": auth.csrf_token("/account/tokens")}
    )
    assert response.status_code == 400
    assert "Naam: geef het token een naam" in response.get_data(as_text=True)
