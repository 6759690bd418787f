"""The demo goals on the demo data: loaded in categories, and equal to a direct SQL count."""

import psycopg
import pytest

from manage import demo
from manage.demo_goals import load_demo_goals

DIRECT_SQL = """
    SELECT coalesce(sum(hv.amount), 0)::int
    FROM plan.houseblock_version_at(%(day)s) hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id
    JOIN plan.project p ON p.id = h.project_id AND p.removed_at IS NULL
    JOIN publication.access_cache a ON a.project_id = p.id
    JOIN plan.milestone_version ms ON ms.milestone_id = h.end_milestone_id
     AND ms.superseded_at IS NULL
    WHERE p.municipality_code = 'GM0200' AND a.confidentiality_level >= 2
      AND hv.mutation_kind = 'construction' AND ms.status <> 'aborted'
      AND coalesce(hv.delivery_latest, h.end_date) BETWEEN '2025-01-01' AND '2030-12-31'
      AND (NOT %(now)s OR (coalesce(hv.delivery_latest, h.end_date) < %(day)s
                           AND ms.status = 'realised'))
"""


@pytest.fixture(scope="module")
def demo_goals(owner_url: str) -> int:
    demo.load_demo(owner_url)
    return load_demo_goals(owner_url)


@pytest.mark.parametrize("day", ["2024-01-01", "2026-01-01", "2029-06-30"])
def test_demo_goal_equals_a_direct_count_for_the_council(owner_url, demo_goals, day) -> None:
    assert demo_goals == 12
    with psycopg.connect(owner_url) as conn:
        conn.execute("SELECT plan.set_viewer('council', 'GM0200')")
        goals = conn.execute("SELECT publication.goal_progress(%s)", (day,)).fetchone()[0]
        assert [g["category"]["name"] for g in goals][:2] == ["Woningbouwopgave"] * 2
        assert len(goals) == 6
        first = next(g for g in goals if g["name"] == "1.000 woningen 2025-2030")
        now, forecast = (
            conn.execute(DIRECT_SQL, {"day": day, "now": flag}).fetchone()[0]
            for flag in (True, False)
        )
        assert (first["value_now"], first["value_forecast"]) == (now, forecast)
        visible = sum(c["amount"] for c in first["contributions"])
        assert visible + (first["other_projects"]["amount"] or 0) == forecast
        statuses = {g["status"] for g in goals}
        assert statuses <= {"met", "on_track", "off_track", "no_data", "suppressed"}
