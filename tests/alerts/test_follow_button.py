"""The follow button on the project page: signed-in viewers follow and unfollow from there."""

import re

import psycopg
import pytest

from tests.fixtures.smtp import SEC_MUNICIPALITY
from tests.fixtures.smtp import SEC_PASSWORD
from tests.sql import builders

pytestmark = pytest.mark.db
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_a_viewer_follows_and_unfollows_a_project_from_its_page(
    client, auth, make_account, alert_project
):
    owner, colleague = make_account("eigenaar"), make_account("collega", "user_plus")
    project, name = alert_project(owner)
    page_url = f"/projecten/{project}"
    assert "Project volgen" not in client.get(page_url).get_data(as_text=True)

    auth.login(colleague, SEC_PASSWORD)
    page = client.get(page_url).get_data(as_text=True)
    assert "Project volgen" in page
    token = CSRF_RE.search(page).group(1)
    followed = client.post(
        f"/meldingen/volgen/{project}",
        data={"csrf_token": token, "follow": "1", "return": "project"},
    )
    assert followed.status_code == 302 and followed.location.endswith(page_url)
    page = client.get(page_url).get_data(as_text=True)
    assert "Niet meer volgen" in page and "U volgt dit project." in page
    listed = client.get("/meldingen/voorkeuren").get_data(as_text=True)
    assert f'Niet meer volgen<span class="visually-hidden">: {name}' in listed

    client.post(
        f"/meldingen/volgen/{project}",
        data={"csrf_token": token, "follow": "0", "return": "project"},
    )
    assert "Project volgen" in client.get(page_url).get_data(as_text=True)


def test_a_project_the_viewer_may_not_see_cannot_be_followed(client, auth, make_account, owner_url):
    with psycopg.connect(owner_url) as conn:
        group = builders.user_group(conn, SEC_MUNICIPALITY, "Geheim team")
        project = builders.project(conn, SEC_MUNICIPALITY, group, confidentiality_level=1)
    auth.login(make_account("buitenstaander", "external"), SEC_PASSWORD)
    token = CSRF_RE.search(client.get("/meldingen/voorkeuren").get_data(as_text=True)).group(1)
    refused = client.post(f"/meldingen/volgen/{project}", data={"csrf_token": token, "follow": "1"})
    assert refused.status_code == 404
    assert client.get(f"/projecten/{project}").status_code == 404
