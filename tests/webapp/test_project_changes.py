"""The change list on the project page: who changed which field, when, from what to what."""

import re
import uuid

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from tests.webapp.test_projects_editing import create_via_form
from tests.webapp.test_projects_editing import houseblock_data
from tests.webapp.test_projects_fields import edit

pytestmark = pytest.mark.db


def rows(page: str) -> list[tuple[str, ...]]:
    """(part, field, was, becomes) of every row in the Wijzigingen section."""
    section = page.split("<h2>Wijzigingen</h2>")[1].split("</section>")[0]
    cells = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", section
    )
    return [tuple(c) for c in cells]


def test_changes_name_the_field_the_old_and_the_new_value(client, auth, team):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    name = "Wijz " + uuid.uuid4().hex[:6]
    project_id = create_via_form(client, team, name)
    data = houseblock_data(client, project_id, "Blok W", 10)
    assert client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=data).status_code == 302
    renamed = edit(client, project_id, owner=team, name=name + " nieuw", priority="high")
    assert renamed.status_code == 302, renamed.get_data(as_text=True)
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    found = rows(page)
    project = f"Project {name} nieuw"
    assert (project, "Naam", name, name + " nieuw") in found
    assert (project, "Prioriteit", "\u2013", "Hoog") in found
    assert ("Woningblok Blok W", "aangemaakt", "", "") in found
    assert (f"Project {name}", "aangemaakt", "", "") in found
    assert "Gert Gebruiker" in page.split("<h2>Wijzigingen</h2>")[1]


def test_changes_of_an_invisible_project_are_not_readable(owner_url, team):
    with psycopg.connect(owner_url) as conn:
        project_id = conn.execute(
            "SELECT plan.create_project(jsonb_build_object('municipality_code', 'GM0200', "
            "'name', 'Verborgen', 'phase', 'initiative', 'confidentiality_level', 'private', "
            "'start_date', '2024-01-01', 'end_date', '2030-01-01', "
            "'owner_group_ids', jsonb_build_array(%s::text)))",
            (team,),
        ).fetchone()[0]
        conn.execute("SELECT plan.set_viewer('council', 'GM0200', NULL, NULL, '{}', NULL)")
        changes = conn.execute(
            "SELECT count(*) FROM publication.project_changes(%s)", (project_id,)
        )
        assert changes.fetchone()[0] == 0
        conn.rollback()
