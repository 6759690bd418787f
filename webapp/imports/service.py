"""One import: read, validate, write in one transaction (rolled back on any error or dry run)."""

import logging
from dataclasses import dataclass
from datetime import date

import psycopg

from webapp import db
from webapp.imports.context import load_context
from webapp.imports.excel import read_excel
from webapp.imports.geojson import read_geojson
from webapp.imports.issues import ImportFailed
from webapp.imports.issues import Issue
from webapp.imports.persist import Writer
from webapp.imports.rules import Checker
from webapp.imports.rules import check_duplicates
from webapp.viewer import set_viewer

LOGGER = logging.getLogger(__name__)
READERS = {"excel": read_excel, "geojson": read_geojson}
FORMATS = tuple(READERS)
IMPORT_ROLES = ("user", "user_plus")  # who may create projects (webapp.projects.views)
MAX_ISSUES = 1000


@dataclass
class Outcome:
    """The answer of an import or dry run."""

    ok: bool
    dry_run: bool
    projects: list[dict]
    issues: list[Issue]

    def counts(self) -> dict[str, int]:
        found = {"created": 0, "updated": 0, "unchanged": 0}
        for project in self.projects:
            found[project["action"]] = found.get(project["action"], 0) + 1
        return found

    def as_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "result": self.projects,
            "counts": self.counts(),
            "errors": [issue.as_dict() for issue in self.issues],
        }


def may_import(viewer: dict | None) -> bool:
    return bool(viewer and viewer["role"] in IMPORT_ROLES and viewer.get("municipality_code"))


def run_import(
    viewer: dict, kind: str, data: bytes, dry_run: bool, max_rows: int, today: date | None = None
) -> Outcome:
    """Import a file for the viewer; written only when free of errors and not a dry run."""
    today = today or date.today()
    try:
        with db.connection() as conn:
            return import_in_transaction(conn, viewer, kind, data, dry_run, max_rows, today)
    except ImportFailed as failed:
        return Outcome(False, dry_run, [], failed.issues)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, psycopg.Error):
        # defence in depth: a file we did not foresee is refused (rolled back), not a 500
        LOGGER.exception("import failed unexpectedly")
        return Outcome(False, dry_run, [], [Issue("io_error", detail="onverwachte fout")])


def capped(issues: list[Issue]) -> list[Issue]:
    """At most MAX_ISSUES errors, then one saying there were more."""
    if len(issues) <= MAX_ISSUES:
        return issues
    return [*issues[:MAX_ISSUES], Issue("too_many_errors", detail=f"{len(issues)} fouten")]


def import_in_transaction(
    conn: psycopg.Connection,
    viewer: dict,
    kind: str,
    data: bytes,
    dry_run: bool,
    max_rows: int,
    today: date,
) -> Outcome:
    outcome = Outcome(False, dry_run, [], [])
    with conn.transaction(force_rollback=True) as tx:
        set_viewer(conn, viewer)
        ctx = load_context(conn, viewer["municipality_code"])
        projects, issues, locate = READERS[kind](data, ctx, max_rows)
        outcome.issues = issues
        if any(i.level == 1 for i in issues):
            return outcome
        checker = Checker(ctx, locate, today)
        check_duplicates(projects, checker)
        owners = {id(p): checker.project(p) for p in projects}
        issues.extend(checker.issues)
        failed = {i.identification for i in issues} | (
            {None} if any(i.identification is None for i in issues) else set()
        )
        writer = Writer(conn, viewer["municipality_code"], viewer["user_id"], today)
        for project in projects:
            if project.municipal_id in failed:
                continue
            written = writer.write(project, owners[id(project)])
            if written is not None:
                outcome.projects.append(summary(project, written, dry_run))
        issues.extend(writer.issues)
        outcome.ok = not issues
        outcome.issues = capped(issues)
        if outcome.ok and not dry_run:
            tx.force_rollback = False
    return outcome


def summary(project, written: dict, dry_run: bool) -> dict:
    return {
        "identification": project.municipal_id,
        "name": project.name,
        "action": written["action"],
        "project_id": None if dry_run and written["action"] == "created" else written["project_id"],
        "row": project.where.row,
        "feature": project.where.feature,
        "houseblocks": written["houseblocks"],
    }
