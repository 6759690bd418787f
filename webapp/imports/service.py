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
from webapp.imports.model import ProjectIn
from webapp.imports.persist import Writer
from webapp.imports.rules import Checker
from webapp.imports.rules import check_duplicates
from webapp.viewer import set_viewer

LOGGER = logging.getLogger(__name__)
READERS = {"excel": read_excel, "geojson": read_geojson}
FORMATS = tuple(READERS)
IMPORT_ROLES = ("user", "user_plus")  # who may create projects (webapp.projects.views)
MAX_ISSUES = 1000
ACTIONS = ("created", "updated", "unchanged", "skipped")
# Projects a file names by GUID that this importer may not change: another municipality's, or
# one of their own municipality they may see but not edit (a re-imported export lists them).
FOREIGN_SQL = """
    SELECT p.id::text, p.municipality_code = %(m)s AS own,
           plan.viewer_can_edit(p.municipality_code,
               coalesce((SELECT array_agg(o.user_group_id) FROM plan.project_owner o
                         WHERE o.project_id = p.id AND o.superseded_at IS NULL), '{}')) AS editable
    FROM plan.project p
    WHERE p.removed_at IS NULL AND p.id::text = ANY(%(ids)s)
"""
SKIP_REASONS = {"other": "project van een andere gemeente", "locked": "niet bewerkbaar voor u"}


@dataclass
class Outcome:
    """The answer of an import or dry run."""

    ok: bool
    dry_run: bool
    projects: list[dict]
    issues: list[Issue]

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(ACTIONS, 0)
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
        projects, issues = set_aside(conn, ctx.municipality_code, projects, issues, outcome)
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
        outcome.projects.sort(key=lambda p: p["row"] or p["feature"] or 0)
        issues.extend(writer.issues)
        outcome.ok = not issues
        outcome.issues = capped(issues)
        if outcome.ok and not dry_run:
            tx.force_rollback = False
    return outcome


def set_aside(
    conn: psycopg.Connection,
    municipality: str,
    projects: list[ProjectIn],
    issues: list[Issue],
    outcome: Outcome,
) -> tuple[list[ProjectIn], list[Issue]]:
    """Projects the importer may not change are skipped: not checked, not written, no errors.

    A project whose GUID names an existing project of another municipality, or one of the
    importer's municipality they may not edit (their own export lists every project they may
    see), is reported as "skipped" with the reason; its rows' errors are dropped.
    """
    guids = [p.guid.strip().lower() for p in projects if p.guid]
    if not guids:
        return projects, issues
    found = {
        pid: "locked" if own else "other"
        for pid, own, editable in conn.execute(FOREIGN_SQL, {"m": municipality, "ids": guids})
        if not (own and editable)
    }
    kept = []
    for project in projects:
        reason = found.get((project.guid or "").strip().lower())
        if reason is None:
            kept.append(project)
            continue
        outcome.projects.append(skipped_summary(project, SKIP_REASONS[reason]))
        issues = [i for i in issues if not belongs(i, project)]
    return kept, issues


def belongs(issue: Issue, project: ProjectIn) -> bool:
    """Whether an error was found in one of the project's rows (Excel) or its feature."""
    if project.where.feature is not None:
        return issue.feature == project.where.feature
    return issue.row is not None and (
        issue.row in project.rows
        or (issue.identification is not None and issue.identification == project.municipal_id)
    )


def skipped_summary(project: ProjectIn, reason: str) -> dict:
    return {
        "identification": project.municipal_id,
        "name": project.name,
        "action": "skipped",
        "reason": reason,
        "project_id": project.guid,
        "row": project.where.row,
        "feature": project.where.feature,
        "houseblocks": [
            {
                "name": b.name,
                "mutation_kind": b.mutation_kind,
                "amount": b.amount,
                "action": "skipped",
                "row": b.where.row,
            }
            for b in project.houseblocks
        ],
    }


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
