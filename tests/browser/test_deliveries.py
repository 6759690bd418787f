"""Province deliveries from the export page in a real browser: queued, run, downloaded."""

import json
import threading
import uuid

import pytest
from playwright.sync_api import expect

from manage.demo_accounts import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.delivery import conftest as delivery
from tests.delivery.conftest import block
from tests.delivery.conftest import good_project
from tests.fixtures.app import create_member

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]
area_factory = delivery.area_factory  # the delivery tests' fixtures, reused
commit = delivery.commit


@pytest.fixture
def deliverer(app, area_factory, owner_url):
    """(area, e-mail): a user_plus of a fresh, fully mapped municipality (Zuid-Holland)."""
    area = area_factory()
    email = f"levering-{uuid.uuid4().hex[:8]}@example.nl"
    create_member(app, owner_url, email, area.code, area.group)
    return area, email


def run_queued_jobs(migrated_db) -> None:
    """One pass of the real worker over the queue, with the delivery processes configured."""
    from manage.worker import run_worker
    from plugins.jobs.manager import QueuedManager
    from plugins.jobs.queue import QUEUE

    reader = migrated_db.url("reader")
    processes = {
        f"delivery-{t}": {
            "type": "process",
            "processor": {
                "name": "plugins.processes.delivery.DeliveryProcessor",
                "template": t,
                "data": reader,
            },
        }
        for t in ("zuid-holland", "gelderland", "zeeland")
    }
    manager = QueuedManager(
        {
            "name": "plugins.jobs.manager.QueuedManager",
            "connection": reader,
            "output_dir": None,
            "processes": processes,
        }
    )
    # Playwright's sync API owns this thread's event loop: the worker gets its own thread
    worker = threading.Thread(
        target=run_worker,
        args=(migrated_db.url("webapp"),),
        kwargs={"processes": manager, "wait": False, "queues": [QUEUE]},
    )
    worker.start()
    worker.join(timeout=60)


def sign_in_and_open_exports(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/exporteren")


def test_a_delivery_is_queued_run_and_downloaded(page, live_server, deliverer, commit, migrated_db):
    area, email = deliverer
    pid = commit(lambda c: good_project(c, area, name="Levering via de browser"))
    commit(lambda c: block(c, pid))
    sign_in_and_open_exports(page, live_server, email)
    assert axe_violations(page) == []
    form = page.locator("form.delivery").filter(has_text="Zuid-Holland")
    form.get_by_label("Peildatum").fill("2026-06-01")
    form.get_by_role("button", name="Levering maken").click()
    expect(form.get_by_role("status")).to_contain_text("In de wachtrij")
    run_queued_jobs(migrated_db)
    link = form.get_by_role("link", name="download")
    expect(link).to_be_visible(timeout=15000)
    with page.expect_download() as download:
        link.click()
    body = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [f["properties"]["ph_text9"] for f in body["features"]] == [pid]
    assert body["crs"]["properties"]["name"].endswith("28992")


def test_a_refused_delivery_lists_every_problem(page, live_server, deliverer, commit, migrated_db):
    area, email = deliverer
    commit(lambda c: good_project(c, area, name="Zonder plantype", plan_types=[], plan_area=None))
    sign_in_and_open_exports(page, live_server, email)
    form = page.locator("form.delivery").filter(has_text="Zuid-Holland")
    form.get_by_label("Peildatum").fill("2026-06-01")
    form.get_by_role("button", name="Levering maken").click()
    expect(form.get_by_role("status")).to_contain_text("In de wachtrij")
    run_queued_jobs(migrated_db)
    table = form.get_by_role("table")
    expect(table).to_be_visible(timeout=15000)
    expect(table).to_contain_text("missing_mandatory_value")
    expect(table).to_contain_text("project_does_not_have_geometry")
    expect(table).to_contain_text("Zonder plantype")
    assert axe_violations(page) == []
