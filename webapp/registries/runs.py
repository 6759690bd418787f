"""The registry run log at /registers: recent ingest runs for signed-in editor users."""

from flask import abort
from flask import current_app
from flask import render_template
from flask_security import current_user
from psycopg.rows import dict_row

from webapp import db
from webapp.registries import bp

EDITOR_ROLES = ("admin", "user_plus", "user")
RUN_LIMIT = 100
RUNS_SQL = """
    SELECT id, source, protocol, mode, area, started_at,
           started_at AT TIME ZONE 'Europe/Amsterdam' AS started_local,
           finished_at - started_at AS duration, pages, rows_added, rows_changed, rows_removed,
           status, error, error_url
    FROM ingest.run
    ORDER BY started_at DESC, id DESC
    LIMIT %s
"""
STATUS_LABELS = {
    "running": "bezig",
    "succeeded": "geslaagd",
    "failed": "mislukt",
    "interrupted": "onderbroken",
    "rolled_back": "teruggedraaid",
}
SOURCE_LABELS = {
    "brk": "BRK (Kadastrale Kaart)",
    "bag": "BAG",
    "bgt": "BGT",
    "bor": "BOR (beheer openbare ruimte)",
}
MODE_LABELS = {"full": "volledig", "incremental": "aanvullend"}


def is_editor(user) -> bool:
    return any(user.has_role(role) for role in EDITOR_ROLES)


def duration_text(duration) -> str:
    """A run's duration as 1 u 02 min, 3 min 05 s or 12 s; empty while running."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} u {minutes:02d} min"
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


@bp.get("")
@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not is_editor(current_user):
        abort(403)
    with db.connection() as conn:
        runs = conn.cursor(row_factory=dict_row).execute(RUNS_SQL, (RUN_LIMIT,)).fetchall()
    return render_template(
        "registries/runs.html",
        runs=runs,
        status_labels=STATUS_LABELS,
        source_labels=SOURCE_LABELS,
        mode_labels=MODE_LABELS,
        duration_text=duration_text,
    )
