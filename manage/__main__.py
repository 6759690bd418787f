"""Command line: python -m manage migrate|demo|demo-registry|serve|worker|dump-schema|openapi."""

import argparse
import logging
import sys
from datetime import date

from manage import commands
from manage import mail_catcher


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m manage", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create roles/database, apply migrations and repeatable SQL")
    demo = sub.add_parser("demo", help="load the deterministic demo data")
    demo.add_argument("--seed", type=int, default=20261204)
    demo.add_argument("--if-missing", action="store_true", help="keep demo data that is there")
    sub.add_parser("demo-registry", help="the demo project whose plan area follows the BRK parcels")
    sub.add_parser("serve", help="serve the web app with pygeoapi at /api")
    sub.add_parser("dump-schema", help="write sql/schema.sql from the migrated database")
    sub.add_parser("openapi", help="(re)generate pygeoapi's OpenAPI document under var/")
    sub.add_parser("worker", help="run the job worker (queued API jobs, cache refresh)")
    forecast = sub.add_parser("forecast", help="store lead-time forecasts of running projects")
    forecast.add_argument("--date", type=date.fromisoformat, help="as of this date (default today)")
    forecast.add_argument(
        "--model",
        choices=("cqr", "weibull", "lognormal"),
        help="quantile boosting (cqr) or a censored survival model (default: docs/forecasts.md)",
    )
    sub.add_parser("demo-planning", help="process streams, alerts and a webhook subscriber (demo)")
    receiver = sub.add_parser("webhook-receiver", help="a test receiver for signed webhooks")
    receiver.add_argument("--port", type=int, help="default DIWI_WEBHOOK_RECEIVER_PORT or 8099")
    alerts = sub.add_parser("alerts", help="record today's alerts and send the mails owed now")
    alerts.add_argument("--digest", action="store_true", help="also send the daily digests")
    alerts.set_defaults(handler=commands.cmd_alerts)
    catcher = sub.add_parser("mail-catcher", help="a local SMTP server keeping mail in var/mail")
    catcher.add_argument("--port", type=int, default=8025, help="SMTP port (default 8025)")
    catcher.set_defaults(handler=mail_catcher.cmd_mail_catcher)
    summary = sub.add_parser("process-summary", help="refresh the process summaries (regional)")
    summary.set_defaults(handler=commands.cmd_process_summary)
    zgw = sub.add_parser("zgw-demo", help="a local zaak system updates Kadasterhof's milestones")
    zgw.add_argument("--port", type=int, default=0, help="port of the local ZGW server")
    zgw.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the worker")
    zgw.set_defaults(handler=commands.cmd_zgw_demo)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command in ("demo-planning", "webhook-receiver"):
        from manage.demo_planning import run_command

        return run_command(args)
    try:
        return getattr(args, "handler", commands.run)(args)  # handler: set_defaults
    except commands.CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
