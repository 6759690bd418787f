"""The project form's remaining Basisset fields, plusvelden and the plan area drawn on the map."""

import json
import uuid

import psycopg
import pytest

from manage.demo import boundary_ring
from manage.demo_accounts import DEMO_PASSWORD
from tests.webapp.test_projects_editing import create_via_form
from tests.webapp.test_projects_editing import form_tokens

pytestmark = pytest.mark.db

# A square of about 70 x 110 m in Apeldoorn (CRS84), inside the demo municipality's boundary.
APELDOORN = [[5.969, 52.211], [5.970, 52.211], [5.970, 52.212], [5.969, 52.212], [5.969, 52.211]]
AMSTERDAM = [[4.90, 52.37], [4.91, 52.37], [4.91, 52.38], [4.90, 52.38], [4.90, 52.37]]
BOW_TIE = [[5.969, 52.211], [5.970, 52.212], [5.970, 52.211], [5.969, 52.212], [5.969, 52.211]]


def area(*rings: list) -> str:
    return json.dumps({"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]})


@pytest.fixture
def bounded(owner_url, demo_municipality):
    """GM0200 with the demo's boundary for the test; the earlier boundary is restored after."""
    ring = boundary_ring([194000, 469000])
    with psycopg.connect(owner_url, autocommit=True) as conn:
        before = conn.execute("SELECT boundary FROM ref.municipality WHERE code = 'GM0200'")
        before = before.fetchone()[0]
        conn.execute(
            "UPDATE ref.municipality SET boundary = ST_SetSRID(ST_GeomFromGeoJSON(%s), 28992) "
            "WHERE code = 'GM0200'",
            (json.dumps({"type": "MultiPolygon", "coordinates": [[ring]]}),),
        )
        yield
        conn.execute("UPDATE ref.municipality SET boundary = %s WHERE code = 'GM0200'", (before,))


@pytest.fixture
def parking(owner_url, demo_municipality) -> str:
    """A numeric plusveld (0..500, whole numbers) on projects of GM0200."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        prop = conn.execute(
            "INSERT INTO plan.property (municipality_code, kind, object_type, value_type, name, "
            "rules) VALUES ('GM0200', 'custom', 'project', 'numeric', %s, "
            """'{"min": 0, "max": 500, "integer": true}') RETURNING id::text""",
            (f"Parkeerplaatsen {uuid.uuid4().hex[:6]}",),
        ).fetchone()[0]
        yield prop
        conn.execute("UPDATE plan.property SET disabled_at = now() WHERE id = %s", (prop,))


def stored(owner_url: str, project_id: str, sql: str):
    """Columns of the project's current version valid today (geometry: its plan area)."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            f"SELECT {sql} FROM plan.project p JOIN LATERAL (SELECT *, plan_area AS geometry "
            "FROM plan.project_version v WHERE v.project_id = p.id AND v.superseded_at IS NULL "
            "AND v.valid_from <= current_date ORDER BY v.valid_from DESC LIMIT 1) v ON true "
            "WHERE p.id = %s",
            (project_id,),
        ).fetchone()


def edit(client, project_id: str, **fields):
    """Submit the edit form with today's values changed by fields."""
    path = f"/projecten/{project_id}/bewerken"
    data = form_tokens(client, path) | {
        "name": fields.pop("name", "Veldentest"),
        "start_date": "2024-01-01",
        "end_date": "2032-12-31",
        "phase": "initiative",
        "planning_status": "3",
        "confidentiality_level": "internal_civil",
        "owner_group_ids": [fields.pop("owner")],
        "colour": "#336699",
        **fields,
    }
    return client.post(path, data=data)


def test_every_basisset_field_of_the_form_is_saved(client, auth, team, owner_url, parking):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Velden " + uuid.uuid4().hex[:6])
    response = edit(
        client,
        project_id,
        owner=team,
        municipal_id="APD-999",
        priority="high",
        municipality_roles=["landowner"],
        **{f"custom-{parking}": "42"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    row = stored(owner_url, project_id, "municipal_id, priority, municipality_roles, custom_values")
    assert row[:3] == ("APD-999", "high", ["landowner"])
    assert row[3] == {parking: 42}
    page = client.get(f"/projecten/{project_id}/bewerken").get_data(as_text=True)
    assert 'value="APD-999"' in page and 'value="42"' in page


def test_plusveld_rule_is_refused_with_the_property_named(client, auth, team, parking):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Plusveld " + uuid.uuid4().hex[:6])
    name = parking
    too_many = edit(client, project_id, owner=team, **{f"custom-{name}": "501"})
    assert too_many.status_code == 422
    text = too_many.get_data(as_text=True)
    assert "Parkeerplaatsen" in text and "501" in text
    not_a_number = edit(client, project_id, owner=team, **{f"custom-{name}": "veel"})
    assert not_a_number.status_code == 422
    assert "moet een getal zijn" in not_a_number.get_data(as_text=True)


def test_drawn_plan_area_is_stored_in_rd_and_kept_when_untouched(
    client, auth, team, owner_url, bounded
):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Kaart " + uuid.uuid4().hex[:6])
    drawn = edit(client, project_id, owner=team, plan_area=area(APELDOORN), plan_area_changed="1")
    assert drawn.status_code == 302, drawn.get_data(as_text=True)
    srid, m2, source = stored(
        owner_url, project_id, "ST_SRID(geometry), ST_Area(geometry), area_source"
    )
    assert srid == 28992 and source == "drawn"
    assert 7000 < m2 < 8000  # 0.001 degree lon x lat near 52.2 N: about 68 m x 111 m
    untouched = edit(client, project_id, owner=team, name="Kaart hernoemd", plan_area="")
    assert untouched.status_code == 302
    assert stored(owner_url, project_id, "ST_Area(geometry)")[0] == pytest.approx(m2)
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    assert 'id="plan-area-map"' in page and "m²" in page
    removed = edit(client, project_id, owner=team, plan_area="", plan_area_changed="1")
    assert removed.status_code == 302
    assert stored(owner_url, project_id, "geometry IS NULL, area_source")[0:2] == (True, None)


@pytest.mark.parametrize(
    ("ring", "message"),
    [
        (AMSTERDAM, "Het plangebied ligt (deels) buiten de gemeente."),
        (BOW_TIE, "Het plangebied is geen geldige geometrie."),
    ],
)
def test_plan_area_outside_the_municipality_or_invalid_is_refused(
    client, auth, team, owner_url, bounded, ring, message
):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Fout " + uuid.uuid4().hex[:6])
    refused = edit(client, project_id, owner=team, plan_area=area(ring), plan_area_changed="1")
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    assert stored(owner_url, project_id, "geometry IS NULL")[0] is True


def test_a_plan_area_that_is_not_a_polygon_is_refused(client, auth, team):
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Punt " + uuid.uuid4().hex[:6])
    point = json.dumps({"type": "Point", "coordinates": [5.97, 52.21]})
    refused = edit(client, project_id, owner=team, plan_area=point, plan_area_changed="1")
    assert refused.status_code == 422
    assert "Het plangebied moet een of meer vlakken zijn." in refused.get_data(as_text=True)


@pytest.fixture
def energy_label(owner_url, demo_municipality):
    """A single-select category plusveld on houseblocks of GM0200 with two options."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        prop = conn.execute(
            "INSERT INTO plan.property (municipality_code, kind, object_type, value_type, name, "
            "single_select) VALUES ('GM0200', 'custom', 'houseblock', 'category', %s, true) "
            "RETURNING id::text",
            (f"Energielabel {uuid.uuid4().hex[:6]}",),
        ).fetchone()[0]
        options = [
            conn.execute(
                "INSERT INTO plan.property_option (property_id, code, label_nl, sort_order) "
                "VALUES (%s, %s, %s, %s) RETURNING id::text",
                (prop, code, code, i),
            ).fetchone()[0]
            for i, code in enumerate(("A++", "B"))
        ]
        yield prop, options
        conn.execute("UPDATE plan.property SET disabled_at = now() WHERE id = %s", (prop,))


def test_houseblock_plusveld_is_saved_and_shown_again(client, auth, team, owner_url, energy_label):
    from tests.webapp.test_projects_editing import houseblock_data

    prop, (best, _) = energy_label
    auth.login("gebruiker@demo.diwi.nl", DEMO_PASSWORD)
    project_id = create_via_form(client, team, "Label " + uuid.uuid4().hex[:6])
    form = client.get(f"/projecten/{project_id}/woningblokken/nieuw").get_data(as_text=True)
    assert "Energielabel" in form and "A++" in form
    data = houseblock_data(client, project_id, "Blok A", 12, **{f"custom-{prop}": best})
    response = client.post(f"/projecten/{project_id}/woningblokken/nieuw", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with psycopg.connect(owner_url) as conn:
        block_id, values = conn.execute(
            "SELECT h.id::text, v.custom_values FROM plan.houseblock h "
            "JOIN plan.houseblock_version v ON v.houseblock_id = h.id AND v.superseded_at IS NULL "
            "WHERE h.project_id = %s",
            (project_id,),
        ).fetchone()
    assert values == {prop: best}
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    assert "Plusvelden:</strong>" in page and "Energielabel" in page and "A++" in page
    edit_form = client.get(f"/projecten/{project_id}/woningblokken/{block_id}/bewerken")
    assert f'<option value="{best}" selected>' in edit_form.get_data(as_text=True)
