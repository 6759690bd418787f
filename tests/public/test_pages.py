"""The public dashboard at /openbaar, signed out: public names only, SQL totals, suppression."""

import csv
import io
import re

import pytest

from tests.public.fixture import PUBLIC
from tests.public.fixture import TOWN
from tests.public.fixture import VILLAGE

pytestmark = [pytest.mark.db]


def test_chooser_lists_municipalities_with_public_projects(client, public_town):
    body = client.get("/openbaar").get_data(as_text=True)
    assert 'href="/openbaar/GM0997"' in body
    assert "Teststad" in body and "Kleindorp" in body
    chosen = client.get("/openbaar?gemeente=GM0997")
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith("/openbaar/GM0997")


def test_dashboard_names_public_projects_only(client, public_town):
    response = client.get(f"/openbaar/{TOWN}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for name in ("Openbaar Aalhof", "Openbaar Beekdal", "Openbaar Cingel", "Openbaar Duinzicht"):
        assert name in body
    for secret in public_town.secret_names:
        assert secret not in body
    for project_id in (public_town.ids[n] for n in public_town.secret_names):
        assert project_id not in body
    assert "Inloggen" in body  # rendered signed out


def test_dashboard_totals_are_the_sql_totals(client, public_town, public_dashboard):
    capacity = public_dashboard("capacity", TOWN)["totals"]
    # public (4) and council-internal (2) projects count, the private one does not
    assert capacity["projects"] == 6
    assert capacity["net"] == 40 + 20 + 60 + 12 + 30 + 18
    body = client.get(f"/openbaar/{TOWN}").get_data(as_text=True)
    tiles = re.findall(r'<span class="kpi-value">([^<]+)</span>', body)
    assert tiles == [str(capacity["projects"]), "184", "4", str(capacity["net"])]
    phase = public_dashboard("phase", TOWN)
    merged = [r for r in phase["rows"] if r["key"] == "_other"]
    assert merged and "Overig (samengevoegd)" in body  # the council plans are merged, not named


def test_small_municipality_is_suppressed(client, public_town, public_dashboard):
    phase = public_dashboard("phase", VILLAGE)
    assert any(row["suppressed"] for row in phase["rows"])
    body = client.get(f"/openbaar/{VILLAGE}").get_data(as_text=True)
    assert "Onderdrukt" in body
    assert "Openbaar Dorpshart" in body  # a public project is still named (map list)
    assert "Geheim Dorpsrand" not in body


def test_csv_per_component_matches_the_sql(client, public_town, public_dashboard):
    response = client.get(f"/openbaar/{TOWN}/gegevens.csv?onderdeel=phase")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
    assert rows[0][:4] == ["sleutel", "omschrijving", "projecten", "woningen"]
    expected = public_dashboard("phase", TOWN)
    assert [r[0] for r in rows[1:-1]] == [r["key"] for r in expected["rows"]]
    assert rows[-1][2] == str(expected["totals"]["projects"])
    assert client.get(f"/openbaar/{TOWN}/gegevens.csv?onderdeel=delayed").status_code == 404


def test_map_page_reads_the_public_feed(client, public_town):
    body = client.get(f"/openbaar/{TOWN}/kaart").get_data(as_text=True)
    assert 'data-feed="/api/collections/projects/items"' in body
    assert "/static/vendor/leaflet/leaflet.js" in body and "/static/js/public-map.js" in body
    assert not re.search(r'(src|href)="https?://', body)  # nothing from a CDN
    feed = client.get(f"/api/collections/projects/items?f=json&municipality_code={TOWN}")
    names = {f["properties"]["name"] for f in feed.get_json()["features"]}
    assert names == set(PUBLIC)  # the four public Teststad projects only


def test_popup_link_opens_the_public_project_page(client, public_town):
    assert client.get(f"/projecten/{public_town.ids['Openbaar Aalhof']}").status_code == 200
    assert client.get(f"/projecten/{public_town.ids['Geheim Raadsplan Een']}").status_code == 404


def test_unknown_municipality_is_not_found(client, public_town):
    assert client.get("/openbaar/GM0001").status_code == 404
    assert client.get("/openbaar/WK020001").status_code == 404
