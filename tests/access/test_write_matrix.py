"""Every writing route x every role x every level x owned/not owned: only who may edit, writes.

POST routes that take a project, houseblock or milestone are discovered from the app's URL map and
sent a complete, valid form with a current version token and CSRF token, so a refusal can only
come from the access rule; afterwards nothing of a project the role may not edit has changed.
The editor's list and CSV must show exactly the projects the role may see.
"""

import re

import psycopg
import pytest
from flask import Flask

from tests.access.matrix import ROLES
from tests.access.matrix import Sample
from tests.access.matrix import editable
from tests.access.matrix import signed_in
from tests.access.matrix import visible
from webapp.projects.queries import version_token

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("matrix")]
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LEVEL_CODES = {
    1: "private",
    2: "internal_civil",
    3: "internal_management",
    4: "internal_council",
    5: "external_regional",
    6: "external_governmental",
    7: "public",
}
TARGETS = ("project", "houseblock", "milestone")
# Routes that change only the viewer's own settings about a project (following it): a project the
# viewer may not see is a 404, one it sees may be followed, and neither changes the project.
PERSONAL = {"/meldingen/volgen/<uuid:project_id>"}


def post_rules(app: Flask) -> list:
    """Every POST route that names a project, houseblock or milestone in its URL."""
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "POST" in r.methods
            and any(t in a for a in r.arguments for t in TARGETS)
            # a process step or dependency id of its own: per-role access in tests/streams
            and all(any(t in a for t in TARGETS) for a in r.arguments)
        ),
        key=lambda r: r.rule,
    )


def url_for_sample(rule, sample: Sample) -> str:
    url = rule.rule
    for arg in rule.arguments:
        value = {"project": sample.project_id, "houseblock": sample.houseblock_id}
        value["milestone"] = sample.milestone_id
        found = next((v for key, v in value.items() if key in arg), None)
        assert found, f"route {rule.rule}: add a sample for parameter <{arg}>"
        url = re.sub(r"<(?:[^:<>]+:)?" + re.escape(arg) + r">", found, url)
    return url


def form_for(sample: Sample, csrf: str, token: str, group: str) -> dict:
    """A valid form for any of the editor's writing routes, with the sample's own values."""
    return {
        "csrf_token": csrf,
        "token": token,
        "name": sample.name,
        "start_date": "2024-01-01",
        "end_date": "2031-01-01",
        "phase": "design",
        "confidentiality_level": LEVEL_CODES[sample.level],
        "owner_group_ids": group,
        "colour": "#1F77B4",
        "mutation_kind": "construction",
        "amount": "7",
        "date": "2024-01-01",
        "status": "planned",
        "description": "Start project",
    }


def tokens(owner_url: str, samples: list[Sample]) -> dict[str, str]:
    with psycopg.connect(owner_url) as conn:
        return {s.project_id: version_token(conn, s.project_id) for s in samples}


def owner_groups(owner_url: str, samples: list[Sample]) -> dict[str, str]:
    with psycopg.connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT project_id::text, user_group_id::text FROM plan.project_owner "
            "WHERE superseded_at IS NULL AND project_id = ANY(%s::uuid[])",
            ([s.project_id for s in samples],),
        )
        return dict(rows.fetchall())


def csrf_of(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    match = CSRF_RE.search(page) or CSRF_RE.search(client.get("/").get_data(as_text=True))
    return match.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_write_through_any_route(app, owner_url, samples, role):
    client = signed_in(app, owner_url, role)
    csrf = csrf_of(client)
    groups = owner_groups(owner_url, samples)
    rules = post_rules(app)
    assert len(rules) >= 4  # project edit, houseblock create/edit, milestones
    for rule in rules:
        for sample in samples:
            before = tokens(owner_url, samples)
            form = form_for(sample, csrf, before[sample.project_id], groups[sample.project_id])
            response = client.post(url_for_sample(rule, sample), data=form)
            after = tokens(owner_url, samples)
            if rule.rule in PERSONAL:
                if role == "anonymous":
                    assert response.status_code in (302, 401, 403), (role, rule.rule)
                else:
                    assert (response.status_code == 404) != visible(role, sample), (role, rule.rule)
                assert after == before, f"{role} changed something through {rule.rule}"
            elif editable(role, sample):
                assert response.status_code not in (403, 404), (role, rule.rule, sample.name)
            else:
                assert response.status_code in (401, 403, 404), (role, rule.rule, sample.name)
                assert after == before, f"{role} changed something through {rule.rule}"


@pytest.mark.parametrize("role", ROLES)
def test_bulk_change_with_every_sample_writes_nothing_for_anyone(app, owner_url, samples, role):
    """Nobody may edit all 21 samples (level 1 of another group is nobody's), so all-or-nothing."""
    client = signed_in(app, owner_url, role)
    before = tokens(owner_url, samples)
    form = {
        "csrf_token": csrf_of(client),
        "confidentiality_level": "external_governmental",
        "project_id": [s.project_id for s in samples],
    }
    response = client.post("/projecten/vertrouwelijkheid", data=form)
    assert response.status_code in (403, 422), role
    assert tokens(owner_url, samples) == before
    for s in samples:
        if not visible(role, s):
            assert s.name not in response.get_data(as_text=True), (role, s.name)


@pytest.mark.parametrize("role", ROLES)
def test_editor_list_and_csv_show_exactly_what_the_role_may_see(app, owner_url, samples, role):
    client = signed_in(app, owner_url, role)
    page = client.get("/projecten?q=Matrixplan&pagina=1").get_data(as_text=True)
    csv = client.get("/projecten.csv?q=Matrixplan").get_data(as_text=True)
    expected = {s.name for s in samples if visible(role, s)}
    for s in samples:
        assert (s.name in page) == (s.name in expected), (role, s.name, "list")
        assert (s.name in csv) == (s.name in expected), (role, s.name, "csv")
    assert f'<span id="project-total">{len(expected)}</span>' in page  # counts leak nothing
