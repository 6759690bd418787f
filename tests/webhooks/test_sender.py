"""The worker's sender: signed CloudEvents reach a real receiver, with retries and no duplicates."""

import hashlib
import hmac

import psycopg
import pytest

from manage import worker
from plugins.jobs import queue
from plugins.jobs import webhooks
from tests.sql import builders
from tests.webhooks.conftest import subscribe

pytestmark = pytest.mark.db

SOURCE = "https://diwi.example.nl"
SECRET = "whsec_test-secret"


@pytest.fixture
def worker_url(migrated_db) -> str:
    """The worker connects as the web-app role, like manage/worker.py."""
    return migrated_db.url("webapp")


def new_project(owner_url: str, place: dict, **data) -> str:
    with psycopg.connect(owner_url) as conn:
        return builders.project(conn, place["municipality"], place["group"], **data)


def edit(owner_url: str, sql: str, params: tuple) -> None:
    with psycopg.connect(owner_url) as conn:
        conn.execute(sql, params)


def test_signed_cloud_events_reach_the_receiver(owner_url, worker_url, place, receiver):
    subscribe(owner_url, place["municipality"], receiver.url, secret=SECRET)
    project = new_project(owner_url, place, name="Het Oude Veld")
    with psycopg.connect(owner_url) as conn:  # a running project: the edit splits it at today
        builders.update_project(conn, project, {"name": "Het Nieuwe Veld", "priority": None})

    assert webhooks.send_due(worker_url, SOURCE) == {"delivered": 3}

    for request in receiver.requests:
        expected = hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
        assert request["headers"]["X-DIWI-Signature-256"] == f"sha256={expected}"
        assert request["headers"]["Content-Type"].startswith("application/cloudevents+json")
    split, created, changed = sorted(receiver.events(), key=lambda e: (e["type"], e["id"]))
    assert created["data"]["change"] == "created"
    assert (split["type"], split["data"]["change"]) == ("nl.diwi.milestone.changed", "created")
    assert changed == {
        "specversion": "1.0",
        "id": changed["id"],
        "source": SOURCE,
        "type": "nl.diwi.project.changed",
        "time": changed["time"],
        "subject": f"projects/{project}",
        "datacontenttype": "application/json",
        "data": {
            "entity": "project",
            "id": project,
            "project_id": project,
            "municipality_code": place["municipality"],
            "change": "changed",
            "changed_fields": ["name"],
        },
    }
    assert changed["id"] != created["id"] and changed["time"].endswith("Z")


def test_houseblock_and_milestone_changes_are_announced(owner_url, worker_url, place, receiver):
    project = new_project(owner_url, place)
    with psycopg.connect(owner_url) as conn:
        block = builders.houseblock(conn, project)
    subscribe(owner_url, place["municipality"], receiver.url, events=("houseblock", "milestone"))
    with psycopg.connect(owner_url) as conn:
        end = conn.execute("SELECT end_milestone_id FROM plan.project WHERE id = %s", (project,))
        conn.execute("SELECT plan.set_milestone(%s, '2031-06-01')", (end.fetchone()[0],))
    with psycopg.connect(owner_url) as conn:
        conn.execute("SELECT plan.remove_houseblock(%s)", (block,))

    webhooks.send_due(worker_url, SOURCE)

    by_type = {(e["type"], e["data"]["change"]): e for e in receiver.events()}
    assert set(by_type) == {
        ("nl.diwi.milestone.changed", "changed"),
        ("nl.diwi.houseblock.changed", "removed"),
    }
    milestone = by_type[("nl.diwi.milestone.changed", "changed")]
    assert milestone["data"]["changed_fields"] == ["date"]
    assert milestone["subject"].startswith(f"projects/{project}/milestones/")
    removed = by_type[("nl.diwi.houseblock.changed", "removed")]
    assert removed["subject"] == f"projects/{project}/houseblocks/{block}"


def test_retry_after_a_500_then_success_and_never_twice(owner_url, worker_url, place, receiver):
    subscription = subscribe(owner_url, place["municipality"], receiver.url)
    receiver.codes = [500]
    new_project(owner_url, place)

    assert webhooks.send_due(worker_url, SOURCE, base_s=0) == {"pending": 1}
    assert webhooks.send_due(worker_url, SOURCE, base_s=0) == {"delivered": 1}
    assert webhooks.send_due(worker_url, SOURCE, base_s=0) == {}

    first, second = receiver.requests
    assert first["body"] == second["body"]  # the same event (same id) is retried
    with psycopg.connect(owner_url) as conn:
        log = conn.execute(
            "SELECT a.status_code, d.status, d.attempts FROM plan.webhook_attempt a "
            "JOIN plan.webhook_delivery d ON d.id = a.delivery_id "
            "WHERE d.subscription_id = %s ORDER BY a.id",
            (subscription,),
        ).fetchall()
    assert log == [(500, "delivered", 2), (200, "delivered", 2)]


def test_a_failed_try_waits_with_backoff(owner_url, worker_url, place, receiver):
    subscribe(owner_url, place["municipality"], receiver.url)
    receiver.codes = [503]
    new_project(owner_url, place)

    assert webhooks.send_due(worker_url, SOURCE) == {"pending": 1}
    assert webhooks.send_due(worker_url, SOURCE) == {}  # not due yet: waits 30 s
    assert len(receiver.requests) == 1
    assert webhooks.backoff(1).total_seconds() == 30
    assert webhooks.backoff(3).total_seconds() == 120
    assert webhooks.backoff(30).total_seconds() == webhooks.RETRY_MAX_S


def test_confidential_project_only_to_subscribers_allowed_it(
    owner_url, worker_url, place, receiver
):
    public_only = subscribe(owner_url, place["municipality"], receiver.url)
    internal = subscribe(
        owner_url, place["municipality"], receiver.url + "/intern", max_confidentiality=2
    )
    other = builders_place(owner_url)
    subscribe(owner_url, other, receiver.url + "/elders")
    new_project(owner_url, place, confidentiality_level=3)

    webhooks.send_due(worker_url, SOURCE)

    assert [r["headers"]["Host"] for r in receiver.requests] == [receiver.url.split("/")[2]]
    with psycopg.connect(owner_url) as conn:
        received = conn.execute(
            "SELECT subscription_id::text FROM plan.webhook_delivery "
            "WHERE subscription_id = ANY(%s)",
            ([public_only, internal],),
        ).fetchall()
    assert received == [(internal,)]


def builders_place(owner_url: str) -> str:
    """Another municipality (its subscriber must not hear of this one's projects)."""
    from tests.webhooks.conftest import _CODES

    with psycopg.connect(owner_url) as conn:
        return builders.municipality(conn, f"GM{next(_CODES)}")


def test_rolled_back_edits_announce_nothing(owner_url, worker_url, place, receiver):
    subscribe(owner_url, place["municipality"], receiver.url)
    with psycopg.connect(owner_url) as conn:
        builders.project(conn, place["municipality"], place["group"])
        conn.rollback()

    assert webhooks.send_due(worker_url, SOURCE) == {}
    assert receiver.requests == []


def test_an_unreachable_receiver_does_not_stop_the_others(owner_url, worker_url, place, receiver):
    subscribe(owner_url, place["municipality"], "http://127.0.0.1:9/weg")
    subscribe(owner_url, place["municipality"], receiver.url)
    new_project(owner_url, place)

    assert webhooks.send_due(worker_url, SOURCE) == {"pending": 1, "delivered": 1}
    assert len(receiver.requests) == 1


def test_an_outbox_failure_never_fails_the_edit(conn, place):
    # every outbox insert now fails (the test's transaction is rolled back afterwards)
    conn.execute("ALTER TABLE plan.outbox ADD CONSTRAINT broken CHECK (false) NOT VALID")
    project = builders.project(conn, place["municipality"], place["group"])
    conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # runs the deferred outbox triggers now

    count = "SELECT count(*) FROM plan.{} WHERE {} = %s"
    assert conn.execute(count.format("project", "id"), (project,)).fetchone() == (1,)
    assert conn.execute(count.format("outbox", "project_id"), (project,)).fetchone() == (0,)


def test_the_worker_runs_the_sender(owner_url, worker_url, place, receiver):
    subscribe(owner_url, place["municipality"], receiver.url)
    new_project(owner_url, place)
    with psycopg.connect(worker_url) as conn:  # what procrastinate's periodic deferrer queues
        conn.execute(f"SET LOCAL search_path = {queue.SEARCH_PATH}")
        deferrer = queue._DEFERRER.configure_task(
            webhooks.SEND_WEBHOOKS, queue=queue.QUEUE, connection=conn
        )
        deferrer.defer(timestamp=0)

    worker.run_worker(worker_url, processes={}, wait=False, queues=[queue.QUEUE])

    assert [e["data"]["change"] for e in receiver.events()] == ["created"]
