"""publication.dashboard on the demo: every aggregate equals a direct SQL count of its projects."""

from collections import Counter
from collections import defaultdict
from datetime import date

import psycopg
import pytest

from tests.dashboards.conftest import MUNICIPALITY
from tests.dashboards.conftest import call_dashboard

DATES = (date(2024, 6, 30), date.today(), date(2030, 1, 1))
PROJECTS_SQL = """
    SELECT id::text, municipality_code, region_code, province_code, confidentiality_rank,
           owner_group_ids::text[], phase, planning_status, planning_status_hard,
           counts_as_plan_capacity, construction_amount, demolition_amount,
           gross_plan_capacity, net_plan_capacity, district_codes, plan_types, custom_values,
           geometry IS NOT NULL
    FROM publication.projects_base(%s)
"""
FIELDS = [
    *("id", "municipality", "region", "province", "level", "owners", "phase", "status", "hard"),
    *("capacity", "construction", "demolition", "gross", "net", "districts", "plan_types"),
    *("custom", "has_area"),
]
MIN_LEVEL = {"user_plus": 2, "user": 2, "management": 3, "council": 4}
MIN_LEVEL |= {"region_reader": 5, "province_reader": 6}


def projects_at(conn: psycopg.Connection, day: date) -> list[dict]:
    """Every project as planned at day, read as the owner (no access rule)."""
    return [dict(zip(FIELDS, row, strict=True)) for row in conn.execute(PROJECTS_SQL, (day,))]


def in_area(project: dict, viewer: dict) -> bool:
    key = {"region_reader": "region", "province_reader": "province"}.get(viewer["role"])
    if key:
        return project[key] == viewer[f"{key}_code"]
    return project["municipality"] == viewer["municipality_code"]


def visible(project: dict, viewer: dict | None) -> bool:
    """The access rule, written again from the contract."""
    if project["level"] == 7:
        return True
    if viewer is None:
        return False
    role = viewer["role"]
    if role in ("user_plus", "user", "external") and set(project["owners"]) & set(
        viewer["group_ids"]
    ):
        return True
    return role in MIN_LEVEL and project["level"] >= MIN_LEVEL[role] and in_area(project, viewer)


def counted(project: dict, viewer: dict | None, public_municipality: str | None = None) -> bool:
    """The counting rule: visible, or not private and in the viewer's area (external partners
    count only what they see)."""
    if visible(project, viewer):
        return True
    if project["level"] < 2 or (viewer is not None and viewer["role"] == "external"):
        return False
    if viewer is None:
        return project["municipality"] == public_municipality
    return in_area(project, viewer)


def rows_by_key(result: dict) -> dict[str, dict]:
    return {row["key"]: row for row in result["rows"]}


@pytest.fixture
def no_merging(conn: psycopg.Connection, dashboard_demo: list[str]) -> psycopg.Connection:
    """The owner's connection with k = 1 in the demo municipalities (no merging), rolled back."""
    conn.execute(
        "INSERT INTO auth.municipality_setting (municipality_code, dashboard_min_bucket)"
        " SELECT unnest(%s::text[]), 1 ON CONFLICT (municipality_code)"
        " DO UPDATE SET dashboard_min_bucket = 1",
        (dashboard_demo,),
    )
    return conn


def direct_breakdown(conn: psycopg.Connection, day: date, ids: list[str], key: str) -> dict:
    """Construction dwellings per option of a breakdown property, by a plain GROUP BY."""
    sql = """
        SELECT o.code, sum(b.amount) FROM plan.houseblock_version_at(%s) hv
        JOIN plan.houseblock h ON h.id = hv.houseblock_id
        JOIN plan.houseblock_breakdown b ON b.houseblock_version_id = hv.id
        JOIN plan.property_option o ON o.id = b.option_id
        JOIN plan.property p ON p.id = o.property_id AND p.key = %s
        WHERE h.project_id = ANY (%s::uuid[]) AND hv.mutation_kind = 'construction'
        GROUP BY o.code
    """
    return dict(conn.execute(sql, (day, key, ids)).fetchall())


def direct_ownership(conn: psycopg.Connection, day: date, ids: list[str]) -> dict:
    sql = """
        SELECT l.ownership_type, sum(l.amount) FROM plan.houseblock_version_at(%s) hv
        JOIN plan.houseblock h ON h.id = hv.houseblock_id
        JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hv.id
        WHERE h.project_id = ANY (%s::uuid[]) AND hv.mutation_kind = 'construction'
        GROUP BY 1
    """
    return dict(conn.execute(sql, (day, ids)).fetchall())


def direct_deliveries(conn: psycopg.Connection, day: date, ids: list[str]) -> dict:
    sql = """
        SELECT extract(year FROM coalesce(hv.delivery_latest, h.end_date))::int::text,
               sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction')
        FROM plan.houseblock_version_at(%s) hv JOIN plan.houseblock h ON h.id = hv.houseblock_id
        WHERE h.project_id = ANY (%s::uuid[]) AND hv.amount > 0
        GROUP BY 1
    """
    return {k: v or 0 for k, v in conn.execute(sql, (day, ids)).fetchall()}


def check_project_components(conn: psycopg.Connection, viewer: dict, day: date, mine: list) -> None:
    ids = [p["id"] for p in mine]
    phase = rows_by_key(call_dashboard(conn, viewer, "phase", day))
    assert {k: r["projects"] for k, r in phase.items() if r["projects"]} == Counter(
        p["phase"] for p in mine
    )
    for key, row in phase.items():
        assert row["dwellings"] == sum(p["construction"] for p in mine if p["phase"] == key)
    status = rows_by_key(call_dashboard(conn, viewer, "planning_status", day))
    assert {k: r["projects"] for k, r in status.items() if r["projects"]} == Counter(
        p["status"] or "none" for p in mine
    )
    capacity = call_dashboard(conn, viewer, "capacity", day)
    totals = capacity["totals"]
    assert totals["projects"] == len(ids)
    assert totals["construction"] == sum(p["gross"] for p in mine)
    assert totals["net"] == sum(p["net"] for p in mine)
    assert totals["demolition"] == sum(p["demolition"] for p in mine if p["capacity"])
    assert rows_by_key(capacity)["construction"]["dwellings"] == totals["construction"]


def check_houseblock_components(
    conn: psycopg.Connection, viewer: dict, day: date, ids: list
) -> None:
    for key in ("target_group", "physical_appearance", "house_type"):
        rows = rows_by_key(call_dashboard(conn, viewer, key, day))
        expected = direct_breakdown(conn, day, ids, key)
        shown = {k: r["dwellings"] for k, r in rows.items() if k != "unknown" and r["dwellings"]}
        assert shown == {k: v for k, v in expected.items() if v}, key
    total = call_dashboard(conn, viewer, "phase", day)["totals"]["dwellings"]
    ownership = rows_by_key(call_dashboard(conn, viewer, "ownership", day))
    assert sum(r["dwellings"] for r in ownership.values()) == total
    expected = direct_ownership(conn, day, ids)
    assert {k: r["dwellings"] for k, r in ownership.items() if k != "unknown"} == {
        k: expected.get(k, 0) for k in ("owner_occupied", "private_rental", "social_rental")
    }
    price = call_dashboard(conn, viewer, "price_purchase", day)
    assert sum(r["dwellings"] for r in price["rows"]) == expected.get("owner_occupied", 0)
    rent = call_dashboard(conn, viewer, "price_rent", day)
    rentals = expected.get("private_rental", 0) + expected.get("social_rental", 0)
    assert sum(r["dwellings"] for r in rent["rows"]) == rentals
    deliveries = rows_by_key(call_dashboard(conn, viewer, "deliveries", day))
    assert {k: r["dwellings"] for k, r in deliveries.items()} == direct_deliveries(conn, day, ids)
    assert sum(r["dwellings"] for r in deliveries.values()) == total


@pytest.mark.parametrize("day", DATES, ids=str)
def test_every_component_equals_a_direct_count(
    no_merging: psycopg.Connection, viewers: dict, day: date
) -> None:
    """user_plus of GM0200, nothing merged: phase, status, capacity, breakdowns, ownership,
    prices and deliveries equal plain GROUP BYs over the projects the rule lets it count."""
    viewer = viewers["user_plus"]
    mine = [p for p in projects_at(no_merging, day) if counted(p, viewer)]
    assert len(mine) > 20
    check_project_components(no_merging, viewer, day, mine)
    check_houseblock_components(no_merging, viewer, day, [p["id"] for p in mine])


def price_bucket(line: tuple, categories: list[tuple]) -> str:
    """The price rule written again: own category; value or range middle in the category valid
    at delivery; else "Zonder categorie"."""
    municipality, delivery, category, cents, low, high = line
    if category:
        return next(c[1] for c in categories if c[0] == category)
    value = cents if cents is not None else (low if high is None else (low + high - 1) // 2)
    for _, name, kind_municipality, lower, upper, valid_from, valid_to in categories:
        if kind_municipality not in (municipality, None) or not valid_from <= delivery:
            continue
        if (valid_to is None or delivery < valid_to) and lower <= value <= (upper or value):
            return name
    return "Zonder categorie"


@pytest.mark.parametrize("kind", ["purchase", "rent"])
def test_price_values_and_ranges_are_bucketed(
    no_merging: psycopg.Connection, viewers: dict, kind: str
) -> None:
    """Values and ranges count in the municipality's category valid at the delivery date."""
    day = date.today()
    viewer = viewers["user_plus"]
    ids = [p["id"] for p in projects_at(no_merging, day) if counted(p, viewer)]
    categories = no_merging.execute(
        "SELECT id, name, municipality_code, min_cents, max_cents, valid_from, valid_to"
        " FROM plan.price_category WHERE price_kind = %s",
        (kind,),
    ).fetchall()
    lines = no_merging.execute(
        "SELECT p.municipality_code, coalesce(hv.delivery_latest, h.end_date), l.price_category_id,"
        " l.price_cents, lower(l.price_range_cents), upper(l.price_range_cents), l.amount,"
        " l.price_cents IS NULL AND l.price_range_cents IS NULL AND l.price_category_id IS NULL"
        " FROM plan.houseblock_version_at(%s) hv JOIN plan.houseblock h ON h.id = hv.houseblock_id"
        " JOIN plan.project p ON p.id = h.project_id"
        " JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hv.id"
        " JOIN ref.ownership_type t ON t.code = l.ownership_type AND t.price_kind = %s"
        " WHERE h.project_id = ANY (%s::uuid[]) AND hv.mutation_kind = 'construction'",
        (day, kind, ids),
    ).fetchall()
    assert any(line[3] is not None for line in lines) and any(line[4] is not None for line in lines)
    expected: dict[str, int] = defaultdict(int)
    for line in lines:
        name = "Prijs onbekend" if line[7] else price_bucket(line[:6], categories)
        expected[name] += line[6]
    result = call_dashboard(no_merging, viewer, f"price_{kind}", day)
    assert {r["key"]: r["dwellings"] for r in result["rows"] if r["dwellings"]} == {
        k: v for k, v in expected.items() if v
    }


def test_hard_soft_keeps_5a_and_5b_apart(no_merging: psycopg.Connection, viewers: dict) -> None:
    day = date.today()
    viewer = viewers["user_plus"]
    mine = [p for p in projects_at(no_merging, day) if counted(p, viewer)]
    options = {"group": "hard_soft"}
    result = call_dashboard(no_merging, viewer, "planning_status", day, options=options)
    rows = rows_by_key(result)
    assert list(rows) == ["hard", "soft", "5A", "5B", "none"]
    assert rows["hard"]["projects"] == sum(1 for p in mine if p["hard"])
    for code in ("5A", "5B"):
        assert rows[code]["projects"] == sum(1 for p in mine if p["status"] == code)
    soft = [p for p in mine if p["status"] and not p["hard"] and p["status"] not in ("5A", "5B")]
    assert rows["soft"]["projects"] == len(soft)
    not_capacity = sum(p["construction"] for p in mine if p["status"] in ("5A", "5B"))
    assert result["totals"]["not_plan_capacity"] == not_capacity > 0


def test_delayed_projects_have_dutch_reasons(no_merging: psycopg.Connection, viewers: dict) -> None:
    """Milestones past their date and not realised, and phases lasting too long, with reasons."""
    day = date.today()
    viewer = viewers["user_plus"]
    mine = {p["id"] for p in projects_at(no_merging, day) if counted(p, viewer)}
    overdue = {
        row[0]
        for row in no_merging.execute(
            "SELECT DISTINCT m.project_id::text FROM plan.milestone m"
            " JOIN plan.milestone_version v ON v.milestone_id = m.id AND v.superseded_at IS NULL"
            " WHERE v.date < %s AND v.status IN ('planned', 'forecast')",
            (day,),
        )
    } & mine
    result = call_dashboard(no_merging, viewer, "delayed", day)
    rows = rows_by_key(result)
    assert rows["milestone_overdue"]["projects"] == len(overdue) > 0
    reasons = [d["reason"] for d in result["details"]]
    assert any(r.startswith("Mijlpaal '") and "is niet gerealiseerd" in r for r in reasons)
    phase_reasons = [r for r in reasons if r.startswith("Fase '")]
    assert rows["phase_too_long"]["series"]["reasons"] == len(phase_reasons)
    assert all("maanden (gebruikelijk " in r for r in phase_reasons)


def test_no_limit_over_all_projects(no_merging: psycopg.Connection, viewers: dict) -> None:
    """A province reader counts every non-private project of its province (no cap, no sample)."""
    day = date.today()
    viewer = viewers["province_reader"]
    mine = [p for p in projects_at(no_merging, day) if counted(p, viewer)]
    result = call_dashboard(no_merging, viewer, "map", day)
    assert result["totals"]["projects"] == len(mine)
    assert {d["project_id"] for d in result["details"]} == {
        p["id"] for p in mine if visible(p, viewer)
    }
    assert MUNICIPALITY in {p["municipality"] for p in mine}
    light = call_dashboard(no_merging, viewer, "map", day, options={"geometry": "centroid"})
    assert light["totals"] == result["totals"]
    assert all(d["geometry"] is None for d in light["details"])
    with_area = [d for d in result["details"] if d["geometry"]]
    assert with_area and all(d["centroid"]["type"] == "Point" for d in with_area)
