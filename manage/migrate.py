"""Forward-only SQL migration runner with checksums, plus the repeatable SQL files."""

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

LOGGER = logging.getLogger(__name__)
SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
LOCK_KEY = 7_770_001  # advisory lock that serialises concurrent runners


class MigrationError(RuntimeError):
    """A migration set that cannot be applied safely."""


@dataclass(frozen=True)
class Migration:
    """One versioned migration file: <YYYYMMDDHHMM>_<verb>_<object>.sql."""

    version: str
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(directory: Path) -> list[Migration]:
    """The migrations in a directory, ordered by version; badly named files are refused."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        version, _, name = path.stem.partition("_")
        if len(version) != 12 or not version.isdigit() or not name:
            raise MigrationError(f"{path.name}: name must be <YYYYMMDDHHMM>_<description>.sql")
        found.append(Migration(version, name, path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migrations share a version in {directory}")
    return found


def ensure_ledger(conn: psycopg.Connection) -> None:
    """Create the meta schema and the table that records applied migrations."""
    conn.execute(
        """
        CREATE SCHEMA IF NOT EXISTS meta;
        CREATE TABLE IF NOT EXISTS meta.schema_migration (
            version text PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            applied_by text NOT NULL DEFAULT current_user,
            duration_ms integer NOT NULL
        );
        COMMENT ON TABLE meta.schema_migration IS
            'Versioned migrations applied to this database, with the checksum of each file.';
        """
    )


def applied(conn: psycopg.Connection) -> dict[str, str]:
    """Applied migration versions mapped to their recorded checksums."""
    rows = conn.execute("SELECT version, checksum FROM meta.schema_migration").fetchall()
    return dict(rows)


def pending(migrations: list[Migration], done: dict[str, str]) -> list[Migration]:
    """The migrations still to apply; edited or out-of-order files are refused."""
    for m in migrations:
        if m.version in done and done[m.version] != m.checksum:
            raise MigrationError(
                f"{m.path.name} was changed after it was applied; applied migrations are "
                "immutable, write a new migration instead"
            )
    known = {m.version for m in migrations}
    missing = sorted(set(done) - known)
    if missing:
        raise MigrationError(f"applied migrations missing from {SQL_DIR}: {', '.join(missing)}")
    latest = max(done, default="")
    todo = [m for m in migrations if m.version not in done]
    late = [m.path.name for m in todo if m.version < latest]
    if late:
        raise MigrationError(
            f"out-of-order migrations (older than the latest applied {latest}): {', '.join(late)}"
        )
    return todo


def apply_one(conn: psycopg.Connection, migration: Migration) -> None:
    """Apply one migration and record it, in one transaction."""
    started = time.monotonic()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        try:
            conn.execute(migration.sql)
        except psycopg.Error as exc:
            raise MigrationError(f"{migration.path.name}: {exc}") from exc
        conn.execute(
            "INSERT INTO meta.schema_migration (version, name, checksum, duration_ms) "
            "VALUES (%s, %s, %s, %s)",
            (
                migration.version,
                migration.name,
                migration.checksum,
                int((time.monotonic() - started) * 1000),
            ),
        )
    LOGGER.info("applied %s", migration.path.name)


def apply_repeatable(conn: psycopg.Connection, directory: Path) -> int:
    """Re-apply every repeatable file (views, functions, triggers, grants) in one transaction."""
    files = sorted(directory.glob("*.sql"))
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        for path in files:
            try:
                conn.execute(path.read_text(encoding="utf-8"))
            except psycopg.Error as exc:
                raise MigrationError(f"repeatable/{path.name}: {exc}") from exc
    return len(files)


def migrate(url: str, sql_dir: Path = SQL_DIR) -> list[str]:
    """Bring the database at url up to date; returns the names of the migrations applied."""
    migrations = discover(sql_dir / "migrations")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET client_min_messages = warning")
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            ensure_ledger(conn)
        todo = pending(migrations, applied(conn))
        for migration in todo:
            apply_one(conn, migration)
        apply_repeatable(conn, sql_dir / "repeatable")
        load_delivery_templates(conn, sql_dir / "delivery")
    return [m.path.name for m in todo]


def load_delivery_templates(conn: psycopg.Connection, directory: Path) -> list[str]:
    """Validate and load the province delivery templates (sql/delivery/*.yml, ADR 0010)."""
    from manage.delivery_templates import TemplateError
    from manage.delivery_templates import load_templates

    try:
        return load_templates(conn, directory)
    except TemplateError as exc:
        raise MigrationError(f"delivery/{exc}") from exc
