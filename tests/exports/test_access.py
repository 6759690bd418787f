"""Who gets what: exports follow the one access rule; downloads need a session or an API token."""

import io
import json

import openpyxl
import psycopg
import pytest

from tests.exports.conftest import PEILDATUM
from webapp.diwi_format import excel as layout

pytestmark = pytest.mark.db
DOWNLOADS = [
    "/exporteren/diwi.xlsx",
    "/exporteren/diwi.geojson",
    "/exporteren/bulk/projects.parquet",
    "/exporteren/bulk/projects.csv",
    "/exporteren/bulk/houseblocks.parquet",
    "/exporteren/bulk/houseblocks.csv?history=true",
]
LEVELS_SQL = """
    SELECT p.id::text, v.confidentiality_level, p.municipality_code,
           plan.project_owner_ids(p.id) && ARRAY(
               SELECT g.id FROM auth.user_group g WHERE g.name = %s) AS owned
    FROM plan.project p JOIN plan.project_version v ON v.project_id = p.id
    CROSS JOIN LATERAL (SELECT plan.clamp_date(%s::date, p.start_date, p.end_date) AS d) t
    WHERE v.superseded_at IS NULL AND v.valid_from <= t.d AND v.valid_to > t.d
      AND p.removed_at IS NULL
"""


def current_levels(owner_url: str, group: str = "") -> dict[str, tuple]:
    """Each project's confidentiality at the exports' reference date, municipality and whether
    `group` owns it (removed projects left out, as the exports leave them out)."""
    with psycopg.connect(owner_url) as conn:
        return {r[0]: r[1:] for r in conn.execute(LEVELS_SQL, (group, PEILDATUM))}


def geojson_ids(client) -> set[str]:
    response = client.get(f"/exporteren/diwi.geojson?peildatum={PEILDATUM}")
    assert response.status_code == 200
    return {f["id"] for f in response.get_json()["features"]}


def excel_ids(client) -> set[str]:
    response = client.get(f"/exporteren/diwi.xlsx?peildatum={PEILDATUM}")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.data))[layout.DATA_SHEET]
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == "Project GUID")
    return {ws.cell(r, col).value for r in range(6, ws.max_row + 1)}


def csv_ids(client) -> set[str]:
    response = client.get(f"/exporteren/bulk/projects.csv?peildatum={PEILDATUM}")
    assert response.status_code == 200
    lines = response.get_data(as_text=True).splitlines()[1:]
    return {line.split(",", 1)[0] for line in lines}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_anonymous_downloads_are_refused_with_401(client, demo_data, path) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_export_page_asks_to_sign_in(client, demo_data) -> None:
    response = client.get("/exporteren")
    assert response.status_code in (302, 401)


def test_an_unknown_token_is_refused(client, demo_data) -> None:
    response = client.get("/exporteren/bulk/projects.csv", headers={"X-API-Key": "diwi_nonsense"})
    assert response.status_code == 401


def test_council_sees_no_confidential_project(sign_in, owner_url) -> None:
    levels = current_levels(owner_url)
    client = sign_in("council")
    for ids in (geojson_ids(client), excel_ids(client), csv_ids(client)):
        assert ids, "the council sees the municipality's non-confidential projects"
        assert all(levels[i][0] >= 4 for i in ids)
        assert all(levels[i][1] == "GM0200" or levels[i][0] == 7 for i in ids)
    expected = {
        i
        for i, (level, code, _) in levels.items()
        if level == 7 or (level >= 4 and code == "GM0200")
    }
    assert geojson_ids(client) == expected


def test_external_partner_gets_only_own_and_public_projects(sign_in, owner_url) -> None:
    levels = current_levels(owner_url, "Ontwikkelaar Bouwbedrijf Veluwe")
    client = sign_in("external")
    ids = geojson_ids(client)
    own = {i for i, (_, _, owned) in levels.items() if owned}
    assert own and own <= ids
    assert all(levels[i][2] or levels[i][0] == 7 for i in ids)
    assert excel_ids(client) == ids == csv_ids(client)


def test_user_plus_exports_more_than_the_council(sign_in) -> None:
    assert geojson_ids(sign_in("council")) < geojson_ids(sign_in("user_plus"))


def test_api_token_as_bearer_or_x_api_key(app, api_token, sign_in) -> None:
    token = api_token("council")
    anonymous = app.test_client()
    expected = csv_ids(sign_in("council"))
    for headers in ({"Authorization": f"Bearer {token}"}, {"X-API-Key": token}):
        response = anonymous.get(
            f"/exporteren/bulk/projects.csv?peildatum={PEILDATUM}", headers=headers
        )
        assert response.status_code == 200
        lines = response.get_data(as_text=True).splitlines()[1:]
        assert {line.split(",", 1)[0] for line in lines} == expected


def test_selection_by_project_ids_cannot_reach_invisible_projects(sign_in, owner_url) -> None:
    levels = current_levels(owner_url)
    hidden = next(i for i, (level, code, _) in levels.items() if level < 4 and code == "GM0200")
    visible = next(i for i, (level, code, _) in levels.items() if level >= 4 and code == "GM0200")
    client = sign_in("council")
    response = client.get(f"/exporteren/diwi.geojson?project={hidden}&project={visible}")
    assert {f["id"] for f in response.get_json()["features"]} == {visible}


def test_bad_parameters_are_refused(sign_in) -> None:
    client = sign_in("user")
    assert client.get("/exporteren/diwi.xlsx?peildatum=gisteren").status_code == 400
    assert client.get("/exporteren/diwi.geojson?project=abc").status_code == 400
    assert client.get("/exporteren/diwi.geojson?vertrouwelijkheid=geheim").status_code == 400


def test_minimum_confidentiality_by_code_or_rank(sign_in, owner_url) -> None:
    levels = current_levels(owner_url)
    client = sign_in("user_plus")
    for value in ("external_regional", "5"):
        response = client.get(f"/exporteren/diwi.geojson?vertrouwelijkheid={value}")
        ids = {f["id"] for f in json.loads(response.data)["features"]}
        assert ids and all(levels[i][0] >= 5 for i in ids)


def test_export_page_offers_the_downloads_and_a_place_for_deliveries(sign_in) -> None:
    client = sign_in("user")
    page = client.get("/exporteren").get_data(as_text=True)
    assert "<h1>Exporteren</h1>" in page
    for target in (
        "/exporteren/diwi.xlsx",
        "/exporteren/diwi.geojson",
        "/exporteren/bulk/projects.parquet",
        "/exporteren/bulk/houseblocks.csv",
    ):
        assert target in page
    assert 'id="leveringen"' in page
    home = client.get("/").get_data(as_text=True)
    assert 'href="/exporteren"' in home
