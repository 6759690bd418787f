"""The /doelen pages through the Flask client: reading for every role, editing for user_plus."""

import re
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD

EMAIL = {a["role"]: a["email"] for a in DEMO_ACCOUNTS}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
GOAL = {
    "kind": "number",
    "direction": "minimum",
    "target": 30,
    "period_start": "2040-01-01",  # after every demo delivery, so only the fixture's project counts
    "period_end": "2041-12-31",
}


@pytest.fixture
def demo_goal(owner_url: str, demo_municipality: str) -> Iterator[dict]:
    """A category with one goal and one project of GM0200 delivering 12 dwellings in 2040."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        group = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = 'GM0200' "
            "AND name = 'Team Wonen'"
        ).fetchone()[0]
        project = conn.execute(
            "SELECT plan.create_project(%s)::text",
            (
                Jsonb(
                    {
                        "municipality_code": "GM0200",
                        "name": "Doelproject",
                        "phase": "design",
                        "confidentiality_level": 7,
                        "start_date": "2039-01-01",
                        "end_date": "2042-01-01",
                        "owner_group_ids": [group],
                    }
                ),
            ),
        ).fetchone()[0]
        conn.execute(
            "SELECT plan.create_houseblock(%s, %s)",
            (
                project,
                Jsonb(
                    {
                        "name": "Blok",
                        "mutation_kind": "construction",
                        "amount": 12,
                        "delivery_latest": "2040-05-01",
                    }
                ),
            ),
        )
        with conn.transaction():
            conn.execute("SELECT plan.set_viewer('user_plus', 'GM0200')")
            category = conn.execute(
                "SELECT plan.save_goal_category(NULL, 'GM0200', 'Paginatest')::text"
            ).fetchone()[0]
            goal = conn.execute(
                "SELECT plan.save_goal(NULL, 'GM0200', %s)::text",
                (Jsonb(GOAL | {"category_id": category, "name": "Dertig woningen"}),),
            ).fetchone()[0]
        yield {"goal": goal, "category": category, "project": project}
        conn.execute("DELETE FROM plan.goal WHERE municipality_code = 'GM0200'")
        conn.execute("DELETE FROM plan.goal_category WHERE municipality_code = 'GM0200'")
        conn.execute("DELETE FROM plan.project WHERE id = %s", (project,))


def sign_in(auth, role: str) -> None:
    response = auth.login(EMAIL[role], DEMO_PASSWORD)
    assert response.status_code in (200, 302)


def csrf(client, path: str) -> str:
    return CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)


@pytest.mark.parametrize("role", ["user_plus", "user", "management", "council"])
def test_every_role_reads_goal_progress_at_a_reference_date(client, auth, demo_goal, role) -> None:
    sign_in(auth, role)
    page = client.get("/doelen/?peildatum=2028-01-01").get_data(as_text=True)
    assert "Dertig woningen" in page and "Paginatest" in page
    assert 'value="2028-01-01"' in page
    assert "niet op koers" in page and "tekort: 18 woningen" in page
    detail = client.get(f"/doelen/{demo_goal['goal']}?peildatum=2028-01-01").get_data(as_text=True)
    assert "Doelproject" in detail
    assert ("Doel bewerken" in detail) == (role == "user_plus")


def test_signed_out_visitors_are_sent_to_login(client, demo_goal) -> None:
    response = client.get("/doelen/")
    assert response.status_code in (302, 401)


def test_readers_cannot_open_the_editor(client, auth, demo_goal) -> None:
    sign_in(auth, "council")
    assert client.get("/doelen/nieuw").status_code == 403
    assert client.get("/doelen/categorieen").status_code == 403


def test_user_plus_creates_a_goal_with_a_condition_and_gets_dutch_errors(
    client, auth, demo_goal
) -> None:
    sign_in(auth, "user_plus")
    token = csrf(client, "/doelen/nieuw")
    form = {
        "csrf_token": token,
        "name": "",
        "category_id": demo_goal["category"],
        "kind": "percentage",
        "direction": "minimum",
        "measure": "construction",
        "target": "130",
        "period_start": "2025-01-01",
        "period_end": "2024-01-01",
    }
    # add a condition row first: the form comes back with an empty row
    added = client.post("/doelen/nieuw", data=form | {"action": "add"}).get_data(as_text=True)
    assert 'name="cond-0-kind"' in added
    bad = client.post("/doelen/nieuw", data=form | {"action": "save"})
    assert bad.status_code == 422
    assert "Vul de naam van het doel in." in bad.get_data(as_text=True)
    named = form | {"name": "Sociale huur", "action": "save"}
    refused = client.post("/doelen/nieuw", data=named).get_data(as_text=True)
    assert "Een percentagedoel heeft minstens één voorwaarde nodig" in refused
    conditioned = named | {"cond-0-kind": "ownership", "cond-0-values": "type:social_rental"}
    refused = client.post("/doelen/nieuw", data=conditioned).get_data(as_text=True)
    assert 'id="target-error">Een percentage kan niet hoger zijn dan 100.' in refused
    refused = client.post("/doelen/nieuw", data=conditioned | {"target": "30"}).get_data(
        as_text=True
    )
    assert 'id="period_end-error">De einddatum (deadline) moet na de startdatum liggen.' in refused
    fixed = conditioned | {"target": "30", "period_end": "2030-12-31"}
    saved = client.post("/doelen/nieuw", data=fixed)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Sociale huur" in page and "Eigendom: Huurwoning woningcorporatie" in page


def test_percentage_without_condition_is_refused_at_the_conditions(client, auth, demo_goal) -> None:
    sign_in(auth, "user_plus")
    form = {
        "csrf_token": csrf(client, "/doelen/nieuw"),
        "name": "Aandeel",
        "category_id": demo_goal["category"],
        "kind": "percentage",
        "direction": "minimum",
        "target": "30",
        "period_start": "2025-01-01",
        "period_end": "2030-12-31",
    }
    page = client.post("/doelen/nieuw", data=form).get_data(as_text=True)
    assert 'id="conditions-error"' in page
    assert "heeft minstens één voorwaarde nodig" in page


def test_edit_delete_and_categories(client, auth, demo_goal) -> None:
    sign_in(auth, "user_plus")
    goal = demo_goal["goal"]
    edit = client.get(f"/doelen/{goal}/bewerken").get_data(as_text=True)
    assert 'value="Dertig woningen"' in edit
    token = CSRF_RE.search(edit).group(1)
    data = {
        "csrf_token": token,
        "name": "Veertig woningen",
        "category_id": demo_goal["category"],
        "kind": "number",
        "direction": "minimum",
        "measure": "construction",
        "target": "40",
        "period_start": "2025-01-01",
        "period_end": "2030-12-31",
    }
    assert client.post(f"/doelen/{goal}/bewerken", data=data).status_code == 302
    assert "Veertig woningen" in client.get(f"/doelen/{goal}").get_data(as_text=True)
    in_use = client.post(
        f"/doelen/categorieen/{demo_goal['category']}/verwijderen", data={"csrf_token": token}
    )
    assert "bevat nog doelen" in in_use.get_data(as_text=True)
    assert client.post(f"/doelen/{goal}/verwijderen", data={"csrf_token": token}).status_code == 302
    assert client.get(f"/doelen/{goal}").status_code == 404
    taken = client.post("/doelen/categorieen", data={"csrf_token": token, "name": "paginatest"})
    assert "Er bestaat al een doelcategorie met deze naam." in taken.get_data(as_text=True)
    assert client.post("/doelen/nieuw", data={"name": "x"}).status_code == 400  # no CSRF token


def test_the_card_partial_renders_goal_json_without_scripts(app, owner_url, demo_goal) -> None:
    """What dashboards and the PDF include: cards from goal_progress JSON, no JavaScript."""
    from flask import render_template_string

    with psycopg.connect(owner_url) as conn:
        conn.execute("SELECT plan.set_viewer('council', 'GM0200')")
        goals = conn.execute(
            "SELECT publication.goal_progress('2028-01-01', ARRAY[%s::uuid])", (demo_goal["goal"],)
        ).fetchone()[0]
    with app.test_request_context("/"):
        html = render_template_string('{% include "goals/_goal_cards.html" %}', goals=goals)
    assert "Dertig woningen" in html and "<svg" in html and "tekort: 18 woningen" in html
    assert "<script" not in html and "style=" not in html
    assert 'datetime="2040-01-01">01-01-2040</time>' in html
