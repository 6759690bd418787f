"""Bulk change of confidentiality: one transaction, all or nothing, only editable projects."""

import html
import re
import uuid
from datetime import date
from datetime import timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.db

PAGE = "/projecten/vertrouwelijkheid"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
EMAIL = {a["role"]: a["email"] for a in DEMO_ACCOUNTS}
NOT_EDITABLE = "U mag dit project niet bewerken."
HARD_STATUS = "Een harde planstatus (1A, 1B, 2A, 2B) vereist minimaal vertrouwelijkheidsniveau"


def group_id(conn: psycopg.Connection, municipality: str, name: str) -> str:
    row = conn.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES (%s, %s) "
        "ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name RETURNING id",
        (municipality, name),
    ).fetchone()
    return str(row[0])


def user_id(conn: psycopg.Connection, role: str) -> str:
    return str(
        conn.execute("SELECT id FROM auth.app_user WHERE email = %s", (EMAIL[role],)).fetchone()[0]
    )


@pytest.fixture(scope="module")
def world(owner_url, demo_municipality):
    """Groups and an actor for the projects each test makes; a second municipality."""
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO ref.municipality (code, name, province_code, region_code) VALUES "
            "('GM0202', 'Arnhem', 'PV25', NULL) ON CONFLICT DO NOTHING"
        )
        return {
            "team": group_id(conn, "GM0200", "Team Wonen"),
            "other": group_id(conn, "GM0200", "Bulk andere groep"),
            "elsewhere": group_id(conn, "GM0202", "Team Arnhem"),
            "actor": user_id(conn, "user"),
        }


def make_project(owner_url: str, world: dict, name: str, level: str, **extra) -> str:
    """A running project (2020-2035) made through plan.create_project; returns its id."""
    data = {
        "name": name,
        "municipality_code": extra.pop("municipality_code", "GM0200"),
        "start_date": "2020-01-01",
        "end_date": "2035-01-01",
        "phase": "initiative",
        "planning_status": extra.pop("planning_status", "3"),
        "confidentiality_level": level,
        "owner_group_ids": [world[extra.pop("owner", "team")]],
    }
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT plan.create_project(%s, %s)::text", (Jsonb(data), world["actor"])
        ).fetchone()[0]


def tag() -> str:
    return "BLK " + uuid.uuid4().hex[:6]


def levels(owner_url: str, ids: list[str], day: date, as_recorded=None) -> list[str]:
    """The level of each project in publication.projects_at(day, as_recorded), as user_plus."""
    with psycopg.connect(owner_url) as conn:
        conn.execute("SELECT plan.set_viewer('user_plus', 'GM0200')")
        found = dict(
            conn.execute(
                "SELECT id::text, confidentiality_level FROM publication.projects_at(%s, %s) "
                "WHERE id = ANY (%s::uuid[])",
                (day, as_recorded, ids),
            ).fetchall()
        )
    return [found.get(i) for i in ids]


def planned_levels(owner_url: str, ids: list[str], day: date) -> list[str]:
    """The level each project's version valid on day has (plan.project_version_at)."""
    with psycopg.connect(owner_url) as conn:
        found = dict(
            conn.execute(
                "SELECT v.project_id::text, c.code FROM plan.project_version_at(%s) v "
                "JOIN ref.confidentiality_level c ON c.rank = v.confidentiality_level "
                "WHERE v.project_id = ANY (%s::uuid[])",
                (day, ids),
            ).fetchall()
        )
    return [found.get(i) for i in ids]


def recorded(owner_url: str, ids: list[str]) -> tuple:
    """Everything recorded of these projects' versions and milestones (to prove nothing changed)."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT (SELECT array_agg((id, superseded_at)::text ORDER BY id) "
            "        FROM plan.project_version WHERE project_id = ANY (%(p)s::uuid[])), "
            "       (SELECT count(*) FROM plan.milestone WHERE project_id = ANY (%(p)s::uuid[]))",
            {"p": ids},
        ).fetchone()


def csrf(client) -> str:
    return CSRF_RE.search(client.get(PAGE).get_data(as_text=True)).group(1)


def post(client, ids: list[str], level: str, token: str | None = None):
    data = {"project_id": ids, "confidentiality_level": level}
    data["csrf_token"] = token if token is not None else csrf(client)
    return client.post(PAGE, data=data)


def refusals(page: str) -> list[str]:
    """The refused projects as listed on the page: 'label: message'."""
    block = page.split('id="refusals"', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", block)
    return [html.unescape(f"{label}: {message}") for label, message in items]


def test_user_changes_two_projects_at_once_and_history_keeps_the_old_level(
    client, auth, world, owner_url
):
    name = tag()
    first = make_project(owner_url, world, f"{name} een", "internal_civil")
    second = make_project(owner_url, world, f"{name} twee", "internal_civil")
    before = make_project(owner_url, world, f"{name} ongemoeid", "internal_civil")
    with psycopg.connect(owner_url) as conn:
        moment = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    auth.login(EMAIL["user"], DEMO_PASSWORD)
    page = client.get(PAGE).get_data(as_text=True)
    assert f"{name} een" in page and f"{name} twee" in page
    assert f'<label for="project-{first}">' in page  # every checkbox has a label

    response = post(client, [first, second], "internal_management")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PAGE)
    assert "Vertrouwelijkheid van 2 projecten gewijzigd." in client.get(PAGE).get_data(as_text=True)
    today, yesterday = date.today(), date.today() - timedelta(days=1)
    ids = [first, second, before]
    assert levels(owner_url, ids, today) == ["internal_management"] * 2 + ["internal_civil"]
    # the versions valid until yesterday keep the old level ...
    assert planned_levels(owner_url, ids, yesterday) == ["internal_civil"] * 3
    assert planned_levels(owner_url, ids, today) == ["internal_management"] * 2 + ["internal_civil"]
    # ... while projects_at reports the level that decides access today, also for yesterday;
    # the old level is there as recorded before the change
    assert levels(owner_url, ids, yesterday) == ["internal_management"] * 2 + ["internal_civil"]
    assert levels(owner_url, ids, today, moment) == ["internal_civil"] * 3


def test_a_hard_planning_status_refuses_and_nothing_is_written(client, auth, world, owner_url):
    name = tag()
    soft = make_project(owner_url, world, f"{name} zacht", "internal_civil")
    hard = make_project(
        owner_url, world, f"{name} hard", "external_governmental", planning_status="1A"
    )
    ids = [soft, hard]
    snapshot = recorded(owner_url, ids)
    auth.login(EMAIL["user"], DEMO_PASSWORD)
    response = post(client, ids, "internal_management")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Er is niets gewijzigd." in page
    found = refusals(page)
    assert len(found) == 1 and found[0].startswith(f"{name} hard: {HARD_STATUS}")
    assert recorded(owner_url, ids) == snapshot
    assert levels(owner_url, ids, date.today()) == ["internal_civil", "external_governmental"]
    assert re.search(rf'id="project-{soft}"[^>]*checked', page)  # the selection is kept


def test_a_project_the_user_may_not_edit_writes_nothing(client, auth, world, owner_url):
    name = tag()
    mine = make_project(owner_url, world, f"{name} eigen", "internal_civil")
    private = make_project(owner_url, world, f"{name} geheim", "private", owner="other")
    foreign = make_project(
        owner_url, world, f"{name} Arnhem", "public", owner="elsewhere", municipality_code="GM0202"
    )
    others = make_project(owner_url, world, f"{name} andermans", "public", owner="other")
    unknown = str(uuid.uuid4())
    ids = [mine, private, foreign, others]
    snapshot = recorded(owner_url, ids)
    auth.login(EMAIL["user"], DEMO_PASSWORD)
    listed = client.get(PAGE).get_data(as_text=True)
    assert f"{name} eigen" in listed
    assert not {f"{name} geheim", f"{name} Arnhem", f"{name} andermans"} & set(
        re.findall(r'<label for="project-[^"]+">([^<]*)</label>', listed)
    )

    response = post(client, [mine, private, foreign, others, unknown], "public")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"{name} geheim" not in page  # an invisible project is not named ...
    assert sorted(refusals(page)) == sorted(
        [
            f"{private}: {NOT_EDITABLE}",  # ... and reads exactly like an id that does not exist
            f"{unknown}: {NOT_EDITABLE}",
            f"{name} Arnhem: {NOT_EDITABLE}",
            f"{name} andermans: {NOT_EDITABLE}",
        ]
    )
    assert recorded(owner_url, ids) == snapshot
    assert levels(owner_url, [mine], date.today()) == ["internal_civil"]


@pytest.mark.parametrize("role", ["council", "management"])
def test_roles_that_may_not_edit_see_no_rows_and_get_403(client, auth, world, owner_url, role):
    name = tag()
    project = make_project(owner_url, world, f"{name} raad", "public")
    auth.login(EMAIL[role], DEMO_PASSWORD)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Geen projecten gevonden die u mag bewerken." in page
    assert f"{name} raad" not in page and 'name="project_id"' not in page
    assert "Vertrouwelijkheid wijzigen" not in client.get("/projecten").get_data(as_text=True)
    snapshot = recorded(owner_url, [project])
    assert post(client, [project], "internal_civil").status_code == 403
    assert recorded(owner_url, [project]) == snapshot


def test_user_sees_the_link_and_anonymous_gets_403(client, auth, world):
    assert client.get(PAGE).status_code == 403
    assert (
        client.post(PAGE, data={"project_id": [], "confidentiality_level": "public"}).status_code
        == 403
    )
    auth.login(EMAIL["user"], DEMO_PASSWORD)
    assert f'href="{PAGE}"' in client.get("/projecten").get_data(as_text=True)


def test_csrf_is_required(client, auth, world, owner_url):
    project = make_project(owner_url, world, f"{tag()} csrf", "internal_civil")
    snapshot = recorded(owner_url, [project])
    auth.login(EMAIL["user"], DEMO_PASSWORD)
    assert post(client, [project], "public", token="").status_code == 400
    assert post(client, [project], "public", token="forged").status_code == 400
    assert recorded(owner_url, [project]) == snapshot


def test_empty_selection_and_unknown_level_are_named(client, auth, world, owner_url):
    project = make_project(owner_url, world, f"{tag()} leeg", "internal_civil")
    auth.login(EMAIL["user"], DEMO_PASSWORD)
    response = post(client, [], "public")
    assert response.status_code == 422
    assert "Kies minstens één project." in response.get_data(as_text=True)
    response = post(client, [project], "geheimste")
    assert response.status_code == 422
    assert "Kies een niveau." in response.get_data(as_text=True)
    assert levels(owner_url, [project], date.today()) == ["internal_civil"]
