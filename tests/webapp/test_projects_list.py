"""Project list, CSV and project page: only what the viewer may see; filters, sort, paging."""

import csv
import io
import re
import uuid

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.db

ROW_LINK = re.compile(r'href="/projecten/([0-9a-f-]{36})\?')


def group_id(conn: psycopg.Connection, name: str) -> str:
    row = conn.execute(
        "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
        "ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name RETURNING id",
        (name,),
    ).fetchone()
    return str(row[0])


def make_project(conn, name: str, level: str, owners: list[str], **extra) -> str:
    data = {
        "name": name,
        "municipality_code": "GM0200",
        "start_date": "2020-01-01",
        "end_date": "2035-01-01",
        "phase": extra.pop("phase", "initiative"),
        "confidentiality_level": level,
        "owner_group_ids": owners,
        **extra,
    }
    return conn.execute(
        "SELECT plan.create_project(%s)::text", (psycopg.types.json.Jsonb(data),)
    ).fetchone()[0]


@pytest.fixture(scope="module")
def world(owner_url, demo_municipality):
    """Four projects at different levels and owners, plus 51 public ones for paging."""
    tag = "LST" + uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url) as conn:
        team = group_id(conn, "Team Wonen")
        partner = group_id(conn, f"Partner {tag}")
        conn.execute(
            "INSERT INTO auth.user_group_member SELECT %s, id FROM auth.app_user "
            "WHERE email = 'extern@demo.diwi.nl' ON CONFLICT DO NOTHING",
            (partner,),
        )
        ids = {
            "civil": make_project(conn, f"{tag}-A civil", "internal_civil", [team]),
            "council": make_project(
                conn, f"{tag}-B council", "internal_council", [team], phase="design"
            ),
            "public": make_project(conn, f"{tag}-C public", "public", [team]),
            "partner": make_project(conn, f"{tag}-D partner", "internal_civil", [team, partner]),
        }
        for i in range(51):
            make_project(conn, f"{tag}P {i:02d}", "public", [team])
    return {"tag": tag, "ids": ids, "team": team}


def listed(client, query: str) -> list[str]:
    response = client.get(f"/projecten?{query}")
    assert response.status_code == 200
    return ROW_LINK.findall(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("email", "visible"),
    [
        (None, {"public"}),
        ("gebruiker@demo.diwi.nl", {"civil", "council", "public", "partner"}),
        ("raad@demo.diwi.nl", {"council", "public"}),
        ("extern@demo.diwi.nl", {"public", "partner"}),
    ],
)
def test_list_page_and_csv_show_only_visible_projects(client, auth, world, email, visible):
    if email:
        assert auth.login(email, DEMO_PASSWORD).status_code == 302
    ids = world["ids"]
    shown = set(listed(client, f"q={world['tag']}-"))
    assert shown == {ids[k] for k in visible}
    body = client.get(f"/projecten.csv?q={world['tag']}-").get_data(as_text=True)
    csv_ids = {row[0] for row in list(csv.reader(io.StringIO(body), delimiter=";"))[1:]}
    assert csv_ids == shown
    for key, project_id in ids.items():
        page = client.get(f"/projecten/{project_id}")
        assert page.status_code == (200 if key in visible else 404)
    assert client.get(f"/projecten/{uuid.uuid4()}").status_code == 404


def test_filters_sorting_and_paging(client, auth, world):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    ids, tag = world["ids"], world["tag"]
    assert listed(client, f"q={tag}-&fase=design") == [ids["council"]]
    assert set(listed(client, f"q={tag}-&vertrouwelijkheid=internal_civil")) == {
        ids["civil"],
        ids["partner"],
    }
    assert listed(client, f"q={tag}-&sorteer=name&richting=af")[0] == ids["partner"]
    assert listed(client, f"q={tag}-&sorteer=name&richting=op")[0] == ids["civil"]
    assert len(listed(client, f"q={tag}P")) == 50
    second = client.get(f"/projecten?q={tag}P&pagina=2").get_data(as_text=True)
    assert len(ROW_LINK.findall(second)) == 1
    assert "Pagina 2 van 2" in second


def test_csv_matches_the_view_and_its_columns(client, auth, world):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    query = f"q={world['tag']}P&sorteer=name&richting=af"
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/projecten.csv?{query}").get_data(as_text=True)), delimiter=";"
        )
    )
    assert rows[0][:2] == ["id", "Naam"]
    assert [r[1] for r in rows[1:]] == sorted((r[1] for r in rows[1:]), reverse=True)
    assert len(rows) == 52
    assert [r[0] for r in rows[1:51]] == listed(client, query)


def test_chosen_columns_are_remembered_per_user(client, auth, world, owner_url):
    auth.login("management@demo.diwi.nl", DEMO_PASSWORD)
    token = auth.csrf_token("/projecten")
    response = client.post(
        "/projecten/kolommen", data={"csrf_token": token, "kolom": ["name", "houseblock_count"]}
    )
    assert response.status_code == 302
    page = client.get("/projecten").get_data(as_text=True)
    assert ">Woningblokken</a>" in page and ">Fase</a>" not in page
    header = client.get("/projecten.csv").get_data(as_text=True).splitlines()[0]
    assert header == "id;Naam;Woningblokken"
    with psycopg.connect(owner_url) as conn:
        stored = conn.execute(
            "SELECT p.value FROM auth.user_preference p JOIN auth.app_user u ON u.id = p.user_id "
            "WHERE u.email = 'management@demo.diwi.nl'"
        ).fetchone()[0]
    assert stored == ["name", "houseblock_count"]
    auth.logout()
    assert ">Fase</a>" in client.get("/projecten").get_data(as_text=True)


def test_project_page_shows_fields_timeline_and_peildatum(client, auth, world):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    page = client.get(f"/projecten/{world['ids']['council']}?peildatum=2024-05-01").get_data(
        as_text=True
    )
    assert "B council" in page and "Ontwerp" in page
    assert 'class="timeline-period"' in page and "Mijlpalen" in page
    assert "Start project" in page and "Geschiedenis" in page
    assert "Project bewerken" in page
