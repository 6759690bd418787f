"""The process page: templates, access per role, cycle refusal, the Gantt chart and the what-if."""

import psycopg
import pytest

from tests.streams.conftest import add_dependency
from tests.streams.conftest import add_step


def page_of(project_id: str) -> str:
    return f"/projecten/{project_id}/processen"


def post(client, auth, url: str, data: dict):
    token = auth.csrf_token("/")
    return client.post(url, data={"csrf_token": token, **data})


def step_data(stream: str, name: str = "Stap") -> dict:
    return {
        "stream": stream,
        "name": name,
        "planned_start": "2027-01-01",
        "planned_end": "2027-02-01",
    }


def steps_in(owner_url: str, project_id: str) -> list[tuple]:
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT stream, name, planned_start::text, planned_end::text FROM plan.process_step "
            "WHERE project_id = %s ORDER BY planned_start, name",
            (project_id,),
        ).fetchall()


def test_a_template_is_applied_in_one_go_and_drawn_with_its_critical_path(
    client, auth, sign_in, projects, owner_url
):
    sign_in("hoofdgebruiker")
    html = client.get(page_of(projects["shared"])).get_data(as_text=True)
    template = html.split('name="template_id"><option value="')[1].split('"')[0]
    response = post(
        client,
        auth,
        page_of(projects["shared"]) + "/sjabloon",
        {"template_id": template, "start": "2027-01-01"},
    )
    assert response.status_code == 302
    steps = steps_in(owner_url, projects["shared"])
    assert len(steps) == 7
    assert steps[0] == ("public", "Principeverzoek en principebesluit", "2027-01-01", "2027-03-02")
    assert steps[1][1:3] == ("Schetsontwerp en haalbaarheid", "2027-03-02")
    html = client.get(page_of(projects["shared"])).get_data(as_text=True)
    assert html.count('class="gantt-arrow') == 7
    assert 'class="gantt-step critical"' in html
    assert "kritiek pad" in html


@pytest.mark.parametrize(
    ("account", "project", "public", "private"),
    [
        ("hoofdgebruiker", "shared", 302, 403),
        ("gebruiker", "shared", 302, 403),
        ("extern", "shared", 403, 302),
        ("raad", "own", 403, 403),
    ],
)
def test_who_edits_which_stream(client, auth, sign_in, projects, account, project, public, private):
    sign_in(account)
    url = page_of(projects[project]) + "/stappen"
    refused = post(client, auth, url, step_data("public"))
    assert refused.status_code == public
    assert post(client, auth, url, step_data("private")).status_code == private
    if 403 in (public, private):
        answer = refused if public == 403 else post(client, auth, url, step_data("private"))
        assert "U mag deze processtroom niet wijzigen" in answer.get_data(as_text=True)


def test_an_external_partner_reads_the_public_stream(client, sign_in, projects, owner_url):
    add_step(
        owner_url,
        projects["shared"],
        "Anterieure overeenkomst",
        "public",
        "2027-01-01",
        "2027-05-01",
    )
    sign_in("extern")
    html = client.get(page_of(projects["shared"])).get_data(as_text=True)
    assert "Anterieure overeenkomst" in html
    assert "Publieke stroom (gemeente) (alleen lezen)" in html
    assert "Stap toevoegen aan de private stroom" in html
    assert "Stap toevoegen aan de publieke stroom" not in html


def test_anonymous_visitors_do_not_see_the_streams(client, projects):
    assert client.get(page_of(projects["own"])).status_code == 404


def test_a_dependency_cycle_is_refused_with_a_dutch_message(
    client, auth, sign_in, projects, owner_url
):
    first = add_step(owner_url, projects["own"], "Eerst", "public", "2027-01-01", "2027-02-01")
    second = add_step(owner_url, projects["own"], "Daarna", "public", "2027-02-01", "2027-03-01")
    add_dependency(owner_url, first, second)
    sign_in("gebruiker")
    url = page_of(projects["own"]) + "/afhankelijkheden"
    response = post(
        client, auth, url, {"source": second, "target": first, "kind": "finish_to_start"}
    )
    assert response.status_code == 422
    assert "maakt een kring" in response.get_data(as_text=True)


def test_the_parallel_view_shows_the_delivery_date_gained(client, sign_in, projects, owner_url):
    a = add_step(owner_url, projects["own"], "Omgevingsplan", "public", "2027-01-01", "2027-01-11")
    b = add_step(
        owner_url, projects["own"], "Vergunning voorbereiden", "private", "2027-01-11", "2027-01-31"
    )
    c = add_step(owner_url, projects["own"], "Start bouw", "private", "2027-01-31", "2027-02-03")
    add_dependency(owner_url, b, c)
    dropped = add_dependency(owner_url, a, b)
    sign_in("gebruiker")
    html = client.get(page_of(projects["own"]) + f"?parallel={dropped}").get_data(as_text=True)
    assert "03-02-2027" in html
    assert "24-01-2027" in html
    assert "10 dagen winst" in html


def test_late_and_blocked_steps_are_shown_as_bottlenecks(client, sign_in, projects, owner_url):
    late = add_step(
        owner_url, projects["own"], "Bestemmingsplan", "public", "2020-01-01", "2020-06-01"
    )
    waiting = add_step(
        owner_url, projects["own"], "Bouwrijp maken", "private", "2020-06-01", "2099-01-01"
    )
    add_dependency(owner_url, late, waiting)
    sign_in("gebruiker")
    html = client.get(page_of(projects["own"])).get_data(as_text=True)
    assert "Te laat: gepland klaar op 01-06-2020." in html
    assert "Kritiek en geblokkeerd door: Bestemmingsplan." in html


def test_a_stored_cycle_shows_the_message_instead_of_a_schedule(
    client, sign_in, projects, owner_url
):
    first = add_step(owner_url, projects["own"], "Eén", "public", "2027-01-01", "2027-02-01")
    second = add_step(owner_url, projects["own"], "Twee", "public", "2027-02-01", "2027-03-01")
    add_dependency(owner_url, first, second)
    add_dependency(owner_url, second, first)
    sign_in("gebruiker")
    response = client.get(page_of(projects["own"]))
    assert response.status_code == 200
    assert "De afhankelijkheden vormen een kring (" in response.get_data(as_text=True)


def test_only_the_municipality_applies_templates(client, auth, sign_in, projects, owner_url):
    with psycopg.connect(owner_url) as conn:
        template = conn.execute("SELECT id::text FROM plan.process_template LIMIT 1").fetchone()[0]
    sign_in("extern")
    url = page_of(projects["shared"]) + "/sjabloon"
    response = post(client, auth, url, {"template_id": template, "start": "2027-01-01"})
    assert response.status_code == 403
    assert steps_in(owner_url, projects["shared"]) == []
