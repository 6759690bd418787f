"""The demo loader: deterministic, idempotent and complete enough to exercise every code list."""

import psycopg
import pytest

from manage import demo

pytestmark = pytest.mark.db

FINGERPRINT_SQL = """
    SELECT p.municipal_id, v.name, v.phase, coalesce(v.planning_status, '-'),
           v.confidentiality_level,
           f.date, t.date, v.plan_types, v.district_codes, v.custom_values <> '{}'
    FROM plan.project p
    JOIN plan.project_version v ON v.project_id = p.id AND v.superseded_at IS NULL
    JOIN plan.milestone_version f
        ON f.milestone_id = v.valid_from_milestone_id AND f.superseded_at IS NULL
    JOIN plan.milestone_version t
        ON t.milestone_id = v.valid_to_milestone_id AND t.superseded_at IS NULL
    WHERE p.municipality_code = ANY (%(c)s)
    UNION ALL
    SELECT p.municipal_id, hv.name, hv.mutation_kind, hv.amount::text, coalesce(own.total, 0),
           f.date, t.date, ARRAY[coalesce(brk.total, 0)::text], ARRAY[hv.size_m2::text],
           hv.programming
    FROM plan.houseblock_version hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id
    JOIN plan.project p ON p.id = h.project_id
    JOIN plan.milestone_version f
        ON f.milestone_id = hv.valid_from_milestone_id AND f.superseded_at IS NULL
    JOIN plan.milestone_version t
        ON t.milestone_id = hv.valid_to_milestone_id AND t.superseded_at IS NULL
    LEFT JOIN LATERAL (SELECT sum(amount)::smallint AS total FROM plan.houseblock_ownership_line l
                       WHERE l.houseblock_version_id = hv.id) own ON true
    LEFT JOIN LATERAL (SELECT sum(amount) AS total FROM plan.houseblock_breakdown b
                       WHERE b.houseblock_version_id = hv.id) brk ON true
    WHERE hv.superseded_at IS NULL AND p.municipality_code = ANY (%(c)s)
    ORDER BY 1, 2, 6, 3
"""


@pytest.fixture(scope="module")
def loaded(owner_url: str) -> dict:
    """Load the demo twice; keep the counts and fingerprint of both runs."""
    runs = []
    for _ in range(2):
        demo.load_demo(owner_url)
        with psycopg.connect(owner_url) as conn:
            rows = conn.execute(FINGERPRINT_SQL, {"c": demo.DEMO_CODES}).fetchall()
            runs.append((demo.summary(conn), rows))
    return {"first": runs[0], "second": runs[1]}


@pytest.fixture
def current(owner_url: str, loaded: dict):
    with psycopg.connect(owner_url) as conn:
        yield conn


def test_specs_are_deterministic_per_seed() -> None:
    first, second = demo.project_specs(7), demo.project_specs(7)
    assert [(s.data, s.edits, s.moves) for s in first] == [
        (s.data, s.edits, s.moves) for s in second
    ]
    assert [s.data["name"] for s in demo.project_specs(8)] != [s.data["name"] for s in first]


def test_loading_twice_gives_the_same_data(loaded: dict) -> None:
    (counts1, rows1), (counts2, rows2) = loaded["first"], loaded["second"]
    assert counts1 == counts2
    assert rows1 == rows2
    assert counts1["municipalities"] == 2
    assert counts1["projects"] == demo.PROJECT_COUNT


def test_every_phase_status_and_level_is_present(current: psycopg.Connection) -> None:
    found = current.execute(
        "SELECT array_agg(DISTINCT phase), array_agg(DISTINCT coalesce(planning_status, '-')),"
        " array_agg(DISTINCT confidentiality_level) FROM plan.project_version v"
        " JOIN plan.project p ON p.id = v.project_id"
        " WHERE v.superseded_at IS NULL AND p.municipality_code = ANY (%s)",
        [demo.DEMO_CODES],
    ).fetchone()
    phases = {r[0] for r in current.execute("SELECT code FROM ref.project_phase")}
    statuses = {r[0] for r in current.execute("SELECT code FROM ref.planning_status")}
    assert set(found[0]) == phases
    assert set(found[1]) == statuses | {"-"}
    assert set(found[2]) == set(range(1, 8))


def test_breakdowns_and_ownership_never_exceed_the_amount(current: psycopg.Connection) -> None:
    bad = current.execute(
        """
        SELECT hv.name, pr.key, sum(b.amount), hv.amount
        FROM plan.houseblock_breakdown b
        JOIN plan.houseblock_version hv ON hv.id = b.houseblock_version_id
        JOIN plan.property_option o ON o.id = b.option_id
        JOIN plan.property pr ON pr.id = o.property_id
        GROUP BY hv.id, pr.key HAVING sum(b.amount) > hv.amount
        UNION ALL
        SELECT hv.name, 'ownership', sum(l.amount), hv.amount
        FROM plan.houseblock_ownership_line l
        JOIN plan.houseblock_version hv ON hv.id = l.houseblock_version_id
        GROUP BY hv.id HAVING sum(l.amount) > hv.amount
        """
    ).fetchall()
    assert bad == []
    keys = current.execute(
        "SELECT array_agg(DISTINCT pr.key) FROM plan.houseblock_breakdown b"
        " JOIN plan.property_option o ON o.id = b.option_id"
        " JOIN plan.property pr ON pr.id = o.property_id"
    ).fetchone()[0]
    assert set(keys) == {"house_type", "physical_appearance", "target_group", "ground_position"}


def test_plan_areas_are_valid_and_inside_their_municipality(current: psycopg.Connection) -> None:
    rows = current.execute(
        "SELECT p.municipal_id, ST_IsValid(v.plan_area), ST_Within(v.plan_area, m.boundary),"
        " ST_Area(v.plan_area) / 1e4 FROM plan.project_version v"
        " JOIN plan.project p ON p.id = v.project_id"
        " JOIN ref.municipality m ON m.code = p.municipality_code"
        " WHERE v.plan_area IS NOT NULL AND p.municipality_code = ANY (%s)",
        [demo.DEMO_CODES],
    ).fetchall()
    assert len(rows) > 40
    assert [r for r in rows if not (r[1] and r[2] and 0.45 <= r[3] <= 20.5)] == []


def test_some_projects_have_history(current: psycopg.Connection) -> None:
    histories = current.execute(
        "SELECT p.municipal_id, array_agg(v.planning_status ORDER BY f.date)"
        " FROM plan.project p JOIN plan.project_version v ON v.project_id = p.id"
        " JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id"
        " AND f.superseded_at IS NULL"
        " WHERE v.superseded_at IS NULL AND p.municipality_code = ANY (%s)"
        " GROUP BY p.id HAVING count(*) > 1",
        [demo.DEMO_CODES],
    ).fetchall()
    assert len(histories) >= 3
    assert all(statuses[:2] == ["4A", "3"] for _, statuses in histories)
    amount_changes = current.execute(
        "SELECT count(DISTINCT hv.houseblock_id) FROM plan.houseblock_version hv"
        " WHERE hv.superseded_at IS NULL GROUP BY hv.houseblock_id"
        " HAVING count(DISTINCT hv.amount) > 1"
    ).fetchall()
    assert len(amount_changes) >= 3


def test_custom_values_and_price_categories_are_used(current: psycopg.Connection) -> None:
    row = current.execute(
        "SELECT (SELECT count(*) FROM plan.project_version v"
        "        JOIN plan.project p ON p.id = v.project_id"
        "        WHERE v.custom_values <> '{}' AND p.municipality_code = ANY (%(c)s)),"
        "       (SELECT count(*) FROM plan.houseblock_ownership_line"
        "        WHERE price_category_id IS NOT NULL),"
        "       (SELECT count(*) FROM plan.houseblock_version WHERE mutation_kind = 'demolition')",
        {"c": demo.DEMO_CODES},
    ).fetchone()
    assert all(n > 0 for n in row), row


def test_split_adds_up() -> None:
    import random

    rng = random.Random(1)
    for total in (0, 1, 5, 17, 300):
        parts = demo.split(rng, total, {"a": 1, "b": 2, "c": 0.5})
        assert sum(parts.values()) == total


def test_demo_history_is_recorded_so_the_first_state_stays_readable(
    current: psycopg.Connection,
) -> None:
    superseded = current.execute(
        "SELECT v.project_id, v.recorded_at, v.phase FROM plan.project_version v"
        " JOIN plan.project p ON p.id = v.project_id"
        " WHERE p.municipality_code = ANY(%s) AND v.superseded_at IS NOT NULL LIMIT 1",
        [["GM0200", "GM0202"]],
    ).fetchone()
    assert superseded is not None, "the demo's edits should supersede recorded versions"
    project, recorded_at, _phase = superseded
    before = current.execute(
        "SELECT count(*) FROM plan.project_version v WHERE v.project_id = %s"
        " AND plan.recorded_at(v.recorded_at, v.superseded_at, %s)",
        [project, recorded_at],
    ).fetchone()[0]
    now = current.execute(
        "SELECT count(*) FROM plan.project_version v WHERE v.project_id = %s"
        " AND v.superseded_at IS NULL",
        [project],
    ).fetchone()[0]
    assert before >= 1 and now > before
