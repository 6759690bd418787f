"""The operations behind python -m manage."""

import argparse
import os
import subprocess
from pathlib import Path

from manage import bootstrap
from manage import migrate as migrate_
from manage.settings import DatabaseSettings

ROOT = Path(__file__).resolve().parent.parent


class CommandError(RuntimeError):
    """A command that failed with a message for the operator."""


def cmd_migrate(settings: DatabaseSettings) -> None:
    created = bootstrap.ensure_database(settings, settings.name)
    try:
        done = migrate_.migrate(settings.url("owner"))
    except migrate_.MigrationError as exc:
        raise CommandError(str(exc)) from exc
    state = "created and migrated" if created else "migrated"
    print(f"Database {settings.name} {state}: {len(done)} new migration(s)")


def cmd_dump_schema(settings: DatabaseSettings) -> None:
    from manage.schema_dump import dump_schema

    (ROOT / "sql" / "schema.sql").write_text(dump_schema(settings.url("owner")), encoding="utf-8")
    print("wrote sql/schema.sql")


def run(args: argparse.Namespace) -> int:
    settings = DatabaseSettings()
    if args.command == "migrate":
        cmd_migrate(settings)
    elif args.command == "dump-schema":
        cmd_dump_schema(settings)
    elif args.command == "demo":
        from manage.demo import demo_present
        from manage.demo import load_demo
        from manage.demo_goals import load_demo_goals

        present = demo_present(settings.url("owner")) if args.if_missing else 0
        if present:
            print(f"Demo data present ({present} projects, edits kept); `make demo` reloads it")
        else:
            load_demo(settings.url("owner"), seed=args.seed, deliveries=True)
            load_demo_goals(settings.url("owner"))
    elif args.command == "demo-registry":
        from manage.demo_registry import load_registry_demo

        print(load_registry_demo(settings.url("owner")))
    elif args.command == "openapi":
        from manage.serve import generate_openapi

        generate_openapi()
    elif args.command == "forecast":
        from manage.forecast import run_forecast

        print(run_forecast(settings.url("owner"), args.date, args.model))
    elif args.command == "worker":
        from manage.worker import run_worker

        run_worker(interval_s=float(os.environ.get("DIWI_WORKER_INTERVAL_S", "300")))
    elif args.command == "serve":
        from manage.serve import serve

        serve()
    return 0


def cmd_process_summary(args: argparse.Namespace) -> int:
    """python -m manage process-summary: refresh every project's process summary."""
    from webapp.regional.summary import refresh_all

    print(f"{refresh_all(DatabaseSettings().url('owner'))} procesoverzichten bijgewerkt")
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    """python -m manage alerts [--digest]: record the alerts due today and send the mails owed."""
    from datetime import date

    from webapp.alerts.jobs import run_alerts

    sent = run_alerts(DatabaseSettings().url("owner"), date.today(), digest=args.digest)
    print(f"{sent} meldingsmail(s) verstuurd")
    return 0


def pg_tool(name: str) -> str:
    """Path of a PostgreSQL client tool, preferring the server's own version."""
    out = subprocess.run([str(ROOT / "scripts" / "pg-bin.sh")], capture_output=True, text=True)
    folder = out.stdout.strip()
    candidate = Path(folder) / name
    return str(candidate) if folder and candidate.exists() else name


os.environ.setdefault("PGCONNECT_TIMEOUT", "10")


def cmd_zgw_demo(args: argparse.Namespace) -> int:
    """python -m manage zgw-demo: a ZGW notificatie from a local zaak system updates Kadasterhof."""
    from manage.zgw_demo import DemoError
    from manage.zgw_demo import run_demo
    from webapp.settings import WebSettings

    try:
        print(
            run_demo(
                DatabaseSettings().url("owner"), WebSettings().public_url, args.port, args.timeout
            )
        )
    except DemoError as exc:
        raise CommandError(str(exc)) from exc
    return 0
