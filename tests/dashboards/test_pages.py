"""Dashboard pages per role: the right components, never a hidden project's name, CSV = SQL."""

import csv
import io
import uuid
from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_PASSWORD
from tests.sql.builders import square
from webapp.viewer import set_viewer

pytestmark = pytest.mark.db

TODAY = date.today()
# level -> distinctive word in the project's name
LEVELS = {
    "private": "Xylofoon",
    "internal_civil": "Walvis",
    "internal_management": "Kolibrie",
    "internal_council": "Pelikaan",
    "public": "Zeeslag",
}
# role -> the levels whose (non-owned) projects it may see
SEES = {
    "gebruiker": {"internal_civil", "internal_management", "internal_council", "public"},
    "hoofdgebruiker": {"internal_civil", "internal_management", "internal_council", "public"},
    "management": {"internal_management", "internal_council", "public"},
    "raad": {"internal_council", "public"},
    "extern": {"public"},
}


def make_project(conn: psycopg.Connection, name: str, level: str, group: str, **extra) -> str:
    data = {
        "name": name,
        "municipality_code": "GM0200",
        "start_date": "2020-01-01",
        "end_date": "2035-01-01",
        "phase": "design",
        "confidentiality_level": level,
        "owner_group_ids": [group],
        "plan_area": square(194000 + len(name) * 10, 469000, 100),
        **extra,
    }
    pid = conn.execute("SELECT plan.create_project(%s)::text", (Jsonb(data),)).fetchone()[0]
    conn.execute(
        "SELECT plan.create_houseblock(%s, %s)",
        (pid, Jsonb({"name": "Blok A", "mutation_kind": "construction", "amount": 12})),
    )
    return pid


@pytest.fixture(scope="module")
def world(owner_url: str, demo_municipality: str) -> dict:
    """One project per confidentiality level, owned by a group no demo account is in; the hidden
    ones (for the council) alone in phase 'definition', so their bucket is small."""
    tag = "DSH" + uuid.uuid4().hex[:5]
    from manage.demo_accounts import create_demo_accounts

    create_demo_accounts(owner_url, "GM0200", {"user": ["Team Wonen"], "user_plus": ["Team Wonen"]})
    with psycopg.connect(owner_url) as conn:
        group = conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES ('GM0200', %s) "
            "RETURNING id::text",
            (f"Eigenaar {tag}",),
        ).fetchone()[0]
        ids = {}
        for level, word in LEVELS.items():
            phase = "definition" if level in ("internal_civil", "internal_management") else "design"
            ids[level] = make_project(conn, f"{tag} {word}", level, group, phase=phase)
    return {"tag": tag, "ids": ids, "group": group}


def sign_in(auth, who: str) -> None:
    response = auth.login(f"{who}@demo.diwi.nl", DEMO_PASSWORD)
    assert response.status_code in (200, 302)


def page_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who", sorted(SEES))
def test_each_role_sees_only_its_projects_names(client, auth, world, who):
    sign_in(auth, who)
    html = page_text(client, f"/dashboard?peildatum={TODAY.isoformat()}")
    for level, word in LEVELS.items():
        name = f"{world['tag']} {word}"
        assert (name in html) == (level in SEES[who]), (who, level)
    for level in LEVELS:
        path = f"/dashboard/project/{world['ids'][level]}"
        assert client.get(path).status_code == (200 if level in SEES[who] else 404), (who, level)


@pytest.mark.parametrize(
    ("who", "present", "absent"),
    [
        (
            "gebruiker",
            {"capacity", "phase", "planning_status", "delayed", "map", "bag_check"},
            set(),
        ),
        (
            "management",
            {"capacity", "house_type", "deliveries", "delayed", "map", "bag_check"},
            set(),
        ),
        (
            "raad",
            {"capacity", "phase", "target_group", "price_rent", "delayed", "map"},
            {"bag_check"},
        ),
    ],
)
def test_components_follow_the_role(client, auth, world, who, present, absent):
    sign_in(auth, who)
    html = page_text(client, "/dashboard")
    for key in present:
        assert f'-{key}" aria-labelledby' in html, key
    for key in absent:
        assert f'-{key}" aria-labelledby' not in html, key
    assert "Tabel tonen" in html and "Download CSV" in html
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html


def test_council_sees_small_hidden_buckets_suppressed(client, auth, world):
    sign_in(auth, "raad")
    query = f"fase=definition&wijk=&eigenaar={world['group']}"
    html = page_text(client, f"/dashboard?{query}")
    assert "Onderdrukt (te weinig projecten)" in html
    phase = client.get(f"/dashboard/data/phase.json?{query}").get_json()
    assert [r["projects"] for r in phase["rows"] if r["suppressed"]] == [None]
    assert all(r["projects"] == 0 for r in phase["rows"] if not r["suppressed"])
    assert f"{world['tag']} Walvis" not in html and f"{world['tag']} Kolibrie" not in html


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    for path in (
        "/dashboard",
        "/dashboard/data/phase.csv",
        f"/dashboard/project/{world['ids']['public']}",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def viewer_of(conn: psycopg.Connection, email: str) -> dict:
    row = conn.execute(
        "SELECT u.id::text, r.name, u.municipality_code, "
        "ARRAY(SELECT m.user_group_id::text FROM auth.user_group_member m WHERE m.user_id = u.id) "
        "FROM auth.app_user u JOIN auth.user_role ur ON ur.user_id = u.id "
        "JOIN auth.role r ON r.id = ur.role_id WHERE u.email = %s",
        (email,),
    ).fetchone()
    return {
        "user_id": row[0],
        "role": row[1],
        "municipality_code": row[2],
        "region_code": None,
        "province_code": None,
        "group_ids": row[3],
    }


def sql_rows(owner_url: str, who: str, component: str, filters: dict, options: dict) -> list:
    with psycopg.connect(owner_url) as conn:
        set_viewer(conn, viewer_of(conn, f"{who}@demo.diwi.nl"))
        result = conn.execute(
            "SELECT publication.dashboard(%s, %s, %s, %s)",
            (component, TODAY, Jsonb(filters), Jsonb(options)),
        ).fetchone()[0]
    return result["rows"]


@pytest.mark.parametrize(
    ("who", "component", "query", "filters", "options"),
    [
        ("hoofdgebruiker", "phase", "", {}, {}),
        ("raad", "phase", "&fase=definition&fase=design", {"phases": ["definition", "design"]}, {}),
        ("raad", "planning_status", "&groep=hard_soft", {}, {"group": "hard_soft"}),
        ("management", "deliveries", "&van=2024&tot=2030", {}, {"from": 2024, "to": 2030}),
        ("gebruiker", "capacity", "&planstatus=soft", {"planning_status": "soft"}, {}),
    ],
)
def test_csv_equals_the_sql_rows(
    client, auth, world, owner_url, who, component, query, filters, options
):
    sign_in(auth, who)
    response = client.get(f"/dashboard/data/{component}.csv?peildatum={TODAY.isoformat()}{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
    rows = sql_rows(owner_url, who, component, filters, options)
    keys = lines[0][5:]
    expected = [
        [
            r["key"],
            r["label"],
            *("" if r[k] is None else str(r[k]) for k in ("projects", "dwellings")),
            "ja" if r["suppressed"] else "nee",
            *("" if (r["series"] or {}).get(k) is None else str(r["series"][k]) for k in keys),
        ]
        for r in rows
    ]
    assert lines[1:] == expected
    assert len(lines) > 1


def test_json_endpoint_and_component_not_allowed(client, auth, world):
    sign_in(auth, "raad")
    data = client.get("/dashboard/data/map.json").get_json()
    names = {d["name"] for d in data["details"]}
    assert f"{world['tag']} Pelikaan" in names and f"{world['tag']} Kolibrie" not in names
    listed = client.get("/dashboard/data/map.csv?details=1").get_data(as_text=True)
    assert f"{world['tag']} Pelikaan" in listed and f"{world['tag']} Kolibrie" not in listed
    assert client.get("/dashboard/data/bag_check.csv").status_code == 404
    assert client.get("/dashboard/data/nonsense.json").status_code == 404


def test_project_dashboard_shows_timeline_blocks_and_charts(client, auth, world):
    sign_in(auth, "gebruiker")
    html = page_text(client, f"/dashboard/project/{world['ids']['internal_civil']}")
    assert "Tijdlijn" in html and "Mijlpalen vanaf de peildatum" in html
    assert "Blok A" in html
    assert '-target_group" aria-labelledby' in html and '-deliveries" aria-labelledby' in html
    assert f"project={world['ids']['internal_civil']}" in html  # the CSV links keep the project
    assert "/rapport/dashboard.pdf?scope=project&amp;project_id=" in html
