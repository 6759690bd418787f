"""The milestone page: add and change milestones, rules and conflicts, and who may do it."""

import re
import uuid

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from tests.webapp.test_projects_editing import create_via_form
from tests.webapp.test_projects_editing import form_tokens

pytestmark = pytest.mark.db
USER = "gebruiker@demo.diwi.nl"


def versions(owner_url: str, project_id: str, description: str) -> list[tuple]:
    """(date, status, still current) of every recorded version of the described milestone."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT mv.date::text, mv.status, mv.superseded_at IS NULL FROM plan.milestone m "
            "JOIN plan.milestone_version mv ON mv.milestone_id = m.id "
            "WHERE m.project_id = %s AND m.id IN (SELECT milestone_id FROM plan.milestone_version "
            "WHERE description = %s) ORDER BY mv.recorded_at",
            (project_id, description),
        ).fetchall()


def milestone_id(client, project_id: str, description: str) -> str:
    page = client.get(f"/projecten/{project_id}/mijlpalen").get_data(as_text=True)
    pattern = rf'mijlpalen/([0-9a-f-]{{36}})">\s*<fieldset><legend>{re.escape(description)}'
    return re.search(pattern, page).group(1)


def post(client, project_id: str, path: str, **fields):
    data = form_tokens(client, f"/projecten/{project_id}/mijlpalen") | fields
    return client.post(f"/projecten/{project_id}/mijlpalen{path}", data=data)


def test_user_adds_a_milestone_and_marks_it_realised(client, auth, team, owner_url):
    auth.login(USER, DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Mijlpaal " + uuid.uuid4().hex[:6])
    added = post(
        client, project_id, "", date="2025-03-01", status="forecast", description="Bouwrijp"
    )
    assert added.status_code == 302, added.get_data(as_text=True)
    page = client.get(f"/projecten/{project_id}/mijlpalen").get_data(as_text=True)
    assert "Bouwrijp" in page and "Voorspeld" in page
    ms = milestone_id(client, project_id, "Bouwrijp")
    done = post(client, project_id, f"/{ms}", date="2025-03-15", status="realised", description="")
    assert done.status_code == 302
    assert versions(owner_url, project_id, "Bouwrijp") == [
        ("2025-03-01", "forecast", False),
        ("2025-03-15", "realised", True),
    ]


def test_moving_the_start_past_the_end_is_refused_in_dutch(client, auth, team, owner_url):
    auth.login(USER, DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Verschuif " + uuid.uuid4().hex[:6])
    start = milestone_id(client, project_id, "Start project")
    refused = post(client, project_id, f"/{start}", date="2040-01-01", status="planned")
    assert refused.status_code == 422
    assert "einddatum" in refused.get_data(as_text=True).lower()
    assert versions(owner_url, project_id, "Start project") == [("2024-01-01", "planned", True)]


def test_stale_milestone_form_is_refused_with_the_conflict_message(client, auth, team):
    auth.login(USER, DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Conflict " + uuid.uuid4().hex[:6])
    old = form_tokens(client, f"/projecten/{project_id}/mijlpalen")
    assert post(client, project_id, "", date="2026-01-01", status="planned").status_code == 302
    data = old | {"date": "2027-01-01", "status": "planned"}
    stale = client.post(f"/projecten/{project_id}/mijlpalen", data=data)
    assert stale.status_code == 409
    assert "door iemand anders gewijzigd" in stale.get_data(as_text=True)


def test_council_reads_but_cannot_change_milestones(client, auth, team):
    auth.login(USER, DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Raadmp " + uuid.uuid4().hex[:6], "internal_council")
    auth.logout()
    auth.login("raad@demo.diwi.nl", DEMO_PASSWORD)
    page = client.get(f"/projecten/{project_id}/mijlpalen")
    assert page.status_code == 200 and "Start project" in page.get_data(as_text=True)
    assert "Mijlpaal toevoegen" not in page.get_data(as_text=True)
    token = form_tokens(client, "/projecten")["csrf_token"]
    data = {"csrf_token": token, "date": "2026-01-01", "status": "planned", "token": "x"}
    assert client.post(f"/projecten/{project_id}/mijlpalen", data=data).status_code == 403


def test_private_project_milestones_do_not_exist_for_others(client, auth, team, owner_url):
    with psycopg.connect(owner_url) as conn:
        other = conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
            "RETURNING id::text",
            (f"Geheim {uuid.uuid4().hex[:6]}",),
        ).fetchone()[0]
        project_id = conn.execute(
            "SELECT plan.create_project(jsonb_build_object('municipality_code', 'GM0200', "
            "'name', 'Geheim project', 'phase', 'initiative', 'confidentiality_level', 'private', "
            "'start_date', '2024-01-01', 'end_date', '2030-01-01', "
            "'owner_group_ids', jsonb_build_array(%s::text)))::text",
            (other,),
        ).fetchone()[0]
    auth.login(USER, DEMO_PASSWORD)
    assert client.get(f"/projecten/{project_id}/mijlpalen").status_code == 404
    token = form_tokens(client, "/projecten")["csrf_token"]
    data = {"csrf_token": token, "date": "2026-01-01", "status": "planned", "token": "x"}
    assert client.post(f"/projecten/{project_id}/mijlpalen", data=data).status_code == 404


def test_malformed_milestone_form_names_the_field_and_writes_nothing(client, auth, team, owner_url):
    auth.login(USER, DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Foutdatum " + uuid.uuid4().hex[:6])
    refused = post(client, project_id, "", date="31-02-2025", status="bijna", description="Fout")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Vul een geldige datum in (jjjj-mm-dd)." in page and "Kies een status." in page
    assert versions(owner_url, project_id, "Fout") == []
