"""The deliveries through the real OGC API Processes endpoints, as a signed-in user with a token."""

import json

import pytest

from tests.delivery.conftest import block
from tests.delivery.conftest import good_project
from tests.delivery_writers.gdal_checks import rows
from tests.fixtures.app import auth_token
from tests.fixtures.app import create_member

pytestmark = pytest.mark.db
PROCESSES = ["delivery-gelderland", "delivery-zeeland", "delivery-zuid-holland"]


@pytest.fixture
def signed_in(app, area_factory, owner_url):
    """(area, headers): a user_plus of a fresh area, member of its group, with an API token."""
    area = area_factory()
    email = f"levering-{area.code.lower()}@example.nl"
    create_member(app, owner_url, email, area.code, area.group)
    return area, {"Authentication-Token": auth_token(app, email)}


def test_the_three_deliveries_are_listed_with_their_inputs(client):
    listed = client.get("/api/processes?f=json").get_json()["processes"]
    assert sorted(p["id"] for p in listed if p["id"].startswith("delivery-")) == PROCESSES
    zh = client.get("/api/processes/delivery-zuid-holland?f=json").get_json()
    assert set(zh["inputs"]) == {"reference_date", "project_ids", "min_confidentiality"}
    assert zh["inputs"]["min_confidentiality"]["schema"]["enum"] == [
        "external_regional",
        "external_governmental",
        "public",
    ]
    assert zh["outputs"]["file"]["schema"]["contentMediaType"] == "application/geo+json"
    assert set(zh["jobControlOptions"]) == {"sync-execute", "async-execute"}


def test_sync_execution_returns_the_file(client, signed_in, commit):
    area, headers = signed_in
    pid = commit(lambda c: good_project(c, area))
    commit(lambda c: block(c, pid))
    response = client.post(
        "/api/processes/delivery-zuid-holland/execution",
        json={"inputs": {"reference_date": "2026-06-01"}},
        headers=headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    [feature] = response.get_json(force=True)["features"]
    assert feature["properties"]["ph_text9"] == pid


def test_a_failing_check_answers_400_with_every_problem(client, signed_in, commit):
    area, headers = signed_in
    commit(lambda c: good_project(c, area, plan_types=[], plan_area=None))
    response = client.post(
        "/api/processes/delivery-zuid-holland/execution",
        json={"inputs": {"reference_date": "2026-06-01"}},
        headers=headers,
    )
    assert response.status_code == 400
    body = response.get_json()
    problems = json.loads(body["description"])
    assert {e["code"] for e in problems["errors"]} == {
        "missing_mandatory_value",
        "project_does_not_have_geometry",
    }
    assert all(e["message"] for e in problems["errors"])


def test_execution_needs_sign_in(client):
    response = client.post("/api/processes/delivery-zuid-holland/execution", json={"inputs": {}})
    assert response.status_code == 401


def test_async_execution_runs_in_the_worker_as_the_requester(
    client, signed_in, commit, migrated_db
):
    from manage.worker import run_worker
    from plugins.jobs.manager import QueuedManager
    from plugins.jobs.queue import QUEUE

    area, headers = signed_in
    pid = commit(lambda c: good_project(c, area))
    commit(lambda c: block(c, pid))
    response = client.post(
        "/api/processes/delivery-zuid-holland/execution",
        json={"inputs": {"reference_date": "2026-06-01"}},
        headers={**headers, "Prefer": "respond-async"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    job_id = response.get_json()["jobID"]
    reader = migrated_db.url("reader")
    processor = {
        "name": "plugins.processes.delivery.DeliveryProcessor",
        "template": "zuid-holland",
        "data": reader,
    }
    manager = QueuedManager(
        {
            "name": "plugins.jobs.manager.QueuedManager",
            "connection": reader,
            "output_dir": None,
            "processes": {"delivery-zuid-holland": {"type": "process", "processor": processor}},
        }
    )
    run_worker(migrated_db.url("webapp"), processes=manager, wait=False, queues=[QUEUE])
    status = client.get(f"/api/jobs/{job_id}?f=json", headers=headers).get_json()
    assert status["status"] == "successful", status
    result = client.get(f"/api/jobs/{job_id}/results?f=json", headers=headers)
    assert result.status_code == 200
    assert f'filename="{area.code}-2026-06-01.pzh.geojson"' in result.headers["Content-Disposition"]
    [feature] = json.loads(result.data)["features"]
    assert feature["properties"]["ph_text9"] == pid


def test_gelderland_names_the_user_who_delivered_as_editor(
    app, client, area_factory, owner_url, commit
):
    area = area_factory(province="PV25", name="Ede")
    email = f"editor-{area.code.lower()}@example.nl"
    create_member(app, owner_url, email, area.code, area.group)
    headers = {"Authentication-Token": auth_token(app, email)}
    pid = commit(lambda c: good_project(c, area))
    commit(lambda c: block(c, pid))
    response = client.post(
        "/api/processes/delivery-gelderland/execution",
        json={"inputs": {"reference_date": "2026-06-01"}},
        headers=headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    [project] = rows(response.data, "Planregistratie")
    assert project["Editor"] == "Lea Levering"
    assert {r["Editor"] for r in rows(response.data, "DetailPlanning")} == {"Lea Levering"}
