"""Composed dashboards: a Hoofdgebruiker composes and shares them; only group members open them."""

import re
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_PASSWORD
from tests.sql.builders import raises_rule
from webapp.viewer import set_viewer

pytestmark = pytest.mark.db

GOAL = {
    "kind": "number",
    "direction": "minimum",
    "target": 30,
    "period_start": "2025-01-01",
    "period_end": "2030-12-31",
}
BLUEPRINT_LINK = re.compile(r'href="/dashboard/([0-9a-f-]{36})[?"]')


@pytest.fixture(scope="module")
def circle(owner_url: str, demo_municipality: str) -> dict:
    """A group with the demo council member in it, and one public project to count."""
    from manage.demo_accounts import create_demo_accounts

    create_demo_accounts(owner_url, "GM0200", {"user": ["Team Wonen"], "user_plus": ["Team Wonen"]})
    tag = "BP" + uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url) as conn:
        group = conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
            "RETURNING id::text",
            (f"Raadsgriffie {tag}",),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO auth.user_group_member SELECT %s, id FROM auth.app_user "
            "WHERE email = 'raad@demo.diwi.nl'",
            (group,),
        )
        data = {
            "name": f"{tag} Openbaar",
            "municipality_code": "GM0200",
            "start_date": "2020-01-01",
            "end_date": "2035-01-01",
            "phase": "design",
            "confidentiality_level": "public",
            "owner_group_ids": [group],
        }
        conn.execute("SELECT plan.create_project(%s)", (Jsonb(data),))
    return {"tag": tag, "group": group}


def sign_in(auth, who: str) -> None:
    if auth.client.get("/dashboard").status_code == 200:  # someone is signed in
        auth.logout()
    response = auth.login(f"{who}@demo.diwi.nl", DEMO_PASSWORD)
    assert response.status_code in (200, 302)


def component_fields(components: list[dict]) -> dict:
    """The composer's form fields for these rows ({component, indeling, fase})."""
    fields = {"aantal": str(len(components))}
    for i, row in enumerate(components):
        for name, value in row.items():
            fields[f"onderdeel-{i}-{name}"] = value
    return fields


def compose(client, auth, path: str, name: str, rows: list[dict], **extra):
    data = {"csrf_token": auth.csrf_token(path), "naam": name, **component_fields(rows), **extra}
    return client.post(path, data=data)


def panel_order(html: str) -> list[str]:
    return re.findall(r'name="onderdeel-\d+-component" value="([a-z_]+)"', html)


def test_composer_adds_moves_and_removes_components(client, auth, circle):
    sign_in(auth, "hoofdgebruiker")
    path = "/dashboard/beheer/nieuw"
    html = compose(client, auth, path, "x", [], actie="toevoegen", nieuw="phase").text
    assert panel_order(html) == ["phase"]
    rows = [{"component": "phase"}]
    html = compose(client, auth, path, "x", rows, actie="toevoegen", nieuw="bag_check").text
    assert panel_order(html) == ["phase", "bag_check"]
    rows = [{"component": "phase"}, {"component": "bag_check"}]
    assert panel_order(compose(client, auth, path, "x", rows, actie="omlaag-0").text) == [
        "bag_check",
        "phase",
    ]
    assert panel_order(compose(client, auth, path, "x", rows, actie="verwijder-0").text) == [
        "bag_check"
    ]


def test_shared_dashboard_opens_for_group_members_only(client, auth, circle, owner_url):
    sign_in(auth, "hoofdgebruiker")
    name = f"Raadsdashboard {circle['tag']}"
    rows = [
        {"component": "bag_check"},
        {"component": "phase", "indeling": "projects", "fase": "design"},
        {"component": "deliveries", "van": "2024", "tot": "2030"},
    ]
    response = compose(
        client, auth, "/dashboard/beheer/nieuw", name, rows, actie="opslaan", groep=circle["group"]
    )
    assert response.status_code == 302
    blueprint_id = response.headers["Location"].rstrip("/").split("/")[-1]
    with psycopg.connect(owner_url) as conn:
        stored = conn.execute(
            "SELECT components FROM plan.dashboard_blueprint WHERE id = %s", (blueprint_id,)
        ).fetchone()[0]
    assert [c["component"] for c in stored] == ["bag_check", "phase", "deliveries"]
    assert stored[1]["options"] == {"breakdown": "projects", "filters": {"phases": ["design"]}}
    assert stored[2]["options"] == {"period": {"from": 2024, "to": 2030}}

    sign_in(auth, "raad")
    assert blueprint_id in BLUEPRINT_LINK.findall(client.get("/dashboard").text)
    html = client.get(f"/dashboard/{blueprint_id}").text
    assert '-phase" aria-labelledby' in html and '-deliveries" aria-labelledby' in html
    assert '-bag_check" aria-labelledby' not in html  # not a council component
    assert "fase=design" in html and "van=2024" in html  # the CSV links keep the fixed choices
    for who in ("management", "gebruiker"):
        sign_in(auth, who)
        assert client.get(f"/dashboard/{blueprint_id}").status_code == 404, who
        assert blueprint_id not in client.get("/dashboard").text

    sign_in(auth, "hoofdgebruiker")
    token = auth.csrf_token("/dashboard/beheer")
    delete = client.post(
        f"/dashboard/beheer/{blueprint_id}/verwijderen", data={"csrf_token": token}
    )
    assert delete.status_code == 302
    sign_in(auth, "raad")
    assert client.get(f"/dashboard/{blueprint_id}").status_code == 404


def test_composer_refuses_duplicates_and_other_roles(client, auth, circle):
    sign_in(auth, "hoofdgebruiker")
    path = "/dashboard/beheer/nieuw"
    name = f"Dubbel {circle['tag']}"
    rows = [{"component": "capacity"}]
    assert compose(client, auth, path, name, rows, actie="opslaan").status_code == 302
    again = compose(client, auth, path, name, rows, actie="opslaan")
    assert again.status_code == 422
    assert "Er bestaat al een dashboard met deze naam." in again.text
    blank = compose(client, auth, path, " ", rows, actie="opslaan")
    assert blank.status_code == 422 and "Een dashboard heeft een naam nodig." in blank.text
    unknown = compose(client, auth, path, "Onbekend", [{"component": "nope"}], actie="opslaan")
    assert unknown.status_code == 422 and "Onbekend dashboardonderdeel." in unknown.text
    for who in ("raad", "gebruiker"):
        sign_in(auth, who)
        assert client.get("/dashboard/beheer").status_code == 403, who
        assert client.get(path).status_code == 403, who


def test_min_bucket_is_set_by_the_hoofdgebruiker(client, auth, circle, owner_url):
    sign_in(auth, "hoofdgebruiker")
    token = auth.csrf_token("/dashboard/beheer")
    try:
        client.post("/dashboard/beheer/minimum", data={"csrf_token": token, "minimum": "5"})
        assert 'name="minimum" min="1" max="100" value="5"' in client.get("/dashboard/beheer").text
        assert client.get("/dashboard/data/phase.json").get_json()["min_bucket"] == 5
        client.post("/dashboard/beheer/minimum", data={"csrf_token": token, "minimum": "0"})
        assert client.get("/dashboard/data/phase.json").get_json()["min_bucket"] == 5
    finally:
        with psycopg.connect(owner_url) as conn:
            conn.execute(
                "UPDATE auth.municipality_setting SET dashboard_min_bucket = 3 "
                "WHERE municipality_code = 'GM0200'"
            )


def test_only_a_user_plus_saves_blueprints_in_sql(conn, circle):
    set_viewer(
        conn,
        {
            "role": "council",
            "municipality_code": "GM0200",
            "region_code": None,
            "province_code": None,
            "group_ids": [circle["group"]],
            "user_id": None,
        },
    )
    with raises_rule(conn, "blueprint_not_allowed"):
        conn.execute("SELECT plan.save_blueprint(NULL, %s)", (Jsonb({"name": "x"}),))
    other = conn.execute(
        "INSERT INTO ref.municipality (code, name, province_code) "
        "VALUES ('GM9994', 'Elders', 'PV25') ON CONFLICT DO NOTHING RETURNING code"
    )
    assert other is not None
    group = conn.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM9994', 'Elders') "
        "RETURNING id::text"
    ).fetchone()[0]
    set_viewer(
        conn,
        {
            "role": "user_plus",
            "municipality_code": "GM0200",
            "region_code": None,
            "province_code": None,
            "group_ids": [],
            "user_id": None,
        },
    )
    with raises_rule(conn, "blueprint_group_not_in_municipality"):
        conn.execute(
            "SELECT plan.save_blueprint(NULL, %s)", (Jsonb({"name": "x", "group_ids": [group]}),)
        )


@pytest.fixture
def goal_categories(owner_url: str, circle: dict) -> Iterator[dict]:
    """Two goal categories of GM0200 with one goal each; removed afterwards."""
    made = {}
    with psycopg.connect(owner_url, autocommit=True) as conn:
        with conn.transaction():
            conn.execute("SELECT plan.set_viewer('user_plus', 'GM0200')")
            for word in ("Betaalbaar", "Sloop"):
                category = conn.execute(
                    "SELECT plan.save_goal_category(NULL, 'GM0200', %s)::text",
                    (f"{word} {circle['tag']}",),
                ).fetchone()[0]
                goal = GOAL | {"category_id": category, "name": f"Doel {word} {circle['tag']}"}
                conn.execute("SELECT plan.save_goal(NULL, 'GM0200', %s)", (Jsonb(goal),))
                made[word] = category
        yield made
        ids = list(made.values())
        conn.execute(
            "DELETE FROM plan.goal g USING plan.goal_version v "
            "WHERE v.goal_id = g.id AND v.category_id = ANY (%s::uuid[])",
            (ids,),
        )
        conn.execute("DELETE FROM plan.goal_category WHERE id = ANY (%s::uuid[])", (ids,))


def test_dashboards_show_the_goal_cards_of_their_categories(client, auth, circle, goal_categories):
    sign_in(auth, "hoofdgebruiker")
    tag = circle["tag"]
    standard = client.get("/dashboard").text
    assert f"Doel Betaalbaar {tag}" in standard and f"Doel Sloop {tag}" in standard
    response = compose(
        client,
        auth,
        "/dashboard/beheer/nieuw",
        f"Doelen {tag}",
        [{"component": "capacity"}],
        actie="opslaan",
        doelcategorie=goal_categories["Betaalbaar"],
        groep=circle["group"],
    )
    blueprint_id = response.headers["Location"].rstrip("/").split("/")[-1]
    sign_in(auth, "raad")
    html = client.get(f"/dashboard/{blueprint_id}").text
    assert f"Doel Betaalbaar {tag}" in html and f"Doel Sloop {tag}" not in html
    assert "goals.css" in html
