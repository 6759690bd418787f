"""Who may import: users who may create projects; the access rule applies to every write."""

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.imports.conftest import account
from tests.imports.conftest import post_file
from tests.imports.files import excel


@pytest.mark.parametrize("role", ["management", "council", "external", "region_reader"])
def test_roles_that_may_not_create_get_403(role, signed_in, prefix, count_rows):
    client = signed_in(role)
    before = count_rows()
    assert client.get("/importeren").status_code == 403
    response = post_file(client, excel(prefix), csrf=False)
    assert response.status_code in (400, 403)
    assert count_rows() == before


def test_anonymous_api_request_gets_401(client, import_setup, prefix):
    response = post_file(client, excel(prefix), csrf=False)
    assert response.status_code == 401


def test_user_may_not_import_a_project_owned_by_someone_else(signed_in, prefix):
    other = account("user_plus")["email"]
    body = post_file(signed_in("user"), excel(prefix, {"Eigenaar": other})).get_json()
    assert [e["code"] for e in body["errors"]] == ["project_owner_not_yours"]


def test_existing_project_the_user_may_not_edit_is_refused(signed_in, prefix, owner_url):
    with psycopg.connect(owner_url) as conn:
        group = conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
            "RETURNING id::text",
            (f"Groep {prefix}",),
        ).fetchone()[0]
        conn.execute(
            "SELECT plan.create_project(%s)",
            (
                Jsonb(
                    {
                        "municipality_code": "GM0200",
                        "municipal_id": f"{prefix}-1",
                        "name": "Van een ander",
                        "phase": "concept",
                        "confidentiality_level": 2,
                        "start_date": "2025-01-01",
                        "end_date": "2030-12-31",
                        "owner_group_ids": [group],
                    }
                ),
            ),
        )
    body = post_file(signed_in("user"), excel(prefix)).get_json()
    assert [e["code"] for e in body["errors"]] == ["project_not_editable"]
    # the municipality's user_plus may edit all its projects, so the same file updates it
    body = post_file(signed_in("user_plus"), excel(prefix)).get_json()
    assert body["counts"]["updated"] == 1, body


def test_api_token_authenticates_without_csrf(app, client, import_setup, prefix, owner_url):
    from webapp.account.queries import create_api_token

    user_id = None
    with psycopg.connect(owner_url) as conn:
        user_id = conn.execute(
            "SELECT id FROM auth.app_user WHERE email = %s", (account("user_plus")["email"],)
        ).fetchone()[0]
    with app.app_context():
        token = create_api_token(user_id, f"import {prefix}")
    response = post_file(
        client,
        excel(prefix),
        dry_run=True,
        csrf=False,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["counts"]["created"] == 1
