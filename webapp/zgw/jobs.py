"""The ZGW worker job (queue zgw): fetch the zaak, match a project, set milestones, log it."""

import logging

import procrastinate
import psycopg
from procrastinate import JobContext
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp.settings import WebSettings
from webapp.zgw import client
from webapp.zgw import sealing

LOGGER = logging.getLogger(__name__)
QUEUE = "zgw"
PROCESS_TASK = "diwi.zgw_process"
SEARCH_PATH = "procrastinate,public"
# retried when the Zaken API fails: waits about 2, 4, 8, 16, 32 s, ... (procrastinate's backoff)
RETRY = procrastinate.RetryStrategy(max_attempts=8, exponential_wait=2)

_DEFERRER = procrastinate.App(connector=procrastinate.SyncPsycopgConnector())

LOAD_SQL = """
    SELECT n.id, n.state, n.body, c.municipality_code, c.zaken_url, c.catalogi_url, c.client_id,
           c.secret
    FROM plan.zgw_notification n JOIN plan.zgw_config c USING (municipality_code)
    WHERE n.id = %s
"""
MAPPING_SQL = """
    SELECT moment, description, status FROM plan.zgw_mapping
    WHERE municipality_code = %s AND zaaktype = %s ORDER BY moment DESC
"""
OUTCOME_SQL = """
    SELECT status FROM plan.zgw_outcome
    WHERE municipality_code = %(m)s AND lower(omschrijving) IN (lower(%(o)s), lower(%(g)s))
    ORDER BY lower(omschrijving) = lower(%(o)s) DESC LIMIT 1
"""
LINK_SQL = """
    INSERT INTO plan.zgw_zaak_link AS l (zaak_url, municipality_code, project_id, matched_by,
                                        identificatie, zaaktype, resultaat)
    VALUES (%(url)s, %(m)s, %(project)s, %(matched_by)s, %(identificatie)s, %(zaaktype)s,
            %(resultaat)s)
    ON CONFLICT (zaak_url) DO UPDATE SET identificatie = excluded.identificatie,
        zaaktype = excluded.zaaktype, resultaat = coalesce(excluded.resultaat, l.resultaat)
"""
DONE_SQL = """
    UPDATE plan.zgw_notification SET state = %(state)s, project_id = %(project)s,
        matched_by = %(matched_by)s, reason = %(reason)s, changes = %(changes)s, error = NULL,
        attempts = attempts + 1, processed_at = now()
    WHERE id = %(id)s
"""


def defer_process(conn: psycopg.Connection, notification_id: str) -> int:
    """Queue the processing of a stored notificatie in conn's transaction (the last statement)."""
    conn.execute(f"SET LOCAL search_path = {SEARCH_PATH}")
    task = _DEFERRER.configure_task(PROCESS_TASK, queue=QUEUE, connection=conn)
    return task.defer(notification_id=notification_id)


def register(app: procrastinate.App) -> None:
    """Add the processing task to the worker's queue app."""
    app.task(name=PROCESS_TASK, queue=QUEUE, pass_context=True, retry=RETRY)(process_task)


def process_task(context: JobContext, notification_id: str) -> None:
    process(context.additional_context["database_url"], notification_id)


def process(url: str, notification_id: str) -> str:
    """Process one notificatie; returns its new state. ZgwError (retried) when unreachable."""
    with psycopg.connect(url) as conn:
        row = conn.cursor(row_factory=dict_row).execute(LOAD_SQL, (notification_id,)).fetchone()
        if row is not None:
            sealing.reseal_plain(conn, row["municipality_code"], row["secret"])
    if row is None or row["state"] not in ("received", "error"):
        return row["state"] if row else "missing"
    body = row["body"]
    if body.get("kanaal") != "zaken" or body.get("actie") == "destroy":
        return finish(url, notification_id, "ignored", reason="geen zaakwijziging om te verwerken")
    if not client.under(row["zaken_url"], body["hoofdObject"]):
        reason = "de zaak hoort niet bij de ingestelde Zaken API"
        return finish(url, notification_id, "ignored", reason=reason)
    try:
        zaak, objects = client.fetch_zaak(row, body["hoofdObject"])
        outcome = client.fetch_outcome(row, zaak)
    except client.ZgwError as err:
        record_error(url, notification_id, str(err))
        raise
    state = apply(url, row, zaak | {"outcome": outcome}, objects)
    if state in ("linked", "error"):
        write_back(url, row, zaak, objects)
    return state


def store_link(conn: psycopg.Connection, municipality: str, project, matched_by: str, zaak: dict):
    """Store (or refresh) the zaak link with what DIWI shows of the zaak."""
    outcome = zaak.get("outcome") or {}
    params = {"url": zaak["url"], "m": municipality, "project": project, "matched_by": matched_by}
    params |= {"identificatie": zaak.get("identificatie"), "zaaktype": zaak.get("zaaktype")}
    conn.execute(LINK_SQL, params | {"resultaat": outcome.get("omschrijving") or None})


def apply(url: str, row: dict, zaak: dict, objects: list[dict]) -> str:
    """Match the zaak to a project, store the link and set the mapped milestones."""
    municipality = row["municipality_code"]
    with psycopg.connect(url) as conn, conn.transaction():
        project, matched_by, reason = conn.execute(
            "SELECT * FROM plan.zgw_match(%s, %s, %s, %s)",
            (municipality, zaak["url"], client.parcels(objects), Jsonb(zaak.get("zaakgeometrie"))),
        ).fetchone()
        if project is None:
            return finish(url, row["id"], "unmatched", reason=reason, conn=conn)
        store_link(conn, municipality, project, matched_by, zaak)
        try:
            with conn.transaction():
                changes = set_milestones(conn, municipality, project, zaak)
        except psycopg.errors.CheckViolation as err:
            rule = err.diag.constraint_name or ""
            message = conn.execute("SELECT plan.rule_message(%s, 'nl')", (rule,)).fetchone()[0]
            reason = f"mijlpaal niet bijgewerkt: {message or err.diag.message_primary}"
            return finish(url, row["id"], "error", project, matched_by, reason, conn=conn)
        return finish(url, row["id"], "linked", project, matched_by, None, changes, conn)


def milestone_date(zaak: dict, moment: str) -> str | None:
    """The date a mapping sets: start = registratiedatum/startdatum, end = einddatum (if ended)."""
    if moment == "start":
        return zaak.get("registratiedatum") or zaak.get("startdatum")
    return zaak.get("einddatum")


def end_status(conn: psycopg.Connection, municipality: str, outcome: dict | None, default: str):
    """The end milestone's status: the outcome mapping of the resultaattype, else the default."""
    if not outcome:
        return default
    params = {"m": municipality, "o": outcome["omschrijving"], "g": outcome["omschrijvingGeneriek"]}
    found = conn.execute(OUTCOME_SQL, params).fetchone()
    return found[0] if found else default


def set_milestones(conn: psycopg.Connection, municipality: str, project, zaak: dict) -> list:
    changes = []
    for moment, description, status in conn.execute(
        MAPPING_SQL, (municipality, zaak.get("zaaktype"))
    ).fetchall():
        on_date = milestone_date(zaak, moment)
        if on_date is None:
            continue
        if moment == "end":
            status = end_status(conn, municipality, zaak.get("outcome"), status)
        change = conn.execute(
            "SELECT plan.zgw_set_milestone(%s, %s, %s, %s)", (project, description, status, on_date)
        ).fetchone()[0]
        if change:
            changes.append(change)
    return changes


def finish(
    url: str,
    notification_id,
    state: str,
    project=None,
    matched_by: str | None = None,
    reason: str | None = None,
    changes: list | None = None,
    conn: psycopg.Connection | None = None,
) -> str:
    params = {"id": notification_id, "state": state, "project": project}
    params |= {"matched_by": matched_by, "reason": reason, "changes": Jsonb(changes or [])}
    if conn is not None:
        conn.execute(DONE_SQL, params)
    else:
        with psycopg.connect(url) as own:
            own.execute(DONE_SQL, params)
    LOGGER.info("zgw notificatie %s: %s %s", notification_id, state, reason or "")
    return state


def record_error(url: str, notification_id: str, error: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(
            "UPDATE plan.zgw_notification SET state = 'error', error = %s, attempts = attempts + 1 "
            "WHERE id = %s",
            (error, notification_id),
        )
    LOGGER.warning("zgw notificatie %s: %s (retried)", notification_id, error)


def project_url(project_id) -> str:
    """The project's page: what the zaakobject written back onto the zaak points to."""
    return f"{WebSettings().public_url.rstrip('/')}/projecten/{project_id}"


def write_back(url: str, row: dict, zaak: dict, objects: list[dict]) -> None:
    """Post the project as a zaakobject (overige: woningbouwproject) on the zaak, once.

    A failure is kept on the link and tried again with the zaak's next notificatie.
    """
    with psycopg.connect(url) as conn:
        link = conn.execute(
            "SELECT project_id, zaakobject_url FROM plan.zgw_zaak_link WHERE zaak_url = %s",
            (zaak["url"],),
        ).fetchone()
    if link is None or link[1]:
        return
    object_url, error = None, None
    try:
        object_url = client.write_back(row, zaak["url"], project_url(link[0]), objects)
    except client.ZgwError as err:
        error = str(err)
        LOGGER.warning("zgw zaakobject for %s not written: %s", zaak["url"], error)
    with psycopg.connect(url) as conn:
        conn.execute(
            "UPDATE plan.zgw_zaak_link SET zaakobject_url = %s, writeback_error = %s "
            "WHERE zaak_url = %s",
            (object_url, error, zaak["url"]),
        )
