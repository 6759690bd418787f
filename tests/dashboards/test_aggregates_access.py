"""The counting rule per role: totals count what a role may count, details show what it may see."""

from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.dashboards.conftest import MUNICIPALITY
from tests.dashboards.conftest import ROLES
from tests.dashboards.conftest import call_dashboard
from tests.dashboards.test_aggregates import counted
from tests.dashboards.test_aggregates import projects_at
from tests.dashboards.test_aggregates import visible
from tests.sql import builders

DETAIL_COMPONENTS = ("map", "delayed", "bag_check")


def allowed_components(conn: psycopg.Connection, role: str) -> list[str]:
    return [
        key
        for key, roles in conn.execute("SELECT key, roles FROM publication.dashboard_components()")
        if role in roles
    ]


def check_buckets(result: dict, hidden_by_key: dict[str, set], k: int) -> None:
    """No shown bucket singles out a project the viewer may not see."""
    for row in result["rows"]:
        if row["key"] == "_other":
            assert row["suppressed"] or row["projects"] >= k
        elif hidden_by_key.get(row["key"]):
            assert row["projects"] >= k, row


@pytest.mark.parametrize("role", ROLES)
def test_role_counts_what_it_may_count_and_shows_what_it_may_see(
    reader: psycopg.Connection, owner_url: str, viewers: dict, role: str
) -> None:
    """As the API reader (row-level security on), for every component the role may use."""
    day = date.today()
    viewer = viewers[role]
    filters = {"municipality_code": MUNICIPALITY} if viewer is None else {}
    with psycopg.connect(owner_url) as owner:
        everything = projects_at(owner, day)
    mine = [p for p in everything if counted(p, viewer, MUNICIPALITY)]
    if filters:
        mine = [p for p in mine if p["municipality"] == MUNICIPALITY]
    seen = {p["id"] for p in mine if visible(p, viewer)}
    hidden_by_phase: dict[str, set] = {}
    for p in mine:
        if p["id"] not in seen:
            hidden_by_phase.setdefault(p["phase"], set()).add(p["id"])
    components = allowed_components(reader, role)
    assert {"capacity", "phase", "planning_status", "deliveries", "map"} <= set(components)
    for component in components:
        result = call_dashboard(reader, viewer, component, day, filters)
        k = result["min_bucket"]
        totals = result["totals"]
        if totals["suppressed"]:
            assert len(mine) < k and len(seen) < len(mine)
        else:
            assert totals["projects"] == len(mine), component
            assert totals["visible_projects"] == len(seen), component
        assert {d["project_id"] for d in result["details"]} <= seen, component
        if component in ("phase", "map"):
            check_buckets(result, hidden_by_phase, k)
    shown = call_dashboard(reader, viewer, "map", day, filters)["details"]
    assert {d["project_id"] for d in shown} == seen


@pytest.mark.parametrize("role", ["anonymous", "external", "region_reader"])
def test_components_outside_the_role_are_refused(
    reader: psycopg.Connection, viewers: dict, role: str
) -> None:
    refused = {"anonymous": "ownership", "external": "bag_check", "region_reader": "delayed"}[role]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        filters = {"municipality_code": MUNICIPALITY}
        call_dashboard(reader, viewers[role], refused, date.today(), filters)


def test_council_totals_include_confidential_projects(
    reader: psycopg.Connection, viewers: dict
) -> None:
    """Council counts internal-civil projects (level 2) but never lists them."""
    result = call_dashboard(reader, viewers["council"], "map", date.today())
    totals = result["totals"]
    assert totals["projects"] > totals["visible_projects"] == len(result["details"])


FILTERS = {
    # the first project that has one (other tests may add projects without districts)
    "district_codes": lambda ps: next(p["districts"][:1] for p in ps if p["districts"]),
    "phases": lambda ps: ["design", "preparation"],
    "planning_status": lambda ps: "hard",
    "plan_types": lambda ps: ["densification"],
    "owner_group_ids": lambda ps: next(p["owners"][:1] for p in ps if p["owners"]),
}


def matches(project: dict, name: str, value: object) -> bool:
    if name == "planning_status":
        return bool(project["hard"]) == (value == "hard")
    if name == "phases":
        return project["phase"] in value
    column = {"district_codes": "districts", "plan_types": "plan_types"}.get(name, "owners")
    return bool(set(project[column]) & set(value))


@pytest.mark.parametrize("name", [*FILTERS, "soft", "custom"])
def test_filters_apply_to_every_component(
    conn: psycopg.Connection, dashboard_demo: list[str], viewers: dict, name: str
) -> None:
    day = date(2026, 6, 30)
    viewer = viewers["user_plus"]
    mine = [p for p in projects_at(conn, day) if counted(p, viewer)]
    if name == "custom":
        texts = ((k, v) for p in mine for k, v in p["custom"].items() if isinstance(v, str))
        prop, value = next(texts)
        filters, name = {"custom": {prop: [value]}}, "custom"
        expected = [p for p in mine if p["custom"].get(prop) == value]
    elif name == "soft":
        filters = {"planning_status": "soft"}
        expected = [p for p in mine if not p["hard"]]
    else:
        filters = {name: FILTERS[name](mine)}
        expected = [p for p in mine if matches(p, name, filters[name])]
    assert 0 < len(expected) < len(mine)
    conn.execute(
        "INSERT INTO auth.municipality_setting (municipality_code, dashboard_min_bucket)"
        " SELECT unnest(%s::text[]), 1 ON CONFLICT (municipality_code)"
        " DO UPDATE SET dashboard_min_bucket = 1",
        (dashboard_demo,),
    )
    for component in allowed_components(conn, "user_plus"):
        result = call_dashboard(conn, viewer, component, day, filters)
        assert result["totals"]["projects"] == len(expected), component
        assert {d["project_id"] for d in result["details"]} <= {p["id"] for p in expected}
    phase = call_dashboard(conn, viewer, "phase", day, filters)
    assert sum(r["projects"] for r in phase["rows"]) == len(expected)


def small_municipality(conn: psycopg.Connection, levels: list[tuple[int, str]]) -> str:
    """A municipality with one project per (confidentiality level, phase), 10 dwellings each."""
    code = builders.municipality(conn, "GM9961")
    group = builders.user_group(conn, code)
    for n, (level, phase) in enumerate(levels):
        project = builders.project(
            conn, code, group, name=f"Klein {n}", confidentiality_level=level, phase=phase
        )
        builders.houseblock(conn, project)
    return code


def test_a_small_bucket_with_a_confidential_project_is_merged(conn: psycopg.Connection) -> None:
    """The public sees 4 public design projects; the internal concept project joins them."""
    code = small_municipality(conn, [(7, "design")] * 4 + [(4, "concept")])
    result = call_dashboard(conn, None, "phase", date(2026, 6, 30), {"municipality_code": code})
    rows = {r["key"]: r for r in result["rows"] if r["projects"] or r["suppressed"]}
    assert list(rows) == ["_other"]
    assert rows["_other"]["projects"] == 5 and rows["_other"]["dwellings"] == 50
    assert result["suppressed"] == {"buckets": 2, "projects": 5}
    assert result["totals"]["projects"] == 5 and result["details"] == []


def test_a_bucket_that_stays_small_is_suppressed(conn: psycopg.Connection) -> None:
    """One public and one internal project: the merged bucket and the totals are suppressed."""
    code = small_municipality(conn, [(7, "design"), (4, "concept")])
    result = call_dashboard(conn, None, "phase", date(2026, 6, 30), {"municipality_code": code})
    other = result["rows"][-1]
    assert other == {
        "key": "_other",
        "label": "Overig (samengevoegd)",
        "projects": None,
        "dwellings": None,
        "series": None,
        "suppressed": True,
    }
    assert result["totals"]["suppressed"] and result["totals"]["dwellings"] is None
    shown = call_dashboard(conn, None, "map", date(2026, 6, 30), {"municipality_code": code})
    assert [d["name"] for d in shown["details"]] == ["Klein 0"]
    conn.execute(
        "INSERT INTO auth.municipality_setting (municipality_code, dashboard_min_bucket)"
        " VALUES (%s, 2)",
        (code,),
    )
    result = call_dashboard(conn, None, "phase", date(2026, 6, 30), {"municipality_code": code})
    assert result["min_bucket"] == 2 and result["totals"]["projects"] == 2


def test_min_bucket_is_checked(conn: psycopg.Connection) -> None:
    code = builders.municipality(conn, "GM9962")
    with builders.raises_rule(conn, "dashboard_min_bucket_invalid"):
        conn.execute(
            "INSERT INTO auth.municipality_setting (municipality_code, dashboard_min_bucket)"
            " VALUES (%s, 0)",
            (code,),
        )


def test_capacity_cells_blank_cells_that_single_out(conn: psycopg.Connection) -> None:
    """Density raster cells: a cell with one internal project has no numbers for the public."""
    code = builders.municipality(conn, "GM9963")
    group = builders.user_group(conn, code)
    for n, level in enumerate([7, 4]):
        area = builders.square(136000 + n * 5000, 455000, 50)
        project = builders.project(
            conn, code, group, name=f"Cel {n}", confidentiality_level=level, plan_area=area
        )
        builders.houseblock(conn, project)
    conn.execute("SELECT plan.set_viewer(NULL)")
    cells = conn.execute(
        "SELECT projects, net_dwellings, suppressed FROM publication.dashboard_capacity_cells("
        "%s, %s, 100) ORDER BY suppressed",
        (date(2026, 6, 30), Jsonb({"municipality_code": code})),
    ).fetchall()
    assert cells == [(1, 10, False), (None, None, True)]


def test_only_the_entry_points_are_open_to_the_reader(reader: psycopg.Connection) -> None:
    """The helpers that read every counted project (with its name) are the owner's alone."""
    open_ = reader.execute(
        "SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p"
        " WHERE p.pronamespace = 'publication'::regnamespace AND p.proname LIKE 'dashboard%%'"
        " AND has_function_privilege(p.oid, 'EXECUTE')"
    ).fetchone()[0]
    assert open_ == [
        "dashboard",
        "dashboard_capacity_cells",
        "dashboard_capacity_points",
        "dashboard_components",
    ]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute("SELECT * FROM publication.dashboard_projects(current_date, '{}')")
