"""Job-test fixtures: the test process registered in the running pygeoapi, tokens, restarts."""

from collections.abc import Iterator

import pytest
from flask import Flask

from manage.demo_accounts import DEMO_ACCOUNTS
from plugins.jobs.manager import QueuedManager
from tests.fixtures.app import auth_token
from tests.jobs.processes import PROCESS_ID

USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
OTHER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user_plus")
PROCESS_CONF = {
    "type": "process",
    "processor": {"name": "tests.jobs.processes.EchoProcessor"},
}


def token_for(app: Flask, email: str) -> str:
    """A flask-security authentication token (header Authentication-Token) for a demo user."""
    return auth_token(app, email)


def pygeoapi_api():
    """The process's one pygeoapi API object (pygeoapi reads its config once, at import)."""
    from pygeoapi.flask_app import api_

    return api_


@pytest.fixture(scope="module")
def echo_process(app: Flask) -> Iterator[str]:
    """Register the test process in the running pygeoapi (as a config resource would)."""
    api = pygeoapi_api()
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(api.manager.processes, PROCESS_ID, dict(PROCESS_CONF))
        yield PROCESS_ID
    api.manager.close()


@pytest.fixture(scope="module")
def user_headers(app: Flask, demo_municipality: str) -> dict:
    return {"Authentication-Token": token_for(app, USER["email"])}


@pytest.fixture(scope="module")
def other_headers(app: Flask, demo_municipality: str) -> dict:
    return {"Authentication-Token": token_for(app, OTHER["email"])}


def fresh_manager(reader_url: str) -> QueuedManager:
    """A new manager with the test process, as a restarted web app or a worker builds it."""
    processes = {PROCESS_ID: dict(PROCESS_CONF)}
    definition = {"name": "plugins.jobs.manager.QueuedManager", "connection": reader_url}
    return QueuedManager({**definition, "output_dir": None, "processes": processes})


@pytest.fixture
def restart(app: Flask, migrated_db, echo_process: str) -> Iterator:
    """restart() builds a new app with a new process manager, as after a restart of the web app."""
    from webapp import create_app
    from webapp import db

    built: list[tuple[Flask, QueuedManager]] = []
    api = pygeoapi_api()
    with pytest.MonkeyPatch.context() as mp:

        def restarted() -> Flask:
            manager = fresh_manager(migrated_db.url("reader"))
            mp.setattr(api, "manager", manager)
            new_app = create_app({"TESTING": True, "DIWI_SETTINGS": app.config["DIWI_SETTINGS"]})
            built.append((new_app, manager))
            return new_app

        yield restarted
    for new_app, manager in built:
        manager.close()
        db.close(new_app)
