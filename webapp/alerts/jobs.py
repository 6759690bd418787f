"""The milestone-alert job: record due alerts with their notices and mail them, once per event."""

import logging
from collections import defaultdict
from datetime import date

import procrastinate
import psycopg
from flask import Flask
from flask_mail import Mail
from flask_mail import Message
from psycopg.rows import dict_row

from webapp import mail

LOGGER = logging.getLogger(__name__)
QUEUE = "alerts"
ALERTS_TASK = "diwi.milestone_alerts"
DIGEST_TASK = "diwi.alert_digest"
SUBJECT = "DIWI: mijlpaalmelding"
DIGEST_SUBJECT = "DIWI: dagelijkse samenvatting van mijlpaalmeldingen"

UNMAILED_SQL = """
    SELECT e.user_id, e.event_key, e.message_nl, u.email
    FROM plan.alert_event e JOIN auth.app_user u ON u.id = e.user_id
    WHERE e.mailed_at IS NULL AND e.delivery = %(delivery)s AND u.active
    ORDER BY u.email, e.created_at, e.event_key
"""
MAILED_SQL = """
    UPDATE plan.alert_event SET mailed_at = now()
    WHERE user_id = %s AND event_key = ANY(%s::text[]) AND mailed_at IS NULL
"""


def mail_app() -> Flask:
    """A bare Flask app with the mail settings of the environment (for the worker)."""
    app = Flask("diwi-alerts")
    mail.init_app(app)
    return app


def run_alerts(url: str, today: date, app: Flask | None = None, digest: bool = False) -> int:
    """Record the alerts due today and send the mails still owed: immediate ones always, the
    daily digests when digest is True. Returns the number of mails sent."""
    app = app or mail_app()
    with psycopg.connect(url) as conn:
        recorded = conn.execute("SELECT count(*) FROM plan.record_milestone_alerts(%s)", (today,))
        LOGGER.info("recorded %s new milestone alert(s)", recorded.fetchone()[0])
    sent = send_pending(url, app, "immediate")
    if digest:
        sent += send_pending(url, app, "daily_digest")
    return sent


def send_pending(url: str, app: Flask, delivery: str) -> int:
    """Mail the unmailed alerts of one delivery kind; each mailed event is marked at once, so a
    failed send is retried by the next run and a sent one never again."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.cursor(row_factory=dict_row).execute(UNMAILED_SQL, {"delivery": delivery})
        batches = group_mails(rows.fetchall(), delivery == "daily_digest")
        sent = 0
        with app.app_context():
            mailer: Mail = app.extensions["mail"]
            for email, user_id, keys, texts in batches:
                try:
                    mailer.send(compose(email, texts, delivery == "daily_digest"))
                except OSError as err:
                    LOGGER.warning("alert mail to %s not sent: %s", email, err)
                    continue
                conn.execute(MAILED_SQL, (user_id, keys))
                sent += 1
    return sent


def group_mails(rows: list[dict], digest: bool) -> list[tuple[str, str, list[str], list[str]]]:
    """(address, user id, event keys, texts) per mail: one per event, or one per user (digest)."""
    if not digest:
        return [(r["email"], r["user_id"], [r["event_key"]], [r["message_nl"]]) for r in rows]
    per_user: dict[tuple, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for r in rows:
        keys, texts = per_user[(r["email"], r["user_id"])]
        keys.append(r["event_key"])
        texts.append(r["message_nl"])
    return [(email, uid, keys, texts) for (email, uid), (keys, texts) in per_user.items()]


def compose(address: str, texts: list[str], digest: bool) -> Message:
    """The Dutch mail for one alert or a day's digest."""
    intro = "Uw mijlpaalmeldingen van vandaag:" if digest else "Een mijlpaal vraagt uw aandacht:"
    base = public_url().rstrip("/")
    lines = [intro, "", *(f"- {t}" for t in texts), "", OUTRO.format(base=base)]
    return Message(
        subject=DIGEST_SUBJECT if digest else SUBJECT, recipients=[address], body="\n".join(lines)
    )


OUTRO = (
    "U ziet deze meldingen ook in DIWI: {base}/registers/meldingen\n"
    "Hoe en waarover u meldingen krijgt, stelt u in op {base}/meldingen/voorkeuren"
)


def public_url() -> str:
    """Where users reach DIWI (DIWI_PUBLIC_URL), for the links in the mails."""
    from webapp.settings import WebSettings

    return WebSettings().public_url


def register(app: procrastinate.App, url: str) -> None:
    """Add the periodic alert tasks to the worker's queue app: hourly alerts, a daily digest."""

    def milestone_alerts(timestamp: int) -> None:
        run_alerts(url, date.today())

    def alert_digest(timestamp: int) -> None:
        run_alerts(url, date.today(), digest=True)

    hourly = app.task(name=ALERTS_TASK, queue=QUEUE)(milestone_alerts)
    app.periodic(cron="7 * * * *")(hourly)
    daily = app.task(name=DIGEST_TASK, queue=QUEUE)(alert_digest)
    app.periodic(cron="0 7 * * *")(daily)
