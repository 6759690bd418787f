"""Durable API jobs: recorded per owner, queued, run as the requester, kept across restarts."""

import asyncio
import json
import threading

import psycopg
import pytest

from manage import migrate
from manage.worker import run_worker
from plugins.jobs.queue import QUEUE
from tests.jobs.conftest import OTHER
from tests.jobs.conftest import USER
from tests.jobs.conftest import fresh_manager

pytestmark = pytest.mark.db

ASYNC = {"Prefer": "respond-async"}
FORGED_VIEWER = {"role": "admin", "user_id": "00000000-0000-0000-0000-000000000000"}


def execute(client, headers: dict, inputs: dict, prefer_async: bool = False):
    return client.post(
        "/api/processes/test-echo/execution",
        json={"inputs": inputs},
        headers={**headers, **(ASYNC if prefer_async else {})},
    )


def user_id(owner_url: str, email: str) -> str:
    with psycopg.connect(owner_url) as conn:
        sql = "SELECT id::text FROM auth.app_user WHERE email = %s"
        return conn.execute(sql, (email,)).fetchone()[0]


def job_row(owner_url: str, job_id: str) -> dict:
    with psycopg.connect(owner_url) as conn:
        cur = conn.execute(
            "SELECT owner_id::text, execution, status, inputs, viewer FROM pygeoapi.job "
            "WHERE id = %s",
            (job_id,),
        )
        names = [c.name for c in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def work_off_queue(migrated_db) -> None:
    """One worker run (the real `manage worker` entry) until the job queue is empty."""
    manager = fresh_manager(migrated_db.url("reader"))
    run_worker(migrated_db.url("webapp"), processes=manager, wait=False, queues=[QUEUE])


def test_sync_run_answers_and_is_recorded_with_its_owner(
    app, echo_process, user_headers, owner_url
):
    client = app.test_client()
    response = execute(client, user_headers, {"text": "hallo", "viewer": FORGED_VIEWER})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    requester = user_id(owner_url, USER["email"])
    assert body["echo"] == "hallo"
    assert body["viewer"]["user_id"] == requester  # the signed-in viewer, not the forged one
    jobs = client.get("/api/jobs?f=json", headers=user_headers).get_json()["jobs"]
    mine = [j for j in jobs if j["processID"] == "test-echo" and j["status"] == "successful"]
    assert mine
    row = job_row(owner_url, mine[0]["jobID"])
    assert (row["owner_id"], row["execution"], row["status"]) == (requester, "sync", "successful")


def test_async_job_survives_a_restart_and_runs_as_its_requester(
    app, echo_process, user_headers, owner_url, migrated_db, restart
):
    inputs = {"text": "later", "csv": True, "viewer": FORGED_VIEWER}
    response = execute(app.test_client(), user_headers, inputs, prefer_async=True)
    assert response.status_code == 201, response.get_data(as_text=True)
    job_id = response.get_json()["jobID"]
    assert response.headers["Location"].endswith(f"/api/jobs/{job_id}")
    queued = app.test_client().get(f"/api/jobs/{job_id}?f=json", headers=user_headers)
    assert queued.get_json()["status"] == "accepted"

    restarted = restart().test_client()
    work_off_queue(migrated_db)

    status = restarted.get(f"/api/jobs/{job_id}?f=json", headers=user_headers).get_json()
    assert (status["status"], status["progress"]) == ("successful", 100)
    result = restarted.get(f"/api/jobs/{job_id}/results?f=json", headers=user_headers)
    assert result.status_code == 200
    assert result.mimetype == "text/csv"
    assert 'filename="echo.csv"' in result.headers["Content-Disposition"]
    requester = user_id(owner_url, USER["email"])
    assert result.data.decode("utf-8").splitlines()[1] == f"later;{requester};user"
    row = job_row(owner_url, job_id)
    assert (row["owner_id"], row["execution"]) == (requester, "async")
    assert row["viewer"]["user_id"] == requester


def test_other_users_and_anonymous_cannot_see_a_job(app, echo_process, user_headers, other_headers):
    client = app.test_client()
    job_id = execute(client, user_headers, {"text": "van mij"}, prefer_async=True).get_json()
    job_id = job_id["jobID"]
    for path in (f"/api/jobs/{job_id}", f"/api/jobs/{job_id}/results"):
        assert client.get(f"{path}?f=json", headers=other_headers).status_code == 404
        assert client.get(f"{path}?f=json").status_code == 401
    assert client.delete(f"/api/jobs/{job_id}", headers=other_headers).status_code == 404
    listed = client.get("/api/jobs?f=json", headers=other_headers).get_json()["jobs"]
    assert job_id not in {j["jobID"] for j in listed}
    assert client.get("/api/jobs?f=json").status_code == 401
    owned = client.get("/api/jobs?f=json", headers=user_headers).get_json()["jobs"]
    assert job_id in {j["jobID"] for j in owned}
    assert client.get(f"/api/jobs/{job_id}", headers=other_headers).status_code == 404


def test_owner_deletes_a_queued_job_and_the_worker_skips_it(
    app, echo_process, user_headers, migrated_db
):
    client = app.test_client()
    job_id = execute(client, user_headers, {"text": "weg"}, prefer_async=True).get_json()["jobID"]
    assert client.delete(f"/api/jobs/{job_id}", headers=user_headers).status_code == 200
    work_off_queue(migrated_db)
    assert client.get(f"/api/jobs/{job_id}?f=json", headers=user_headers).status_code == 404


def test_failing_process_ends_failed_with_its_message(app, echo_process, user_headers, migrated_db):
    client = app.test_client()
    sync = execute(client, user_headers, {"text": "x", "fail": True})
    assert sync.status_code == 400
    assert "Testfout: de invoer deugt niet" in sync.get_json()["description"]

    job_id = execute(client, user_headers, {"text": "x", "fail": True}, prefer_async=True)
    job_id = job_id.get_json()["jobID"]
    work_off_queue(migrated_db)
    status = client.get(f"/api/jobs/{job_id}?f=json", headers=user_headers).get_json()
    assert status["status"] == "failed"
    assert status["message"] == "Testfout: de invoer deugt niet"
    assert client.get(f"/api/jobs/{job_id}/results?f=json", headers=user_headers).status_code == 400


def test_json_result_is_served_from_the_database(app, echo_process, user_headers, migrated_db):
    client = app.test_client()
    job_id = execute(client, user_headers, {"text": "json"}, prefer_async=True).get_json()["jobID"]
    work_off_queue(migrated_db)
    result = client.get(f"/api/jobs/{job_id}/results?f=json", headers=user_headers)
    assert result.status_code == 200
    assert json.loads(result.data)["echo"] == "json"


def test_reader_role_sees_only_the_viewers_jobs(owner_url, migrated_db, app, echo_process):
    """Row security behind the manager: the reader role without a viewer sees no job."""
    with psycopg.connect(migrated_db.url("reader")) as conn:
        assert conn.execute("SELECT count(*) FROM pygeoapi.job").fetchone()[0] == 0
        other = user_id(owner_url, OTHER["email"])
        conn.execute("SELECT plan.set_viewer('user_plus', NULL, NULL, NULL, '{}', %s)", (other,))
        rows = conn.execute("SELECT DISTINCT owner_id::text FROM pygeoapi.job").fetchall()
        assert rows in ([], [(other,)])


def test_migrate_again_changes_nothing(owner_url):
    assert migrate.migrate(owner_url) == []


def test_vendored_queue_schema_is_the_installed_procrastinates():
    from procrastinate.schema import SchemaManager

    vendored = migrate.SQL_DIR / "migrations" / "202612041600_create_procrastinate_schema.sql"
    assert SchemaManager.get_schema() in vendored.read_text(encoding="utf-8")


def test_job_of_a_worker_that_died_runs_again(app, echo_process, user_headers, migrated_db):
    from types import SimpleNamespace

    from manage.worker import make_worker_app
    from plugins.jobs.queue import retry_stalled_jobs

    client = app.test_client()
    job_id = execute(client, user_headers, {"text": "opnieuw"}, prefer_async=True).get_json()
    job_id = job_id["jobID"]
    with psycopg.connect(migrated_db.url("owner")) as conn:  # fetched by a worker that vanished
        conn.execute(
            "UPDATE procrastinate.procrastinate_jobs SET status = 'doing' "
            "WHERE id = (SELECT queue_job_id FROM pygeoapi.job WHERE id = %s)",
            (job_id,),
        )
        conn.execute("UPDATE pygeoapi.job SET status = 'running' WHERE id = %s", (job_id,))

    async def retry() -> None:
        worker_app = make_worker_app(migrated_db.url("webapp"))
        async with worker_app.open_async():
            await retry_stalled_jobs(SimpleNamespace(app=worker_app), 0)

    # a thread of its own: a Playwright session may own this thread's event loop
    runner = threading.Thread(target=asyncio.run, args=(retry(),))
    runner.start()
    runner.join()
    work_off_queue(migrated_db)
    status = client.get(f"/api/jobs/{job_id}?f=json", headers=user_headers).get_json()
    assert status["status"] == "successful"


def test_jobs_page_lists_the_owners_jobs_in_html(app, echo_process, user_headers):
    client = app.test_client()
    location = execute(client, user_headers, {"text": "html"}).headers["Location"]
    job_id = location.rsplit("/", 1)[1]
    page = client.get("/api/jobs?f=html", headers=user_headers)
    assert page.status_code == 200
    assert job_id in page.get_data(as_text=True)


def test_finished_jobs_are_removed_after_the_retention_period(
    app, echo_process, user_headers, migrated_db
):
    from types import SimpleNamespace

    from plugins.jobs.queue import prune_api_jobs

    client = app.test_client()
    old, new = (execute(client, user_headers, {"text": t}) for t in ("oud", "nieuw"))
    old_id, new_id = (r.headers["Location"].rsplit("/", 1)[1] for r in (old, new))
    with psycopg.connect(migrated_db.url("owner")) as conn:
        sql = "UPDATE pygeoapi.job SET finished = now() - interval '31 days' WHERE id = %s"
        conn.execute(sql, (old_id,))
    context = SimpleNamespace(additional_context={"database_url": migrated_db.url("webapp")})
    prune_api_jobs(context, 0)
    assert client.get(f"/api/jobs/{old_id}?f=json", headers=user_headers).status_code == 404
    assert client.get(f"/api/jobs/{new_id}?f=json", headers=user_headers).status_code == 200


def test_job_of_a_deactivated_owner_is_not_run(app, echo_process, user_headers, migrated_db):
    client = app.test_client()
    job_id = execute(client, user_headers, {"text": "te laat"}, prefer_async=True).get_json()
    job_id = job_id["jobID"]
    switch = "UPDATE auth.app_user SET active = %s WHERE email = %s"
    with psycopg.connect(migrated_db.url("owner"), autocommit=True) as conn:
        conn.execute(switch, (False, USER["email"]))
        try:
            work_off_queue(migrated_db)
        finally:
            conn.execute(switch, (True, USER["email"]))
    status = client.get(f"/api/jobs/{job_id}?f=json", headers=user_headers).get_json()
    assert status["status"] == "failed"
    assert "niet meer actief" in status["message"]
