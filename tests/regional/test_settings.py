"""The region threshold page /regio/instellingen: region and province readers set the key rule."""

import psycopg
import pytest

from tests.sql.builders import municipality

PAGE = "/regio/instellingen"


@pytest.fixture
def region(owner_url: str, key_setup: dict):
    """The demo region reader's region (read, never hard-coded); its threshold is reset after."""
    with psycopg.connect(owner_url) as conn:
        code = conn.execute(
            "SELECT region_code FROM auth.app_user WHERE email = 'regio@demo.diwi.nl'"
        ).fetchone()[0]
    yield code
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.region_setting WHERE region_code = %s", (code,))


@pytest.fixture
def other_region(owner_url: str) -> str:
    """Region R9601 in another province (PV26), with municipality GM9601."""
    with psycopg.connect(owner_url) as conn:
        if conn.execute("SELECT 1 FROM ref.municipality WHERE code = 'GM9601'").fetchone() is None:
            municipality(conn, "GM9601", province="PV26", region="R9601")
    return "R9601"


def post(client, auth, **data):
    return client.post(PAGE, data={"csrf_token": auth.csrf_token(PAGE), **data})


def test_region_reader_raises_the_threshold_and_the_key_project_drops_out(
    key_setup, region, sign_in, auth
):
    client = sign_in("regio")
    table = client.get("/regio/versnellingstafel").get_data(as_text=True)
    assert f'href="{PAGE}"' in table
    page = client.get(PAGE).get_data(as_text=True)
    assert "Drempel nu: 100 woningen (standaard)" in page
    response = post(client, auth, region_code=region, key_min_dwellings="200", action="save")
    assert response.status_code == 302
    assert "Drempel nu: 200 woningen." in client.get(PAGE).get_data(as_text=True)
    table = client.get("/regio/versnellingstafel").get_data(as_text=True)
    assert f"Groot {key_setup['tag']}" not in table  # 150 dwellings < 200
    assert post(client, auth, region_code=region, action="reset").status_code == 302
    table = client.get("/regio/versnellingstafel").get_data(as_text=True)
    assert f"Groot {key_setup['tag']}" in table


def test_dutch_errors_for_a_bad_number(region, sign_in, auth):
    client = sign_in("regio")
    response = post(client, auth, region_code=region, key_min_dwellings="veel", action="save")
    assert response.status_code == 400
    assert "heel aantal woningen" in response.get_data(as_text=True)
    response = post(client, auth, region_code=region, key_min_dwellings="-5", action="save")
    assert response.status_code == 400
    assert "0 of meer" in response.get_data(as_text=True)


def test_region_reader_may_not_set_another_region(region, other_region, sign_in, auth):
    client = sign_in("regio")
    assert other_region not in client.get(PAGE).get_data(as_text=True)
    response = post(client, auth, region_code=other_region, key_min_dwellings="5", action="save")
    assert response.status_code == 403
    assert "niet instellen" in response.get_data(as_text=True)


def test_province_reader_sets_the_regions_of_its_province_only(
    owner_url, region, other_region, sign_in, auth
):
    client = sign_in("provincie")
    page = client.get(PAGE).get_data(as_text=True)
    assert f"({region})" in page and f"({other_region})" not in page
    assert post(client, auth, region_code=region, key_min_dwellings="50").status_code == 302
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(
            "SELECT s.key_min_dwellings, u.email FROM plan.region_setting s "
            "JOIN auth.app_user u ON u.id = s.changed_by WHERE s.region_code = %s",
            (region,),
        ).fetchone()
    assert row == (50, "provincie@demo.diwi.nl")
    response = post(client, auth, region_code=other_region, key_min_dwellings="5")
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["gebruiker", "hoofdgebruiker", "extern"])
def test_municipal_roles_have_no_settings_page(demo_municipality, sign_in, name):
    client = sign_in(name)
    assert client.get(PAGE).status_code == 403
    assert f'href="{PAGE}"' not in client.get("/regio/versnellingstafel").get_data(as_text=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
