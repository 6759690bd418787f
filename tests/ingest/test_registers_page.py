"""The run log at /registers lists recent ingest runs for editor users, in Dutch."""

import pytest

from manage.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.db


def test_registers_page_lists_runs_with_counts_and_errors(
    ingest, servers, client, auth, demo_municipality
):
    assert ingest("brk") == 0
    servers.inject("collections/pand/items", "http503", times=10)
    assert ingest("bag") == 1

    assert auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD).status_code == 302
    response = client.get("/registers")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Registers</h1>" in page
    assert "BRK (Kadastrale Kaart)" in page and "geslaagd" in page
    assert ">40<" in page  # parcels added
    assert "mislukt" in page and "HTTP 503" in page
    assert "/kadaster/bag/ogc/v2/collections/pand/items?" in page
    assert "bbox:193600,468600,194400,469400" in page


def test_registers_page_needs_an_editor(ingest, client, auth, demo_municipality):
    assert client.get("/registers").status_code in (302, 401)
    assert auth.login("raad@demo.diwi.nl", DEMO_PASSWORD).status_code == 302
    assert client.get("/registers").status_code == 403
