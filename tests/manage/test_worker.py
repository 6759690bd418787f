"""The job worker rebuilds a stale current-state cache and leaves a fresh one alone."""

import psycopg
import pytest

from manage.worker import run_forever
from manage.worker import run_once

pytestmark = pytest.mark.db


def test_worker_rebuilds_only_a_stale_cache(owner_url, migrated_db):
    webapp_url = migrated_db.url("webapp")
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("UPDATE publication.cache_state SET as_of = current_date - 1")
    assert run_once(webapp_url) is True
    assert run_once(webapp_url) is False
    run_forever(webapp_url, interval_s=0, rounds=2)
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SELECT as_of = current_date FROM publication.cache_state").fetchone()
    assert row == (True,)


def test_the_worker_follows_the_database_settings(monkeypatch):
    from manage.worker import worker_url

    monkeypatch.delenv("DIWI_DATABASE_URL", raising=False)
    monkeypatch.setenv("DIWI_DB_PORT", "55499")
    monkeypatch.setenv("DIWI_DB_NAME", "elders")
    assert worker_url().endswith(":55499/elders")
    monkeypatch.setenv("DIWI_DATABASE_URL", "postgresql://diwi_webapp@db:5432/diwi")
    assert worker_url() == "postgresql://diwi_webapp@db:5432/diwi"
