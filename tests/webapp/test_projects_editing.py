"""Creating and editing projects and houseblocks through the forms: rules, conflicts, rights."""

import re
import uuid

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.db

TOKEN_RE = re.compile(r'name="token" value="([^"]*)"')
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def form_tokens(client, path: str) -> dict:
    page = client.get(path).get_data(as_text=True)
    found = {"csrf_token": CSRF_RE.search(page).group(1)}
    if TOKEN_RE.search(page):
        found["token"] = TOKEN_RE.search(page).group(1)
    return found


def create_via_form(client, team: str, name: str, level: str = "internal_civil") -> str:
    data = form_tokens(client, "/projecten/nieuw") | {
        "name": name,
        "start_date": "2024-01-01",
        "end_date": "2032-12-31",
        "phase": "initiative",
        "planning_status": "3",
        "confidentiality_level": level,
        "plan_types": ["densification"],
        "owner_group_ids": [team],
        "colour": "#336699",
    }
    response = client.post("/projecten/nieuw", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def houseblock_data(client, project_id: str, name: str, amount: int, **fields) -> dict:
    return form_tokens(client, f"/projecten/{project_id}/woningblokken/nieuw") | {
        "name": name,
        "mutation_kind": "construction",
        "amount": str(amount),
        "delivery_earliest": "2027-01-01",
        "delivery_latest": "2028-06-30",
        "size_min": "60",
        "size_max": "90",
        "programming": "ja",
        **fields,
    }


def houseblock_count(owner_url: str, project_id: str) -> int:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM plan.houseblock WHERE project_id = %s", (project_id,)
        ).fetchone()[0]


def test_create_project_with_two_houseblocks_and_edit_it(client, auth, team, owner_url):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    name = "EDT " + uuid.uuid4().hex[:6]
    project_id = create_via_form(client, team, name)
    first = houseblock_data(
        client,
        project_id,
        "Blok Noord",
        20,
        line_type_0="owner_occupied",
        line_amount_0="12",
        line_price_0="350000",
        line_type_1="social_rental",
        line_amount_1="8",
        line_price_min_1="700",
        line_price_max_1="900",
        bd_house_type_single_family="12",
        bd_house_type_multi_family="8",
        bd_target_group_elderly="5",
        bd_ground_position_formal_permission="20",
        bd_physical_appearance_terraced="10",
    )
    assert (
        client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=first).status_code == 302
    )
    second = houseblock_data(client, project_id, "Blok Zuid", 6)
    assert (
        client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=second).status_code == 302
    )
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    assert "Blok Noord" in page and "Blok Zuid" in page
    assert "netto lopend totaal 26" in page
    assert "Eengezinswoning 12" in page and "€ 350000.00" in page
    assert "telt niet op tot het aantal (10 van 20)" in page  # physical appearance 10 of 20

    edit = form_tokens(client, f"/projecten/{project_id}/bewerken") | {
        "name": name + " herzien",
        "start_date": "2024-01-01",
        "end_date": "2032-12-31",
        "phase": "definition",
        "planning_status": "3",
        "confidentiality_level": "internal_civil",
        "plan_types": ["densification"],
        "owner_group_ids": [team],
        "colour": "#336699",
    }
    assert client.post(f"/projecten/{project_id}/bewerken", data=edit).status_code == 302
    history = client.get(f"/projecten/{project_id}").get_data(as_text=True).split("Geschiedenis")[1]
    assert f"<td>{name} herzien</td>" in history and f"<td>{name}</td>" in history
    assert "Gert Gebruiker" in history and "3 Definitie" in history


def test_breakdown_above_amount_shows_dutch_message_and_writes_nothing(
    client, auth, team, owner_url
):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "EDT breakdown " + uuid.uuid4().hex[:6])
    data = houseblock_data(client, project_id, "Te veel", 10, bd_house_type_single_family="12")
    response = client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-breakdown"' in page
    assert "De verdeling telt op tot meer woningen dan het woningblok heeft." in page
    assert houseblock_count(owner_url, project_id) == 0


def test_stale_save_gets_the_conflict_message(client, auth, team, owner_url):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    name = "EDT stale " + uuid.uuid4().hex[:6]
    project_id = create_via_form(client, team, name)
    edit = form_tokens(client, f"/projecten/{project_id}/bewerken") | {
        "name": name + " mijn versie",
        "start_date": "2024-01-01",
        "end_date": "2032-12-31",
        "phase": "initiative",
        "planning_status": "3",
        "confidentiality_level": "internal_civil",
        "owner_group_ids": [team],
        "colour": "#336699",
    }
    with psycopg.connect(owner_url) as conn:  # someone else saves in between
        conn.execute(
            'SELECT plan.update_project(%s, \'{"name": "Andermans naam"}\')', (project_id,)
        )
    response = client.post(f"/projecten/{project_id}/bewerken", data=edit)
    assert response.status_code == 409
    assert "Dit project is intussen door iemand anders gewijzigd" in response.get_data(as_text=True)
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    assert "Andermans naam" in page and "mijn versie" not in page


def test_council_sees_no_edit_buttons_and_gets_403(client, auth, team):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(
        client, team, "EDT raad " + uuid.uuid4().hex[:6], "internal_council"
    )
    csrf = form_tokens(client, "/projecten/nieuw")["csrf_token"]
    auth.logout()
    auth.login("raad@demo.diwi.nl", DEMO_PASSWORD)
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    assert "EDT raad" in page
    assert "Project bewerken" not in page and "Woningblok toevoegen" not in page
    assert "Nieuw project" not in client.get("/projecten").get_data(as_text=True)
    post = {"csrf_token": csrf, "name": "x"}
    assert client.post(f"/projecten/{project_id}/bewerken", data=post).status_code == 403
    assert client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=post).status_code == 403
    assert client.post("/projecten/nieuw", data=post).status_code == 403


def test_bad_dates_are_named_in_dutch(client, auth, team):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    data = form_tokens(client, "/projecten/nieuw") | {
        "name": "EDT datum",
        "start_date": "2030-01-01",
        "end_date": "2020-01-01",
        "phase": "initiative",
        "confidentiality_level": "internal_civil",
        "owner_group_ids": [team],
    }
    response = client.post("/projecten/nieuw", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-end_date"' in page and "De einddatum moet na de startdatum liggen." in page


def test_ownership_lines_keep_their_house_type(client, auth, team, owner_url):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "EDT woningtype " + uuid.uuid4().hex[:6])
    data = houseblock_data(
        client,
        project_id,
        "Blok met typen",
        10,
        line_type_0="owner_occupied",
        line_amount_0="6",
        line_price_0="300000",
        line_house_type_0="single_family",
        line_type_1="social_rental",
        line_amount_1="4",
        line_price_1="800",
        line_house_type_1="multi_family",
    )
    assert client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=data).status_code == 302
    with psycopg.connect(owner_url) as conn:
        stored = conn.execute(
            "SELECT l.ownership_type, l.house_type FROM plan.houseblock_ownership_line l"
            " JOIN plan.houseblock_version v ON v.id = l.houseblock_version_id"
            " JOIN plan.houseblock h ON h.id = v.houseblock_id"
            " WHERE h.project_id = %s AND v.superseded_at IS NULL ORDER BY l.line_no",
            (project_id,),
        ).fetchall()
    assert stored == [("owner_occupied", "single_family"), ("social_rental", "multi_family")]
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    assert "<td>Eengezinswoning</td>" in page and "<td>Meergezinswoning</td>" in page
    bad = houseblock_data(
        client,
        project_id,
        "Fout type",
        2,
        line_type_0="owner_occupied",
        line_amount_0="2",
        line_house_type_0="villa",
    )
    response = client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=bad)
    assert response.status_code == 422
    assert "Onbekend woningtype bij eigendom en waarde." in response.get_data(as_text=True)
