"""The process-streams page in a real browser: Gantt with the critical path, the parallel what-if,
and an external partner who edits the private stream and reads the public one."""

import re
import uuid
from datetime import date
from datetime import timedelta

import psycopg
import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from manage.demo_accounts import DEMO_PASSWORD
from manage.demo_planning import fill_streams
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in
from tests.sql.builders import project as make_project
from tests.sql.builders import user_group

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]


@pytest.fixture
def stream_project(owner_url, demo_municipality):
    """A project of Team Wonen and a developer group with Eva Extern, both streams filled as in
    the demo (two steps done, one late); removed afterwards."""
    tag = uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url) as conn:
        team = str(
            conn.execute(
                "SELECT id FROM auth.user_group "
                "WHERE municipality_code = %s AND name = 'Team Wonen'",
                (demo_municipality,),
            ).fetchone()[0]
        )
        partner = user_group(conn, demo_municipality, f"Ontwikkelaar {tag}")
        conn.execute(
            "INSERT INTO auth.user_group_member SELECT %s, id FROM auth.app_user "
            "WHERE email = 'extern@demo.diwi.nl'",
            (partner,),
        )
        pid = make_project(
            conn, demo_municipality, team, name=f"Gantt {tag}", owner_group_ids=[team, partner]
        )
        fill_streams(conn, pid, date.today() - timedelta(days=300), progress=True)
    yield pid
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


def sign_in_as_partner(page: Page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill("extern@demo.diwi.nl")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_gantt_shows_the_critical_path_and_parallel_work_shows_days_gained(
    page, live_server, stream_project
):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/projecten/{stream_project}")
    page.get_by_role("link", name="Processtromen, kritiek pad en Gantt-schema").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Processen van Gantt")
    expect(page.locator("svg.gantt")).to_be_visible()
    assert page.locator("g.gantt-step").count() == 7
    assert page.locator("g.gantt-step.critical").count() >= 3
    expect(page.locator("#stream-public tr.critical").first).to_contain_text("kritiek pad")
    expect(page.locator("#stream-public")).to_contain_text("Te laat")
    assert axe_violations(page) == []

    page.get_by_label("Deze twee stappen tegelijk laten lopen").select_option(
        label="Omgevingsplan wijzigen en Omgevingsvergunning verlenen"
    )
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.locator("#whatif strong")).to_have_text(re.compile(r"^[1-9]\d* dagen winst$"))


def test_partner_edits_the_private_stream_and_reads_the_public_one(
    page, live_server, stream_project
):
    sign_in_as_partner(page, live_server.url)
    page.goto(f"{live_server.url}/projecten/{stream_project}/processen")
    public = page.locator("section.card", has=page.locator("#stream-public"))
    expect(public.get_by_role("heading", level=2)).to_contain_text("(alleen lezen)")
    assert public.locator("form").count() == 0
    assert axe_violations(page) == []

    started = date.today().isoformat()
    edit = page.locator("details", has_text="Aanvraag omgevingsvergunning voorbereiden wijzigen")
    edit.locator("summary").click()
    edit.get_by_label("Werkelijk begin").fill(started)
    edit.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De processtroom is bijgewerkt.")).to_be_visible()
    row = page.locator("#stream-private tr", has_text="Aanvraag omgevingsvergunning voorbereiden")
    expect(row).to_contain_text(date.today().strftime("%d-%m-%Y"))
