"""Export tests' fixtures: the deterministic demo data, signed-in clients and API tokens."""

import uuid
from collections.abc import Callable

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient

from manage import demo
from manage.demo_accounts import DEMO_PASSWORD
from tests.exports import golden
from tests.fixtures.app import AuthActions

PEILDATUM = "2026-06-01"  # a fixed reference date inside most demo projects


@pytest.fixture(scope="session")
def demo_data(owner_url: str, demo_municipality: str) -> list[str]:
    """The demo's 60 projects of GM0200 and GM0202 (loaded once per session); their codes."""
    demo.load_demo(owner_url)
    return demo.DEMO_CODES


@pytest.fixture
def sign_in(app: Flask, demo_data: list[str]) -> Callable[[str], FlaskClient]:
    """A client signed in as the demo account of a role (e.g. "user_plus")."""

    def signed_in(role: str) -> FlaskClient:
        client = app.test_client()
        response = AuthActions(client).login(email_of(role), DEMO_PASSWORD)
        assert response.status_code in (200, 302), response.status_code
        return client

    return signed_in


def email_of(role: str) -> str:
    from manage.demo_accounts import DEMO_ACCOUNTS

    return next(a["email"] for a in DEMO_ACCOUNTS if a["role"] == role)


@pytest.fixture
def api_token(app: Flask, owner_url: str, demo_data: list[str]) -> Callable[[str], str]:
    """A personal API token of the demo account of a role."""
    from webapp.account.queries import create_api_token

    def token_for(role: str) -> str:
        with psycopg.connect(owner_url) as conn:
            user_id = conn.execute(
                "SELECT id FROM auth.app_user WHERE email = %s", (email_of(role),)
            ).fetchone()[0]
        with app.app_context():
            return create_api_token(uuid.UUID(str(user_id)), f"test {role}")

    return token_for


@pytest.fixture(scope="session")
def gold(owner_url: str) -> golden.Golden:
    """The golden municipality GM9801 with its fully known projects."""
    return golden.build(owner_url)
