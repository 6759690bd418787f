"""The planning demo: streams filled once, a late step, slipped dependencies; the receiver."""

import json
import threading
from datetime import date
from datetime import timedelta

import psycopg
import pytest

from manage import webhook_receiver
from manage.demo_planning import UPCOMING
from manage.demo_planning import UPCOMING_SQL
from manage.demo_planning import fill_streams
from plugins.jobs.webhooks import post
from webapp.streams import analysis
from webapp.streams.queries import DEPENDENCIES_SQL
from webapp.streams.queries import STEPS_SQL


@pytest.mark.db
def test_the_demo_fills_both_streams_once_with_a_late_step_and_a_slip_alert(owner_url, projects):
    today = date.today()
    with psycopg.connect(owner_url) as conn:
        assert fill_streams(conn, projects["shared"], today - timedelta(days=300), progress=True)
        assert not fill_streams(conn, projects["shared"], today, progress=True)
        cur = conn.cursor(row_factory=psycopg.rows.dict_row)
        steps = cur.execute(STEPS_SQL, (projects["shared"],)).fetchall()
        deps = cur.execute(DEPENDENCIES_SQL, (projects["shared"],)).fetchall()
        slipped = conn.execute(
            "SELECT step_name FROM plan.slipped_dependencies() WHERE project_id = %s ORDER BY 1",
            (projects["shared"],),
        ).fetchall()
        alerts = conn.execute(
            "SELECT DISTINCT u.email FROM plan.due_dependency_alerts() a "
            "JOIN auth.app_user u ON u.id = a.user_id WHERE a.project_id = %s",
            (projects["shared"],),
        ).fetchall()
    assert {s["stream"] for s in steps} == {"public", "private"} and len(steps) == 7
    assert sum(s["actual_end"] is not None for s in steps) == 2
    reasons = analysis.bottlenecks(steps, deps, analysis.schedule_of(steps, deps), today)
    names = {s["id"]: s["name"] for s in steps}
    assert any(
        names[sid] == "Anterieure overeenkomst" and text.startswith("Te laat")
        for sid, text in reasons.items()
    )
    assert [r[0] for r in slipped] == [
        "Aanvraag omgevingsvergunning voorbereiden",
        "Omgevingsplan wijzigen",
    ]
    assert ("extern@demo.diwi.nl",) in alerts and ("hoofdgebruiker@demo.diwi.nl",) in alerts


@pytest.mark.db
def test_the_demo_milestone_a_week_ahead_alerts_the_project_leaders_once(owner_url, projects):
    today = date.today()
    params = {"project": projects["own"], "on": today + timedelta(days=7), "name": UPCOMING,
              "actor": "hoofdgebruiker@demo.diwi.nl"}  # fmt: skip
    with psycopg.connect(owner_url) as conn:
        conn.execute(UPCOMING_SQL, params)
        conn.execute(UPCOMING_SQL, params)  # make run runs the demo again: still one milestone
        count = conn.execute(
            "SELECT count(*) FROM plan.milestone m JOIN plan.milestone_version mv"
            " ON mv.milestone_id = m.id AND mv.superseded_at IS NULL"
            " WHERE m.project_id = %s AND mv.description = %s",
            (projects["own"], UPCOMING),
        ).fetchone()[0]
        alerts = conn.execute(
            "SELECT u.email, a.kind, a.message_nl FROM plan.record_milestone_alerts(%s) a"
            " JOIN auth.app_user u ON u.id = a.user_id WHERE a.project_id = %s",
            (today, projects["own"]),
        ).fetchall()
    assert count == 1
    mine = [a for a in alerts if a[0] == "gebruiker@demo.diwi.nl"]
    assert [a[1] for a in mine] == ["milestone_upcoming"]
    assert f'Mijlpaal "{UPCOMING}"' in mine[0][2] and "(over 7 dagen)" in mine[0][2]


def test_the_receiver_keeps_signed_events_and_refuses_wrong_signatures(tmp_path):
    out = tmp_path / "received.jsonl"
    server = webhook_receiver.make_server(0, "whsec_test", out)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/diwi"
    event = {"specversion": "1.0", "id": "e1", "type": "nl.diwi.project.changed"}
    body = json.dumps(event).encode()
    try:
        assert post(url, body, "whsec_test", "e1")["status_code"] == 204
        assert post(url, body, "whsec_wrong", "e1")["status_code"] == 401
    finally:
        server.shutdown()
        server.server_close()
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["event"] for line in lines] == [event]
