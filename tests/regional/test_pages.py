"""The regional pages: the acceleration table, marking key projects, exports, stream edits."""

import csv
import io

import openpyxl
import psycopg

from webapp.regional.summary import refresh_project


def refresh(owner_url: str, project_id: str) -> None:
    with psycopg.connect(owner_url) as conn:
        refresh_project(conn, project_id)


def test_region_reader_sees_key_projects_with_steps_and_options(owner_url, key_setup, sign_in):
    refresh(owner_url, key_setup["big"])
    html = sign_in("regio").get("/regio/versnellingstafel").get_data(as_text=True)
    assert f"Groot {key_setup['tag']}" in html  # 150 dwellings: key by the default rule
    assert f"Klein {key_setup['tag']}" not in html  # 12 dwellings: not key
    assert "Anterieure overeenkomst (publiek): te laat" in html
    assert "1 klaar, 0 lopend, 1 te laat" in html
    assert "dagen eerder" in html  # an acceleration option
    assert "150 (0 / 0 / 40)" in html


def test_anonymous_is_sent_to_login(client):
    response = client.get("/regio/versnellingstafel")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_user_marks_and_unmarks_key_projects(key_setup, sign_in, auth):
    client = sign_in("gebruiker")
    token = auth.csrf_token("/regio/sleutelprojecten")
    for project, action in ((key_setup["small"], "mark"), (key_setup["big"], "unmark")):
        data = {"csrf_token": token, "action": action, "project_id": project}
        response = client.post("/regio/sleutelprojecten", data=data)
        assert response.status_code == 302
    html = client.get("/regio/versnellingstafel").get_data(as_text=True)
    assert f"Klein {key_setup['tag']}" in html and f"Groot {key_setup['tag']}" not in html
    page = client.get("/regio/sleutelprojecten").get_data(as_text=True)
    assert "ja (gemarkeerd)" in page and "nee (uitgezet)" in page
    data = {"csrf_token": token, "action": "reset", "project_id": key_setup["big"]}
    client.post("/regio/sleutelprojecten", data=data)
    html = client.get("/regio/versnellingstafel").get_data(as_text=True)
    assert f"Groot {key_setup['tag']}" in html  # back to the default rule


def test_marking_an_invisible_project_is_refused(key_setup, sign_in, auth):
    client = sign_in("extern")  # not admitted to the project
    token = auth.csrf_token("/regio/sleutelprojecten")
    data = {"csrf_token": token, "action": "mark", "project_id": key_setup["big"]}
    response = client.post("/regio/sleutelprojecten", data=data)
    assert response.status_code == 403
    assert "niet als sleutelproject markeren" in response.get_data(as_text=True)


def test_csv_and_xlsx_exports_carry_the_rows(owner_url, key_setup, sign_in):
    refresh(owner_url, key_setup["big"])
    client = sign_in("regio")
    response = client.get("/regio/versnellingstafel.csv")
    assert response.headers["Content-Disposition"].endswith('versnellingstafel.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                               delimiter=";"))  # fmt: skip
    row = next(r for r in rows if r["GUID"] == key_setup["big"])
    assert (row["Sociale huur"], row["Stappen te laat"], row["Bron"]) == ("40", "1", "deze DIWI")
    assert "Te laat" in row["Knelpunten"] and int(row["Maximale winst (dagen)"]) > 0
    book = openpyxl.load_workbook(io.BytesIO(client.get("/regio/versnellingstafel.xlsx").data))
    sheet = book["Versnellingstafel"]
    header = [c.value for c in sheet[1]]
    found = [r for r in sheet.iter_rows(min_row=2, values_only=True) if key_setup["big"] in r]
    assert found and found[0][header.index("Woningen netto")] == 150


def test_a_stream_edit_refreshes_the_summary(owner_url, key_setup, sign_in, auth):
    client = sign_in("hoofdgebruiker")
    path = f"/projecten/{key_setup['big']}/processen"
    data = {
        "csrf_token": auth.csrf_token(path),
        "stream": "public",
        "name": "Omgevingsvergunning",
        "planned_start": "2030-01-01",
        "planned_end": "2030-06-01",
    }
    assert client.post(f"{path}/stappen", data=data).status_code == 302
    with psycopg.connect(owner_url) as conn:
        total = conn.execute(
            "SELECT steps_total FROM plan.process_summary WHERE project_id = %s",
            (key_setup["big"],),
        ).fetchone()
    assert total == (5,)
