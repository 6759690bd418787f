"""The web side of parcel-derived areas: the picker's data, saving a choice through the edit form,
the vanished-parcels page with its resolve action, owner notices and the registry history entry."""

import json
import re
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from tests.areas.conftest import Registry
from tests.webapp.conftest import team  # noqa: F401  (fixture)

pytestmark = pytest.mark.db

USER = "gebruiker@demo.diwi.nl"
TOKEN_RE = re.compile(r'name="token" value="([^"]*)"')
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
X, Y = 195000, 470000  # RD; the picker's bbox below is around it
BBOX = "5.9715,52.2160,5.9765,52.2175"  # around X..X+200, Y..Y+50
RUN_AREA = f"POLYGON(({X} {Y}, {X + 1000} {Y}, {X + 1000} {Y + 1000}, {X} {Y + 1000}, {X} {Y}))"


def rect(x: float, w: float) -> str:
    ring = f"{X + x} {Y}, {X + x + w} {Y}, {X + x + w} {Y + 50}, {X + x} {Y + 50}, {X + x} {Y}"
    return f"SRID=28992;MULTIPOLYGON((({ring})))"


class WebRegistry(Registry):
    """The tests/areas registry helper for the demo municipality and its Team Wonen."""

    def run(self, source: str = "brk") -> int:
        run_id = super().run(source)
        self.conn.execute(
            "UPDATE ingest.run SET area_geometry = ST_GeomFromText(%s, 28992) WHERE id = %s",
            (RUN_AREA, run_id),
        )
        return run_id


@pytest.fixture
def demo(owner_url: str, team: str) -> Iterator[WebRegistry]:  # noqa: F811
    with psycopg.connect(owner_url, autocommit=True) as conn:
        reg = WebRegistry(conn, "GM0200", [team])
        first = reg.run()
        reg.parcel(first, 8801, rect(0, 100), section="Y")
        reg.parcel(first, 8802, rect(100, 100), section="Y")
        projects: list[str] = []
        reg.project_ids = projects
        yield reg
        conn.execute("DELETE FROM plan.project WHERE id = ANY (%s::uuid[])", (projects,))
        conn.execute("DELETE FROM brk.perceel WHERE ingest_run_id = ANY (%s)", (reg.runs,))
        conn.execute("DELETE FROM bag.pand WHERE ingest_run_id = ANY (%s)", (reg.runs,))
        conn.execute("DELETE FROM ingest.run WHERE id = ANY (%s)", (reg.runs,))


def parcel_project(demo: WebRegistry, *numbers: int) -> str:
    parcels = [
        {"cadastral_municipality_code": "APD01", "section": "Y", "parcel_number": n}
        for n in numbers
    ]
    pid = demo.project(
        name="Web " + uuid.uuid4().hex[:6],
        confidentiality_level="internal_civil",
        area_source="parcels",
        parcels=parcels,
    )
    demo.project_ids.append(pid)
    return pid


def form_tokens(client, path: str) -> dict:
    page = client.get(path).get_data(as_text=True)
    return {"csrf_token": CSRF_RE.search(page).group(1)} | (
        {"token": TOKEN_RE.search(page).group(1)} if TOKEN_RE.search(page) else {}
    )


def test_the_picker_reads_parcels_in_view_and_by_designation(client, auth, demo):
    assert client.get(f"/registers/percelen/in-beeld?bbox={BBOX}").status_code == 403
    auth.login(USER, DEMO_PASSWORD)
    found = client.get(f"/registers/percelen/in-beeld?bbox={BBOX}").get_json()
    designations = {f["properties"]["designation"] for f in found["features"]}
    assert {"APD01 Y 8801", "APD01 Y 8802"} <= designations
    assert found["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert client.get("/registers/percelen/in-beeld?bbox=0,0,10,10").status_code == 400
    one = client.get("/registers/percelen/aanduiding?q=apd01 y 8802").get_json()
    assert one["features"][0]["properties"]["area_m2"] == 5000
    assert client.get("/registers/percelen/aanduiding?q=APD01 Y 1").status_code == 404
    demo.building(demo.run("bag"), "0200100000088010", rect(10, 20))
    found = client.get(f"/registers/panden/in-beeld?bbox={BBOX}").get_json()
    assert [f["properties"]["identificatie"] for f in found["features"]] == ["0200100000088010"]


def test_the_edit_form_saves_chosen_parcels_and_names_an_unknown_one(client, auth, demo):
    pid = parcel_project(demo, 8801)
    auth.login(USER, DEMO_PASSWORD)
    assert "APD01 Y 8801" in client.get(f"/projecten/{pid}/bewerken").get_data(as_text=True)
    fields = {
        "name": "Gekozen percelen",
        "start_date": "2024-01-01",
        "end_date": "2030-01-01",
        "phase": "concept",
        "confidentiality_level": "internal_civil",
        "owner_group_ids": demo.groups,
        "area_mode": "parcels",
        "parcels_changed": "1",
    }

    half = demo.conn.execute(  # the left half of 8802, drawn on the map (CRS84)
        "SELECT ST_AsGeoJSON(ST_Transform(%s::geometry, 4326), 9)::jsonb", (rect(100, 50),)
    ).fetchone()[0]

    def save(*numbers: int):
        chosen = [
            {"cadastral_municipality_code": "APD01", "section": "Y", "parcel_number": n}
            | ({"subselection": half} if n == 8802 else {})
            for n in numbers
        ]
        selection = json.dumps({"parcels": chosen, "buildings": []})
        data = form_tokens(client, f"/projecten/{pid}/bewerken") | fields
        return client.post(
            f"/projecten/{pid}/bewerken", data=data | {"parcel_selection": selection}
        )

    refused = save(8801, 9999)
    assert refused.status_code == 422
    assert "Dit perceel staat niet in de BRK-kopie. (APD01 Y 9999)" in refused.get_data(
        as_text=True
    )
    response = save(8801, 8802)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert demo.current_area(pid) == pytest.approx(7500, rel=1e-4)


@pytest.fixture
def vanished(demo) -> tuple[str, int]:
    """A project whose parcel 8801 vanished and 8802 was reshaped in a second BRK run."""
    pid = parcel_project(demo, 8801, 8802)
    second = demo.run()
    demo.remove(second, 8801, section="Y")
    demo.parcel(second, 8802, rect(100, 120), section="Y")
    demo.follow(second)
    return pid, second


def test_vanished_parcels_are_listed_and_an_editor_resolves_them(client, auth, demo, vanished):
    pid, run = vanished
    auth.login(USER, DEMO_PASSWORD)
    page = client.get("/registers/percelen").get_data(as_text=True)
    assert "APD01 Y 8801" in page and f"/projecten/{pid}/bewerken" in page
    assert f"inleesronde {run}" in page
    issue = demo.conn.execute("SELECT id FROM plan.parcel_issue WHERE project_id = %s", (pid,))
    issue_id = issue.fetchone()[0]
    token = form_tokens(client, "/registers/percelen")
    response = client.post(f"/registers/percelen/{issue_id}/opgelost", data=token)
    assert response.status_code == 302
    resolved = demo.conn.execute(
        "SELECT i.resolved_at IS NOT NULL, u.email FROM plan.parcel_issue i "
        "JOIN auth.app_user u ON u.id = i.resolved_by WHERE i.id = %s",
        (issue_id,),
    ).fetchone()
    assert resolved == (True, USER)
    assert "APD01 Y 8801" not in client.get("/registers/percelen").get_data(as_text=True)


def test_owners_see_the_notice_and_the_registry_change_in_the_history(client, auth, demo, vanished):
    pid, _ = vanished
    auth.login(USER, DEMO_PASSWORD)
    project_page = client.get(f"/projecten/{pid}").get_data(as_text=True)
    assert "Registerwijziging (BRK)" in project_page
    assert "perceel APD01 Y 8802 is van vorm veranderd" in project_page  # unread notice
    assert "Niet meer in de BRK: APD01 Y 8801" in project_page
    notices = client.get("/registers/meldingen").get_data(as_text=True)
    assert "APD01 Y 8801 staat niet meer in de BRK" in notices
    notice_id = demo.conn.execute(
        "SELECT id FROM plan.notice WHERE project_id = %s", (pid,)
    ).fetchone()[0]
    data = form_tokens(client, "/registers/meldingen") | {"next": f"/projecten/{pid}"}
    response = client.post(f"/registers/meldingen/{notice_id}/gelezen", data=data)
    assert response.headers["Location"].endswith(f"/projecten/{pid}")
    read = demo.conn.execute(
        "SELECT read_at IS NOT NULL FROM plan.notice WHERE id = %s", (notice_id,)
    )
    assert read.fetchone()[0] is True
    assert "is van vorm veranderd" not in client.get(f"/projecten/{pid}").get_data(as_text=True)
