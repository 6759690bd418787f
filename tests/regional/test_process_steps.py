"""The authenticated process-steps collection: one feature per step of the projects one may see."""

import psycopg

from tests.regional.conftest import add_step
from tests.sql.builders import project as make_project

ITEMS = "/api/collections/process-steps/items"


def steps_by_name(client, token: str, project_id: str) -> dict[str, dict]:
    response = client.get(
        f"{ITEMS}?f=json&limit=1000&project_id={project_id}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return {f["properties"]["step_name"]: f for f in response.get_json()["features"]}


def test_token_sees_each_step_with_status_float_and_responsible(
    client, owner_url, key_setup, region_token
):
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.process_step SET responsible_organisation = 'Bouwbedrijf Bever' "
            "WHERE project_id = %s AND name = 'Ontwerp'",
            (key_setup["big"],),
        )
    steps = steps_by_name(client, region_token, key_setup["big"])
    assert set(steps) == {
        "Principeverzoek", "Anterieure overeenkomst", "Bestemmingsplan", "Ontwerp",
    }  # fmt: skip
    statuses = {name: f["properties"]["status"] for name, f in steps.items()}
    assert statuses == {
        "Principeverzoek": "done", "Anterieure overeenkomst": "late",
        "Bestemmingsplan": "planned", "Ontwerp": "planned",
    }  # fmt: skip
    design = steps["Ontwerp"]["properties"]
    assert design["stream"] == "private" and design["responsible"] == "Bouwbedrijf Bever"
    assert design["project_name"] == f"Groot {key_setup['tag']}"
    assert design["project_id"] == key_setup["big"]
    assert (design["critical"], design["float_days"]) == (True, 0)  # last step of the chain
    lon, lat = steps["Ontwerp"]["geometry"]["coordinates"][0][0][0]
    assert 3 < lon < 8 and 50 < lat < 54  # the project area, CRS84


def test_steps_of_a_project_the_token_may_not_see_are_not_served(
    client, owner_url, demo_municipality, team, region_token
):
    with psycopg.connect(owner_url) as conn:  # level 4: below what a region reader sees
        hidden = make_project(
            conn, demo_municipality, team, name="Verborgen", confidentiality_level=4
        )
        add_step(conn, hidden, "Principeverzoek", "public", start=-10, end=20)
    assert steps_by_name(client, region_token, hidden) == {}


def test_anonymous_gets_no_steps(client, key_setup):
    body = client.get(f"{ITEMS}?f=json&project_id={key_setup['big']}").get_json()
    assert body["features"] == []
