"""The /importeren pages: upload, preview (dry run), commit, result; creating missing plusvelden."""

import re

import psycopg

from tests.imports.conftest import csrf_of
from tests.imports.conftest import post_file
from tests.imports.files import excel
from webapp.imports.example import example_book

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')


def test_upload_preview_commit_result(signed_in, prefix, count_rows, owner_url):
    client = signed_in("user")
    page = client.get("/importeren").get_data(as_text=True)
    assert "Projecten importeren" in page and "leeg Excel-sjabloon" in page
    before = count_rows()
    preview = post_file(client, example_book(prefix).bytes(), path="/importeren")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[:2000]
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd" in html
    assert count_rows() == before
    token = TOKEN_RE.search(html).group(1)
    result = client.post(
        "/importeren/bevestigen", data={"token": token, "csrf_token": csrf_of(client)}
    )
    html = result.get_data(as_text=True)
    assert result.status_code == 200 and "Import voltooid" in html
    with psycopg.connect(owner_url) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id::text FROM plan.project WHERE municipal_id LIKE %s", (f"{prefix}-%",)
            )
        ]
    assert len(ids) == 2 and all(f"/projecten/{i}" in html for i in ids)
    # the stored upload is gone after the commit
    again = client.post(
        "/importeren/bevestigen", data={"token": token, "csrf_token": csrf_of(client)}
    )
    assert again.status_code == 404


def test_preview_token_belongs_to_its_uploader(signed_in, prefix):
    client = signed_in("user")
    html = post_file(client, excel(prefix), path="/importeren").get_data(as_text=True)
    token = TOKEN_RE.search(html).group(1)
    client = signed_in("user_plus")
    response = client.post(
        "/importeren/bevestigen", data={"token": token, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 404


def test_errors_are_listed_by_level_with_place(signed_in, prefix):
    data = excel(
        prefix,
        {"Naam": None, "Bouw": "veel"},
        {(None, "Maatwerk project eigenschap"): ["Nieuw veld"]},
    )
    html = post_file(signed_in("user"), data, path="/importeren").get_data(as_text=True)
    assert "Niveau 1: bestand, koppen en ontbrekende eigenschappen" in html
    assert "werkblad Data, rij 5, kolom AI (Maatwerk project eigenschap)" in html
    assert "unknown_project_property" in html
    assert "Plusveld „Nieuw veld” aanmaken" not in html  # a user may not manage plusvelden


def test_user_plus_creates_missing_property_and_option_from_the_error_list(
    signed_in, prefix, owner_url
):
    client = signed_in("user_plus")
    name = f"Veld {prefix}"
    subs = {(None, "Maatwerk project eigenschap"): [name, "Duurzaamheidsambitie"]}
    changes = {(None, "Maatwerk project eigenschap", "Duurzaamheidsambitie"): f"Optie {prefix}"}
    html = post_file(client, excel(prefix, changes, subs), path="/importeren").get_data(
        as_text=True
    )
    assert f"Plusveld „{name}” aanmaken" in html
    token = TOKEN_RE.search(html).group(1)
    html = client.post(
        "/importeren/eigenschap",
        data={
            "token": token,
            "csrf_token": csrf_of(client),
            "name": name,
            "object_type": "project",
            "value_type": "text",
        },
    ).get_data(as_text=True)
    assert "unknown_project_property" not in html
    assert f"Optie „Optie {prefix}” toevoegen aan Duurzaamheidsambitie" in html
    with psycopg.connect(owner_url) as conn:
        prop = conn.execute(
            "SELECT id::text FROM plan.property WHERE name = 'Duurzaamheidsambitie' "
            "AND municipality_code = 'GM0200'"
        ).fetchone()[0]
    response = client.post(
        "/importeren/eigenschap",
        data={
            "token": token,
            "csrf_token": csrf_of(client),
            "property_id": prop,
            "option": f"Optie {prefix}",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    assert "2 nieuw" not in response.get_data(as_text=True)
    assert "1 nieuw, 0 bijgewerkt" in response.get_data(as_text=True)


def test_navigation_links_the_import_page_for_allowed_users(signed_in):
    assert 'href="/importeren"' in signed_in("user").get("/").get_data(as_text=True)
    assert 'href="/importeren"' not in signed_in("council").get("/").get_data(as_text=True)


def test_templates_download(signed_in):
    client = signed_in("user")
    page = client.get("/importeren").get_data(as_text=True)
    links = re.findall(r'href="(/static/diwi-sjablonen/[^"]+)"', page)
    assert len(links) == 4
    for link in links:
        response = client.get(link)
        assert response.status_code == 200 and len(response.data) > 1000
        response.close()
    assert client.get("/static/diwi-sjablonen/../excel.py").status_code == 404
