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
