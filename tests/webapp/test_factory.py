"""The app factory, settings, /health and the secure headers."""

import re

import pytest

from webapp import create_app
from webapp import db
from webapp.settings import SettingsError

pytestmark = pytest.mark.db

THIRD_PARTY = re.compile(r"https?://")


def test_factory_takes_test_config(app):
    other = create_app({"TESTING": True, "DIWI_MOUNT_API": False, "SECRET_KEY": "x"})
    assert other.testing
    assert other.config["SECRET_KEY"] == "x"
    assert "home.index" in other.view_functions
    db.close(other)


def test_missing_secret_key_is_refused(monkeypatch):
    monkeypatch.delenv("DIWI_SECRET_KEY", raising=False)
    monkeypatch.delenv("DIWI_DEBUG", raising=False)
    with pytest.raises(SettingsError, match="DIWI_SECRET_KEY"):
        create_app({"DIWI_MOUNT_API": False})


def test_health_reports_database_and_api(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] is True
    assert body["migrations"] >= 5
    assert body["pygeoapi"] is True


@pytest.mark.parametrize("path", ["/", "/login", "/api", "/api/collections?f=html", "/health"])
def test_secure_headers_without_third_party_origins(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert not THIRD_PARTY.search(policy)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_stale_current_state_cache_is_rebuilt_on_the_first_request_of_the_day(
    app, client, owner_url
):
    import psycopg

    from webapp import cache

    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("UPDATE publication.cache_state SET as_of = current_date - 1")
    app.extensions.pop(cache.EXTENSION, None)
    assert client.get("/health").status_code == 200
    with psycopg.connect(owner_url) as conn:
        fresh = conn.execute("SELECT as_of = current_date FROM publication.cache_state").fetchone()
    assert fresh == (True,)


def test_settings_follow_the_local_cluster_and_web_port(monkeypatch):
    """`DIWI_DB_PORT=… make run` must point the app and its feeds at that cluster and port."""
    from webapp.settings import WebSettings

    for name in ("DATABASE_URL", "READER_DATABASE_URL", "PUBLIC_URL", "DB_READER_PASSWORD"):
        monkeypatch.delenv(f"DIWI_{name}", raising=False)
    monkeypatch.setenv("DIWI_DB_PORT", "55999")
    monkeypatch.setenv("DIWI_DB_NAME", "diwi_elders")
    monkeypatch.setenv("DIWI_DB_WEBAPP_PASSWORD", "geheim/@")
    monkeypatch.setenv("DIWI_WEB_PORT", "8123")
    settings = WebSettings()
    assert (
        settings.database_url == "postgresql://diwi_webapp:geheim%2F%40@127.0.0.1:55999/diwi_elders"
    )
    assert settings.reader_database_url == "postgresql://diwi_reader@127.0.0.1:55999/diwi_elders"
    assert settings.public_url == "http://127.0.0.1:8123"
