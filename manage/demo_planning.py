"""Planning demo: GM0200 projects with both process streams, their alerts, a webhook subscriber."""

import argparse
from datetime import date
from datetime import timedelta

import psycopg

from manage.settings import DatabaseSettings
from manage.webhook_receiver import DEMO_SECRET
from manage.webhook_receiver import receiver_port

MUNICIPALITY = "GM0200"
TEMPLATE = "Standaard woningbouwproces"
SUBSCRIBER = "Demo-ontvanger"
ACTOR_EMAIL = "hoofdgebruiker@demo.diwi.nl"

PROJECTS_SQL = """
    SELECT p.id::text FROM plan.project p
    WHERE p.municipality_code = %(m)s AND p.removed_at IS NULL
    ORDER BY EXISTS (SELECT 1 FROM plan.project_owner po
                     JOIN auth.user_group_member gm ON gm.user_group_id = po.user_group_id
                     JOIN auth.user_role ur ON ur.user_id = gm.user_id
                     JOIN auth.role r ON r.id = ur.role_id AND r.name = 'external'
                     WHERE po.project_id = p.id AND po.superseded_at IS NULL) DESC,
             plan.alert_project_name(p.id), p.id
    LIMIT 2
"""
PARTNER_SQL = """
    SELECT g.id::text, g.organisation FROM plan.project_owner po
    JOIN auth.user_group g ON g.id = po.user_group_id
    WHERE po.project_id = %s AND po.superseded_at IS NULL
    ORDER BY EXISTS (SELECT 1 FROM auth.user_group_member gm
                     JOIN auth.user_role ur ON ur.user_id = gm.user_id
                     JOIN auth.role r ON r.id = ur.role_id AND r.name = 'external'
                     WHERE gm.user_group_id = g.id), g.name
"""
APPLY_SQL = """
    SELECT plan.set_viewer('user_plus', p.municipality_code),
           plan.apply_process_template(p.id, t.id, %(start)s, %(actor)s)
    FROM plan.project p, plan.process_template t
    WHERE p.id = %(project)s AND t.name = %(template)s AND t.municipality_code IS NULL
"""
# name -> (actual start offset, actual end offset from planned dates, new planned end offset from
# today, responsible: "team" group | "partner" organisation | "actor" user)
PROGRESS = {
    "Principeverzoek en principebesluit": (0, 5, None, "team"),
    "Schetsontwerp en haalbaarheid": (5, 10, None, "partner"),
    "Anterieure overeenkomst": (10, None, -10, "actor"),
    "Omgevingsplan wijzigen": (None, None, None, "team"),
    "Aanvraag omgevingsvergunning voorbereiden": (None, None, None, "partner"),
}
UPCOMING = "Omgevingsvergunning aanvragen"
# A milestone a week ahead on the first project, so the demo's project leaders get an
# "upcoming milestone" alert (the lead time is 14 days by default); added once.
UPCOMING_SQL = """
    SELECT plan.add_milestone(p.id, %(on)s, 'planned', %(name)s,
                              (SELECT u.id FROM auth.app_user u WHERE u.email = %(actor)s))
    FROM plan.project p
    WHERE p.id = %(project)s AND NOT EXISTS (
        SELECT 1 FROM plan.milestone m
        JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
        WHERE m.project_id = p.id AND mv.description = %(name)s)
"""
UPDATE_SQL = """
    UPDATE plan.process_step SET
        actual_start = planned_start + %(start)s::int, actual_end = planned_end + %(end)s::int,
        planned_end = coalesce(%(moved)s::date, planned_end),
        responsible_user_id = %(user)s, responsible_group_id = %(group)s,
        responsible_organisation = %(organisation)s
    WHERE project_id = %(project)s AND name = %(name)s
"""
KEY_SQL = """
    INSERT INTO plan.key_project (project_id, is_key) VALUES (%s, true)
    ON CONFLICT (project_id) DO NOTHING
"""
SUBSCRIBER_SQL = """
    INSERT INTO plan.webhook_subscription (municipality_code, name, url, secret, event_types)
    VALUES (%s, %s, %s, %s, ARRAY['project', 'houseblock', 'milestone'])
    ON CONFLICT (municipality_code, name) DO UPDATE
        SET url = excluded.url, secret = excluded.secret, active = true
"""


def fill_streams(conn: psycopg.Connection, project: str, start: date, progress: bool) -> bool:
    """Apply the standard template to a project without steps (False: it has steps already);
    with progress, the first steps are done, "Anterieure overeenkomst" is late and its end moved,
    so the two steps waiting for it slip."""
    has_steps = "SELECT 1 FROM plan.process_step WHERE project_id = %s LIMIT 1"
    if conn.execute(has_steps, (project,)).fetchone() is not None:
        return False
    actor = conn.execute("SELECT id FROM auth.app_user WHERE email = %s", (ACTOR_EMAIL,)).fetchone()
    actor_id = actor[0] if actor else None
    params = {"start": start, "actor": actor_id, "project": project, "template": TEMPLATE}
    with conn.transaction():
        conn.execute(APPLY_SQL, params)
    if progress:
        record_progress(conn, project, actor_id)
    return True


def record_progress(conn: psycopg.Connection, project: str, actor_id) -> None:
    """Actual dates and responsible parties of the demo's running streams (see PROGRESS)."""
    groups = conn.execute(PARTNER_SQL, (project,)).fetchall()
    team, partner = groups[0], groups[-1]
    for name, (started, ended, moved, who) in PROGRESS.items():
        conn.execute(
            UPDATE_SQL,
            {
                "project": project,
                "name": name,
                "start": started,
                "end": ended,
                "moved": date.today() + timedelta(days=moved) if moved is not None else None,
                "user": actor_id if who == "actor" else None,
                "group": team[0] if who == "team" else None,
                "organisation": (partner[1] or "Ontwikkelaar") if who == "partner" else None,
            },
        )


def load_planning_demo(owner_url: str) -> str:
    """Idempotent: streams on two GM0200 projects, the alerts they cause, the demo subscriber."""
    today = date.today()
    with psycopg.connect(owner_url) as conn:
        projects = [row[0] for row in conn.execute(PROJECTS_SQL, {"m": MUNICIPALITY})]
        if not projects:
            return "Planning demo skipped: no GM0200 projects (run `make demo`)"
        filled = sum(
            fill_streams(conn, project, today - timedelta(days=300 - 240 * n), progress=n == 0)
            for n, project in enumerate(projects)
        )
        for project in projects:  # the regional acceleration table shows them (a mark overrides)
            conn.execute(KEY_SQL, (project,))
        conn.execute(
            UPCOMING_SQL,
            {"project": projects[0], "on": today + timedelta(days=7), "name": UPCOMING,
             "actor": ACTOR_EMAIL},
        )  # fmt: skip
        alerts = conn.execute("SELECT count(*) FROM plan.record_milestone_alerts(%s)", (today,))
        recorded = alerts.fetchone()[0]
        url = f"http://127.0.0.1:{receiver_port()}/diwi"
        conn.execute(SUBSCRIBER_SQL, (MUNICIPALITY, SUBSCRIBER, url, DEMO_SECRET))
    return (
        f"Planning demo: process streams on {filled} new project(s), {recorded} new alert(s), "
        f"webhook subscriber {SUBSCRIBER!r} -> {url}"
    )


def run_command(args: argparse.Namespace) -> int:
    """python -m manage demo-planning | webhook-receiver [--port]."""
    if args.command == "webhook-receiver":
        from manage.webhook_receiver import serve

        serve(args.port)
    else:
        print(load_planning_demo(DatabaseSettings().url("owner")))
    return 0
