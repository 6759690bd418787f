"""The bag-address-check process through the real pygeoapi app at /api, as a signed-in user."""

import pytest

from manage.demo_accounts import DEMO_ACCOUNTS
from tests.bagcheck import fixture as fx
from tests.fixtures.app import auth_token

pytestmark = pytest.mark.db
EXECUTION = "/api/processes/bag-address-check/execution"
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")


@pytest.fixture
def headers(app, bag) -> dict[str, str]:
    return {"Authentication-Token": auth_token(app, USER["email"])}


def test_the_process_is_listed_with_its_inputs(client):
    described = client.get("/api/processes/bag-address-check?f=json").get_json()
    assert set(described["inputs"]) == {"reference_date", "project_ids", "municipality_code"}
    assert set(described["jobControlOptions"]) == {"sync-execute", "async-execute"}


def test_sync_execution_returns_a_list_per_project(client, headers, bag):
    ids = [bag.ids["Noordkwartier"], bag.ids["Klopt"], bag.ids["Intern hof"]]
    response = client.post(
        EXECUTION,
        json={"inputs": {"reference_date": fx.REFERENCE_DATE, "project_ids": ids}},
        headers=headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = {row["name"]: row for row in response.get_json()}
    assert set(rows) == {"Noordkwartier", "Klopt", "Intern hof"}
    noord = rows["Noordkwartier"]
    assert noord["reference_date"] == fx.REFERENCE_DATE
    assert noord["project_id"] == bag.ids["Noordkwartier"]
    assert (noord["bag_in_use"], noord["bag_in_use_unmeasured"], noord["in_use_difference"]) == (
        10,
        2,
        4,
    )
    assert noord["findings"][0]["code"] == "in_use_not_realised"
    assert noord["proposed_realisation_earliest"] == "2025-02-01"
    assert rows["Klopt"]["flagged"] is False


def test_a_municipality_filter_and_bad_input(client, headers, bag):
    response = client.post(
        EXECUTION, json={"inputs": {"municipality_code": "GM9999"}}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json() == []
    bad = client.post(EXECUTION, json={"inputs": {"reference_date": "morgen"}}, headers=headers)
    assert bad.status_code == 400
    assert "geen datum" in bad.get_json()["description"]


def test_execution_needs_sign_in(client):
    assert client.post(EXECUTION, json={"inputs": {}}).status_code == 401


def test_async_execution_runs_in_the_worker_as_the_requester(client, headers, bag, migrated_db):
    from manage.worker import run_worker
    from plugins.jobs.manager import QueuedManager
    from plugins.jobs.queue import QUEUE

    response = client.post(
        EXECUTION,
        json={"inputs": {"reference_date": fx.REFERENCE_DATE, "project_ids": [bag.ids["Klopt"]]}},
        headers={**headers, "Prefer": "respond-async"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    job_id = response.get_json()["jobID"]
    reader = migrated_db.url("reader")
    processor = {
        "name": "plugins.processes.bag_address_check.BagAddressCheckProcessor",
        "data": reader,
    }
    manager = QueuedManager(
        {
            "name": "plugins.jobs.manager.QueuedManager",
            "connection": reader,
            "output_dir": None,
            "processes": {"bag-address-check": {"type": "process", "processor": processor}},
        }
    )
    run_worker(migrated_db.url("webapp"), processes=manager, wait=False, queues=[QUEUE])
    status = client.get(f"/api/jobs/{job_id}?f=json", headers=headers).get_json()
    assert status["status"] == "successful", status
    result = client.get(f"/api/jobs/{job_id}/results?f=json", headers=headers).get_json()
    assert [row["name"] for row in result] == ["Klopt"]
