"""The mapping screens /beheer/leveringen: fields, options, price categories; Dutch errors."""

import uuid

import psycopg
import pytest

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.fixtures.app import CSRF_RE
from tests.sql import builders

pytestmark = pytest.mark.db
USER_PLUS = next(a for a in DEMO_ACCOUNTS if a["role"] == "user_plus")
USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
PAGE = "/beheer/leveringen/zuid-holland"


@pytest.fixture
def own(owner_url, demo_municipality):
    """Two optional properties of GM0200 (a text, a category with options); removed afterwards."""
    tag = uuid.uuid4().hex[:6]
    with psycopg.connect(owner_url) as conn:
        text = builders.custom_property(conn, "GM0200", "text", name=f"Naam opdrachtgever {tag}")
        milieu = builders.custom_property(
            conn, "GM0200", "category", name=f"Woonmilieu {tag}", single_select=True
        )
        options = [builders.property_option(conn, milieu, code) for code in ("stad", "dorp")]
        category = conn.execute(
            "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents,"
            " max_cents, valid_from) VALUES ('GM0200', 'rent', %s, 0, 80000, '2020-01-01')"
            " RETURNING id::text",
            (f"Sociaal {tag}",),
        ).fetchone()[0]
    yield {"text": text, "milieu": milieu, "options": options, "category": category}
    with psycopg.connect(owner_url) as conn:
        for table in (
            "delivery_field_mapping",
            "delivery_option_mapping",
            "delivery_price_mapping",
        ):
            conn.execute(f"DELETE FROM plan.{table} WHERE municipality_code = 'GM0200'")
        conn.execute(
            "UPDATE plan.property SET disabled_at = now() WHERE id IN (%s, %s)", (text, milieu)
        )
        conn.execute("DELETE FROM plan.price_category WHERE id = %s", (category,))


def csrf(client, path: str) -> str:
    return CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)


def test_the_list_shows_the_three_templates(client, auth, demo_municipality):
    auth.login(USER_PLUS["email"], DEMO_PASSWORD)
    page = client.get("/beheer/leveringen").get_data(as_text=True)
    for title in ("Zuid-Holland", "Gelderland", "Zeeland"):
        assert f"Levering provincie {title}" in page


def test_only_the_municipality_admins_may_map(client, auth, demo_municipality):
    auth.login(USER["email"], DEMO_PASSWORD)
    assert client.get(PAGE).status_code == 403
    assert client.get("/beheer/leveringen/onbekend").status_code == 403


def test_mapping_is_saved_and_incompleteness_shown_in_dutch(client, auth, own):
    auth.login(USER_PLUS["email"], DEMO_PASSWORD)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Een verplicht veld van de levering is niet gekoppeld." in page
    response = client.post(
        PAGE,
        data={
            "csrf_token": csrf(client, PAGE),
            "field-opdrachtgever_naam": own["text"],
            "field-beoogd_woonmilieu_ABF5": own["milieu"],
            f"price-{own['category']}": "HUUR2",
        },
    )
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "De koppeling is opgeslagen, maar is nog niet compleet." in page
    assert "is aan geen enkele optie van de provincie gekoppeld" in page  # the options are next
    assert 'id="option-beoogd_woonmilieu_ABF5-0"' in page
    assert '<option value="HUUR2" selected>' in page
    response = client.post(
        PAGE,
        data={
            "csrf_token": csrf(client, PAGE),
            "field-beoogd_woonmilieu_ABF5": own["milieu"],
            "option-beoogd_woonmilieu_ABF5-0": own["options"][0],  # Centrum-stedelijk
            "option-beoogd_woonmilieu_ABF5-3": own["options"][1],  # Dorps
        },
    )
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "koppeld aan geen enkele" not in page and "is aan geen enkele optie" not in page


def test_a_type_mismatch_is_refused_with_a_dutch_message(client, auth, own):
    auth.login(USER_PLUS["email"], DEMO_PASSWORD)
    response = client.post(
        PAGE,
        data={
            "csrf_token": csrf(client, PAGE),
            "field-ph_text1": own["milieu"],  # mandatory field, optional property
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Niet opgeslagen" in page
    assert "Dit veld is verplicht voor de provincie; kies een verplicht plusveld." in page


def test_foreign_ids_are_ignored(client, auth, own):
    auth.login(USER_PLUS["email"], DEMO_PASSWORD)
    response = client.post(
        PAGE,
        data={
            "csrf_token": csrf(client, PAGE),
            "field-opdrachtgever_naam": str(uuid.uuid4()),
            "price-x": "KOOP1",
        },
    )
    assert response.status_code == 302
