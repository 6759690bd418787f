"""The BAG-check list at /registers/bag-controle and the panel on the project page."""

import csv
import io

import pytest

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.bagcheck import fixture as fx
from tests.bagcheck.test_counts import NOORD_MESSAGE

pytestmark = pytest.mark.db
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
LIST = f"/registers/bag-controle?peildatum={fx.REFERENCE_DATE}"


@pytest.fixture
def signed_in(auth, bag):
    auth.login(USER["email"], DEMO_PASSWORD)
    return auth


def positions(html: str, names: list[str]) -> list[int]:
    return [html.index(f">{name}</a>") for name in names]


def test_the_list_shows_counts_and_explanations_sorted_by_difference(client, signed_in):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert NOORD_MESSAGE in html
    assert "Geen plangebied: niet te controleren." in html
    first, second, third = positions(html, ["Sloop Zuid", "Noordkwartier", "Intern hof"])
    assert first < second < third  # differences 10, 4, -2


def test_sorting_by_name_and_only_deviations(client, signed_in):
    html = client.get(f"{LIST}&sorteer=naam&richting=op").get_data(as_text=True)
    names = ["Buiten de BAG", "Intern hof", "Klopt", "Noordkwartier", "Sloop Zuid"]
    assert positions(html, names) == sorted(positions(html, names))
    flagged = client.get(f"{LIST}&alleen_afwijkingen=1").get_data(as_text=True)
    assert ">Klopt</a>" not in flagged
    assert ">Noordkwartier</a>" in flagged


def test_anonymous_sees_only_public_projects(client, bag):
    html = client.get(LIST).get_data(as_text=True)
    assert ">Noordkwartier</a>" in html
    assert "Intern hof" not in html


def test_csv_download(client, signed_in):
    response = client.get(f"/registers/bag-controle.csv?peildatum={fx.REFERENCE_DATE}")
    assert response.mimetype == "text/csv"
    assert "bag-controle-2026-06-01.csv" in response.headers["Content-Disposition"]
    rows = {
        r["naam"]: r
        for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)), delimiter=";")
    }
    noord = rows["Noordkwartier"]
    assert (noord["bag_in_gebruik"], noord["bag_bouw_gestart"], noord["verschil_in_gebruik"]) == (
        "10",
        "3",
        "4",
    )
    assert noord["voorstel_oplevering_vroegst"] == "2025-02-01"
    assert noord["bevindingen"] == NOORD_MESSAGE


def test_the_project_page_has_the_panel_with_a_proposal(client, signed_in, bag):
    pid = bag.ids["Noordkwartier"]
    html = client.get(f"/projecten/{pid}?peildatum={fx.REFERENCE_DATE}").get_data(as_text=True)
    assert 'id="bag-check-heading"' in html
    assert NOORD_MESSAGE in html
    assert "Gevormd, bouw gestart (pand)</th><td>3</td>" in html
    assert "in gebruik genomen op 2025-02-01 \u2013 2025-05-10" in html
    assert f'href="/projecten/{pid}/mijlpalen"' in html


def test_the_panel_says_when_there_is_nothing_to_check(client, signed_in, bag):
    pid = bag.ids["Zonder gebied"]
    html = client.get(f"/projecten/{pid}?peildatum={fx.REFERENCE_DATE}").get_data(as_text=True)
    assert "Geen plangebied: niet te controleren." in html
    assert "bag-counts" not in html
