"""GET /health: is the app up, the database reachable and pygeoapi mounted?"""

import psycopg
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify

from webapp import db

bp = Blueprint("health", __name__)


def migration_count() -> int | None:
    """Applied migrations in meta.schema_migration (None: database unreachable)."""
    try:
        with db.connection() as conn:
            row = conn.execute("SELECT count(*) FROM meta.schema_migration").fetchone()
    except (psycopg.Error, TimeoutError):
        return None
    return int(row[0]) if row else 0


@bp.get("/health")
def health() -> tuple[Response, int]:
    migrations = migration_count()
    body = {
        "status": "ok" if migrations is not None else "degraded",
        "database": migrations is not None,
        "migrations": migrations,
        "pygeoapi": bool(current_app.extensions.get("diwi.api")),
    }
    return jsonify(body), 200 if migrations is not None else 503
