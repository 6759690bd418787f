"""The project page's Zaken panel: linked zaken, and linking or unlinking a zaak by hand."""

import logging
from datetime import UTC
from datetime import datetime
from typing import Any

from flask import abort
from flask import flash
from flask import redirect
from flask import url_for
from flask_security import current_user
from psycopg.rows import dict_row

from webapp import db
from webapp.viewer import set_viewer
from webapp.viewer import viewer_for
from webapp.zgw import bp
from webapp.zgw import client
from webapp.zgw import forms
from webapp.zgw import queries as q

LOGGER = logging.getLogger(__name__)
PROJECT_SQL = """
    SELECT p.municipality_code, plan.viewer_can_edit(p.municipality_code, p.owner_group_ids),
           c.zaken_url
    FROM publication.projects_at(current_date) p
    LEFT JOIN plan.zgw_config c ON c.municipality_code = p.municipality_code
    WHERE p.id = %s
"""
ZAKEN_SQL = """
    SELECT l.zaak_url, l.identificatie, l.zaaktype, l.matched_by, l.resultaat, l.linked_at,
           l.zaakobject_url, l.writeback_error,
           (SELECT max(n.received_at) FROM plan.zgw_notification n
             WHERE n.zaak_url = l.zaak_url AND n.municipality_code = l.municipality_code)
               AS last_notification,
           (SELECT coalesce(array_agg(format('%%s: %%s (%%s)', c ->> 'description', c ->> 'date',
                                             coalesce(s.label_nl, c ->> 'status'))
                                      ORDER BY n.received_at), '{}')
              FROM plan.zgw_notification n CROSS JOIN jsonb_array_elements(n.changes) c
              LEFT JOIN ref.milestone_status s ON s.code = c ->> 'status'
             WHERE n.zaak_url = l.zaak_url AND n.project_id = l.project_id) AS changes
    FROM plan.zgw_zaak_link l WHERE l.project_id = %s ORDER BY l.linked_at
"""
LINK_SQL = """
    INSERT INTO plan.zgw_zaak_link AS l (zaak_url, municipality_code, project_id, matched_by,
                                        linked_by)
    VALUES (%(url)s, %(m)s, %(project)s, 'manual', %(user)s)
    ON CONFLICT (zaak_url) DO UPDATE SET project_id = excluded.project_id, matched_by = 'manual',
        linked_by = excluded.linked_by, linked_at = now(), writeback_error = NULL,
        zaakobject_url = CASE WHEN l.project_id = excluded.project_id THEN l.zaakobject_url END
"""
MATCHED_BY = {
    "link": "eerdere koppeling",
    "parcels": "kadastrale percelen",
    "area": "plangebied",
    "manual": "handmatig",
}


def project_access(conn: Any, project_id: str) -> dict | None:
    """Municipality, edit right and Zaken API of a project the viewer sees (viewer set)."""
    row = conn.execute(PROJECT_SQL, (project_id,)).fetchone()
    if row is None:
        return None
    return {"municipality": row[0], "can_edit": row[1], "zaken_url": row[2]}


@bp.app_template_global()
def zaken_for(project_id: Any) -> dict | None:
    """The project's linked zaken for the panel (signed-in viewers who see the project)."""
    viewer = viewer_for(current_user)
    if viewer is None:
        return None
    with db.connection() as conn, conn.transaction():
        set_viewer(conn, viewer)
        access = project_access(conn, str(project_id))
        if access is None:
            return None
        zaken = conn.cursor(row_factory=dict_row).execute(ZAKEN_SQL, (str(project_id),)).fetchall()
    for zaak in zaken:
        zaak["matched_label"] = MATCHED_BY.get(zaak["matched_by"], zaak["matched_by"])
    return {"zaken": zaken, "configured": access["zaken_url"] is not None}


def manual_notification(zaak_url: str) -> dict:
    """A notificatie as DIWI records a manual link, so the worker fetches and applies the zaak."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    body = {"kanaal": "zaken", "hoofdObject": zaak_url, "resource": "zaak"}
    return body | {"resourceUrl": zaak_url, "actie": "update", "aanmaakdatum": now, "bron": "DIWI"}


def other_projects_object(conn: Any, zaak_url: str, project_id: str) -> str | None:
    """The zaakobject DIWI wrote for another project the zaak is linked to (row locked)."""
    row = conn.execute(
        "SELECT project_id::text, zaakobject_url FROM plan.zgw_zaak_link WHERE zaak_url = %s "
        "FOR UPDATE",
        (zaak_url,),
    ).fetchone()
    return row[1] if row and row[0] != project_id else None


def editable(conn: Any, project_id: str) -> dict:
    """The project's access for the signed-in editor; 404 when hidden, 403 when read-only."""
    set_viewer(conn, viewer_for(current_user))
    access = project_access(conn, project_id)
    if access is None:
        abort(404)
    if not access["can_edit"]:
        abort(403)
    return access


def back(project_id: str):
    return redirect(url_for("projects.show", project_id=project_id) + "#zaken")


@bp.post("/projecten/<uuid:project_id>/zaken")
def link(project_id):
    """Link a zaak by its Zaken API address; the worker fetches it and sets the milestones."""
    if not current_user.is_authenticated:
        abort(403)
    form = forms.LinkForm()
    pid = str(project_id)
    with db.connection() as conn, conn.transaction():
        access = editable(conn, pid)
        if not form.validate_on_submit():
            flash(" ".join(form.zaak_url.errors) or "Het formulier is verlopen.", "error")
            return back(pid)
        url = form.zaak_url.data.strip()
        if access["zaken_url"] is None or not client.under(access["zaken_url"], url):
            flash("Dit adres hoort niet bij de Zaken API van de gemeente.", "error")
            return back(pid)
        params = {"url": url, "m": access["municipality"], "project": pid, "user": current_user.id}
        moved_object = other_projects_object(conn, url, pid)
        conn.execute(LINK_SQL, params)
        q.queue_notification(conn, access["municipality"], manual_notification(url))
    flash("De zaak is gekoppeld; DIWI haalt de zaak op en werkt de mijlpalen bij.", "info")
    if moved_object:  # the zaak pointed to another project: that zaakobject goes
        remove_zaakobject(access["municipality"], url, moved_object)
    return back(pid)


@bp.post("/projecten/<uuid:project_id>/zaken/ontkoppelen")
def unlink(project_id):
    """Remove a zaak link and DIWI's zaakobject on the zaak (milestones already set stay)."""
    if not current_user.is_authenticated:
        abort(403)
    form = forms.UnlinkForm()
    pid = str(project_id)
    with db.connection() as conn, conn.transaction():
        access = editable(conn, pid)
        if not form.validate_on_submit():
            abort(400)
        row = conn.execute(
            "DELETE FROM plan.zgw_zaak_link WHERE zaak_url = %s AND project_id = %s "
            "RETURNING zaakobject_url",
            (form.zaak_url.data, pid),
        ).fetchone()
    if row is None:
        abort(404)
    flash("De zaak is ontkoppeld.", "info")
    if row[0]:
        remove_zaakobject(access["municipality"], form.zaak_url.data, row[0])
    return back(pid)


def remove_zaakobject(municipality: str, zaak_url: str, object_url: str) -> None:
    """Delete DIWI's zaakobject from the zaak; a failure is shown and logged, not fatal."""
    config = q.config(municipality)
    try:
        if config is None:
            raise client.ZgwError("de koppeling met het zaaksysteem is niet ingesteld")
        client.delete(config, object_url)
    except client.ZgwError as err:
        LOGGER.warning("zgw zaakobject %s of %s not deleted: %s", object_url, zaak_url, err)
        flash(
            "Het zaakobject dat DIWI op de zaak had gezet, kon niet worden verwijderd "
            f"({err}). Verwijder het zo nodig in het zaaksysteem: {object_url}",
            "error",
        )
