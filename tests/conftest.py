"""Shared fixtures: a real PostGIS database per test worker, migrated once per session."""

import os
from collections.abc import Iterator

import psycopg
import pytest

from manage import bootstrap
from manage import migrate
from manage.settings import DatabaseSettings


def _worker() -> str:
    """This worker's database suffix; DIWI_TEST_DB_SUFFIX keeps two concurrent runs apart."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    suffix = os.environ.get("DIWI_TEST_DB_SUFFIX")
    return f"{worker}_{suffix}" if suffix else worker


@pytest.fixture(scope="session")
def db_settings() -> DatabaseSettings:
    """Settings pointing at this worker's own test database on the local cluster."""
    return DatabaseSettings(name=f"diwi_test_{_worker()}")


@pytest.fixture(scope="session")
def migrated_db(db_settings: DatabaseSettings) -> Iterator[DatabaseSettings]:
    """A freshly created and fully migrated database for the whole session."""
    bootstrap.drop_database(db_settings, db_settings.name)
    bootstrap.ensure_database(db_settings, db_settings.name)
    migrate.migrate(db_settings.url("owner", db_settings.name))
    yield db_settings
    bootstrap.drop_database(db_settings, db_settings.name)


@pytest.fixture(scope="session")
def owner_url(migrated_db: DatabaseSettings) -> str:
    return migrated_db.url("owner")


@pytest.fixture
def conn(owner_url: str) -> Iterator[psycopg.Connection]:
    """A connection as the owner role inside a transaction that is rolled back afterwards."""
    with psycopg.connect(owner_url) as connection:
        yield connection
        connection.rollback()


# Web-app fixtures: app, client, live_server, auth, demo_municipality.
pytest_plugins = ["tests.fixtures.app", "tests.fixtures.smtp"]
