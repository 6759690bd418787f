"""The process-template admin: own templates edited, nationwide read-only, others invisible."""

import uuid

import psycopg
import pytest

from tests.sql.builders import raises_rule
from tests.streams.test_pages import page_of
from tests.streams.test_pages import steps_in

ADMIN = "/beheer/processjablonen"
OTHER = "GM9301"  # a second municipality, only in this module
NATIONWIDE = "Standaard woningbouwproces"


@pytest.fixture
def other_template(owner_url: str) -> str:
    """A template of another municipality (GM9301) with one step."""
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO ref.municipality (code, name, province_code) "
            "VALUES (%s, 'Elders', 'PV25') ON CONFLICT DO NOTHING",
            (OTHER,),
        )
        template = conn.execute(
            "INSERT INTO plan.process_template (municipality_code, name) VALUES (%s, %s) "
            "RETURNING id::text",
            (OTHER, f"Elders {uuid.uuid4().hex[:6]}"),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO plan.process_template_step (template_id, position, stream, name, "
            "duration_days) VALUES (%s, 1, 'public', 'Stap elders', 10)",
            (template,),
        )
        return template


def post(client, auth, url: str, data: dict):
    """POST a form with the CSRF token of the template list (which every editor may open)."""
    return client.post(url, data={"csrf_token": auth.csrf_token(ADMIN), **data})


def nationwide_id(owner_url: str) -> str:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT id::text FROM plan.process_template WHERE municipality_code IS NULL "
            "AND name = %s",
            (NATIONWIDE,),
        ).fetchone()[0]


def new_template(client, auth, name: str) -> str:
    """Create an own template through the page; returns its id."""
    response = post(client, auth, ADMIN, {"name": name})
    assert response.status_code == 302
    return response.headers["Location"].rstrip("/").split("/")[-1]


def step_ids(owner_url: str, template: str) -> dict[str, str]:
    with psycopg.connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT name, id::text FROM plan.process_template_step WHERE template_id = %s",
            (template,),
        ).fetchall()
    return dict(rows)


def add_steps(client, auth, template: str, *steps: tuple[str, str, int]) -> None:
    for stream, name, days in steps:
        url = f"{ADMIN}/{template}/stappen"
        data = {"stream": stream, "name": name, "duration_days": str(days)}
        assert post(client, auth, url, data).status_code == 302


def test_user_plus_copies_the_nationwide_template_edits_it_and_applies_it(
    client, auth, sign_in, projects, owner_url
):
    sign_in("hoofdgebruiker")
    listing = client.get(ADMIN).get_data(as_text=True)
    assert NATIONWIDE in listing and "Landelijk (alleen lezen)" in listing
    assert 'href="/beheer/processjablonen"' in listing  # the admin menu links the page
    name = f"Apeldoorns schema {uuid.uuid4().hex[:6]}"
    copied = post(client, auth, f"{ADMIN}/{nationwide_id(owner_url)}/kopie", {"name": name})
    assert copied.status_code == 302
    template = copied.headers["Location"].split("/")[-1]
    add_steps(client, auth, template, ("public", "Welstandstoets", 30))
    ids = step_ids(owner_url, template)
    url = f"{ADMIN}/{template}/afhankelijkheden"
    dependency = {"source": ids["Omgevingsplan wijzigen"], "target": ids["Welstandstoets"]}
    assert post(client, auth, url, dependency | {"kind": "finish_to_start"}).status_code == 302
    short = {"stream": "public", "name": "Principeverzoek", "duration_days": "10"}
    url = f"{ADMIN}/{template}/stappen/{ids['Principeverzoek en principebesluit']}"
    assert post(client, auth, url, short).status_code == 302
    page = client.get(f"{ADMIN}/{template}").get_data(as_text=True)
    assert "Omgevingsplan wijzigen → Welstandstoets" in page
    choice = client.get(page_of(projects["shared"])).get_data(as_text=True)
    assert f'value="{template}">{name}</option>' in choice
    applied = post(
        client,
        auth,
        page_of(projects["shared"]) + "/sjabloon",
        {"template_id": template, "start": "2027-01-01"},
    )
    assert applied.status_code == 302
    steps = {row[1]: row for row in steps_in(owner_url, projects["shared"])}
    assert len(steps) == 8
    assert steps["Principeverzoek"][2:] == ("2027-01-01", "2027-01-11")
    assert steps["Welstandstoets"][2] == steps["Omgevingsplan wijzigen"][3]
    with psycopg.connect(owner_url) as conn:
        untouched = conn.execute(
            "SELECT count(*) FROM plan.process_template_step WHERE template_id = %s",
            (nationwide_id(owner_url),),
        ).fetchone()[0]
    assert untouched == 7


def test_a_dependency_that_closes_a_cycle_is_refused_in_dutch(
    client, auth, sign_in, demo_municipality, owner_url
):
    sign_in("hoofdgebruiker")
    template = new_template(client, auth, f"Kring {uuid.uuid4().hex[:6]}")
    add_steps(client, auth, template, ("public", "A", 5), ("private", "B", 5), ("public", "C", 5))
    ids = step_ids(owner_url, template)
    url = f"{ADMIN}/{template}/afhankelijkheden"
    for source, target in (("A", "B"), ("B", "C")):
        added = post(client, auth, url, {"source": ids[source], "target": ids[target]})
        assert added.status_code == 302
    cycle = post(client, auth, url, {"source": ids["C"], "target": ids["A"]})
    assert cycle.status_code == 422
    assert "Deze afhankelijkheid maakt een kring" in cycle.get_data(as_text=True)
    self_loop = post(client, auth, url, {"source": ids["A"], "target": ids["A"]})
    assert "Een stap kan niet van zichzelf afhangen" in self_loop.get_data(as_text=True)
    twice = post(client, auth, url, {"source": ids["A"], "target": ids["B"]})
    assert "Deze afhankelijkheid bestaat al" in twice.get_data(as_text=True)
    with psycopg.connect(owner_url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM plan.process_template_dependency WHERE template_id = %s",
            (template,),
        ).fetchone()[0]
    assert count == 2


def test_moving_a_step_keeps_its_dependencies_and_apply_follows_them(
    client, auth, sign_in, projects, owner_url
):
    sign_in("hoofdgebruiker")
    template = new_template(client, auth, f"Volgorde {uuid.uuid4().hex[:6]}")
    add_steps(client, auth, template, ("public", "Eerst", 10), ("private", "Daarna", 20))
    ids = step_ids(owner_url, template)
    url = f"{ADMIN}/{template}/afhankelijkheden"
    added = post(client, auth, url, {"source": ids["Eerst"], "target": ids["Daarna"]})
    assert added.status_code == 302
    move = f"{ADMIN}/{template}/stappen/{ids['Daarna']}/verplaatsen"
    assert post(client, auth, move, {"direction": "up"}).status_code == 302
    page = client.get(f"{ADMIN}/{template}").get_data(as_text=True)
    assert page.index("<td>Daarna</td>") < page.index("<td>Eerst</td>")
    assert "Eerst → Daarna" in page
    apply = {"template_id": template, "start": "2027-03-01"}
    assert post(client, auth, page_of(projects["own"]) + "/sjabloon", apply).status_code == 302
    assert steps_in(owner_url, projects["own"]) == [
        ("public", "Eerst", "2027-03-01", "2027-03-11"),
        ("private", "Daarna", "2027-03-11", "2027-03-31"),
    ]


def test_rename_refuses_a_taken_name_and_delete_removes_the_template(
    app, client, auth, sign_in, demo_municipality, owner_url, monkeypatch
):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])  # two-factor has its own tests
    sign_in("beheerder")  # the municipality's admin manages templates too
    tag = uuid.uuid4().hex[:6]
    first = new_template(client, auth, f"Eerste {tag}")
    second = new_template(client, auth, f"Tweede {tag}")
    taken = post(client, auth, f"{ADMIN}/{second}/naam", {"name": f"Eerste {tag}"})
    assert taken.status_code == 422
    assert "Er is al een processjabloon met deze naam." in taken.get_data(as_text=True)
    renamed = post(client, auth, f"{ADMIN}/{second}/naam", {"name": f"Derde {tag}"})
    assert renamed.status_code == 302
    deleted = post(client, auth, f"{ADMIN}/{first}/verwijderen", {})
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith(ADMIN)
    listing = client.get(ADMIN).get_data(as_text=True)
    assert f"Eerste {tag}" not in listing and f"Derde {tag}" in listing


def test_the_nationwide_template_is_read_only(client, auth, sign_in, demo_municipality, owner_url):
    sign_in("hoofdgebruiker")
    template = nationwide_id(owner_url)
    page = client.get(f"{ADMIN}/{template}").get_data(as_text=True)
    assert "landelijk sjabloon" in page and "Naam opslaan" not in page
    refused = post(client, auth, f"{ADMIN}/{template}/naam", {"name": "Gekaapt"})
    assert refused.status_code == 403
    assert "Een landelijk processjabloon kunt u niet wijzigen" in refused.get_data(as_text=True)
    assert post(client, auth, f"{ADMIN}/{template}/verwijderen", {}).status_code == 403
    assert nationwide_id(owner_url)


def test_another_municipalitys_template_is_invisible(
    client, auth, sign_in, demo_municipality, other_template
):
    sign_in("hoofdgebruiker")
    assert "Elders" not in client.get(ADMIN).get_data(as_text=True)
    assert client.get(f"{ADMIN}/{other_template}").status_code == 404
    assert post(client, auth, f"{ADMIN}/{other_template}/naam", {"name": "X"}).status_code == 404
    assert post(client, auth, f"{ADMIN}/{other_template}/kopie", {"name": "X"}).status_code == 404


def test_a_template_of_another_municipality_is_refused_on_a_project(
    client, auth, sign_in, projects, other_template, owner_url
):
    sign_in("hoofdgebruiker")
    assert other_template not in client.get(page_of(projects["shared"])).get_data(as_text=True)
    refused = post(
        client,
        auth,
        page_of(projects["shared"]) + "/sjabloon",
        {"template_id": other_template, "start": "2027-01-01"},
    )
    assert refused.status_code == 422
    assert "hoort bij een andere gemeente" in refused.get_data(as_text=True)
    assert steps_in(owner_url, projects["shared"]) == []


@pytest.mark.parametrize(("account", "status"), [("gebruiker", 403), ("extern", 403)])
def test_only_user_plus_and_admin_manage_templates(
    client, sign_in, demo_municipality, account, status
):
    assert client.get(ADMIN).status_code == 302  # signed out: to the login page
    sign_in(account)
    assert client.get(ADMIN).status_code == status


def test_a_form_without_csrf_token_is_refused(client, sign_in, demo_municipality):
    sign_in("hoofdgebruiker")
    assert client.post(ADMIN, data={"name": "Zonder token"}).status_code == 400


def test_apply_refuses_another_municipalitys_template_with_its_rule(
    conn, projects, team, other_template
):
    conn.execute("SELECT plan.set_viewer('user_plus', 'GM0200', NULL, NULL, %s::uuid[])", ([team],))
    with raises_rule(conn, "process_template_other_municipality"):
        conn.execute(
            "SELECT plan.apply_process_template(%s, %s, '2027-01-01', NULL)",
            (projects["shared"], other_template),
        )
    assert raise_sqlstate(conn, projects["shared"], other_template) == "23514"


def raise_sqlstate(conn, project: str, template: str) -> str:
    try:
        with conn.transaction():
            conn.execute(
                "SELECT plan.apply_process_template(%s, %s, '2027-01-01', NULL)",
                (project, template),
            )
    except psycopg.IntegrityError as err:
        return err.sqlstate
    return ""
