"""The migration runner: order, checksums, transactions, repeatables and the schema dump."""

from pathlib import Path

import psycopg
import pytest

from manage import bootstrap
from manage import migrate
from manage.schema_dump import dump_schema
from manage.settings import DatabaseSettings

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scratch(db_settings: DatabaseSettings):
    """An empty scratch database with the extensions, dropped afterwards."""
    settings = DatabaseSettings(name=db_settings.name + "_scratch")
    bootstrap.drop_database(settings, settings.name)
    bootstrap.ensure_database(settings, settings.name)
    yield settings
    bootstrap.drop_database(settings, settings.name)


def _sql_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "repeatable").mkdir()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_migrate_records_each_migration_with_checksum(scratch, tmp_path):
    sql = _sql_dir(
        tmp_path,
        {
            "migrations/202601010000_create_a.sql": "CREATE TABLE meta.a (x int);",
            "migrations/202601010100_create_b.sql": "CREATE TABLE meta.b (x int);",
            "repeatable/100_view.sql": "CREATE OR REPLACE VIEW meta.v AS SELECT x FROM meta.a;",
        },
    )
    assert migrate.migrate(scratch.url("owner"), sql) == [
        "202601010000_create_a.sql",
        "202601010100_create_b.sql",
    ]
    assert migrate.migrate(scratch.url("owner"), sql) == []
    with psycopg.connect(scratch.url("owner")) as conn:
        rows = conn.execute(
            "SELECT version, length(checksum) FROM meta.schema_migration ORDER BY 1"
        ).fetchall()
        assert rows == [("202601010000", 64), ("202601010100", 64)]
        assert conn.execute("SELECT count(*) FROM meta.v").fetchone() == (0,)


def test_migrate_refuses_an_edited_applied_migration(scratch, tmp_path):
    sql = _sql_dir(
        tmp_path, {"migrations/202601010000_create_a.sql": "CREATE TABLE meta.a (x int);"}
    )
    migrate.migrate(scratch.url("owner"), sql)
    (sql / "migrations/202601010000_create_a.sql").write_text("CREATE TABLE meta.a (x bigint);")
    with pytest.raises(migrate.MigrationError, match="changed after it was applied"):
        migrate.migrate(scratch.url("owner"), sql)


def test_migrate_refuses_out_of_order_and_missing_files(scratch, tmp_path):
    sql = _sql_dir(
        tmp_path, {"migrations/202601010100_create_b.sql": "CREATE TABLE meta.b (x int);"}
    )
    migrate.migrate(scratch.url("owner"), sql)
    (sql / "migrations/202601010000_create_a.sql").write_text("CREATE TABLE meta.a (x int);")
    with pytest.raises(migrate.MigrationError, match="out-of-order"):
        migrate.migrate(scratch.url("owner"), sql)
    (sql / "migrations/202601010000_create_a.sql").unlink()
    (sql / "migrations/202601010100_create_b.sql").unlink()
    with pytest.raises(migrate.MigrationError, match="missing"):
        migrate.migrate(scratch.url("owner"), sql)


def test_migrate_rolls_back_a_failing_migration_whole(scratch, tmp_path):
    sql = _sql_dir(
        tmp_path,
        {
            "migrations/202601010000_create_a.sql": "CREATE TABLE meta.a (x int); SELECT 1/0;",
        },
    )
    with pytest.raises(
        migrate.MigrationError, match=r"202601010000_create_a\.sql: division by zero"
    ):
        migrate.migrate(scratch.url("owner"), sql)
    with psycopg.connect(scratch.url("owner")) as conn:
        assert conn.execute("SELECT to_regclass('meta.a')").fetchone() == (None,)
        assert conn.execute("SELECT count(*) FROM meta.schema_migration").fetchone() == (0,)


def test_migrate_rejects_badly_named_files(tmp_path):
    sql = _sql_dir(tmp_path, {"migrations/add_stuff.sql": "SELECT 1;"})
    with pytest.raises(migrate.MigrationError, match=r"<YYYYMMDDHHMM>_<description>\.sql"):
        migrate.discover(sql / "migrations")


def test_committed_schema_dump_matches_the_migrations(owner_url):
    committed = (ROOT / "sql" / "schema.sql").read_text(encoding="utf-8")
    assert dump_schema(owner_url) == committed, (
        "sql/schema.sql is stale: run `make schema` and commit the result"
    )


def test_project_migrations_apply_on_an_empty_database_twice(scratch):
    first = migrate.migrate(scratch.url("owner"))
    assert len(first) == len(list((ROOT / "sql" / "migrations").glob("*.sql")))
    assert migrate.migrate(scratch.url("owner")) == []


def test_repeatable_files_are_idempotent(owner_url):
    with psycopg.connect(owner_url, autocommit=True) as conn:
        before = conn.execute("SELECT count(*) FROM plan.project_version").fetchone()
        n = migrate.apply_repeatable(conn, ROOT / "sql" / "repeatable")
        assert n == len(list((ROOT / "sql" / "repeatable").glob("*.sql")))
        assert conn.execute("SELECT count(*) FROM plan.project_version").fetchone() == before
        assert conn.execute("SELECT to_regclass('publication.projects')").fetchone()[0] is not None
