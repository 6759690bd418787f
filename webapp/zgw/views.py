"""The notificaties receiver and the municipality admin's ZGW page."""

import logging
import secrets
from uuid import UUID

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from webapp.admin.views import allowed
from webapp.zgw import bp
from webapp.zgw import client
from webapp.zgw import forms
from webapp.zgw import queries as q

LOGGER = logging.getLogger(__name__)
ADMINS = ("admin",)
REQUIRED_FIELDS = ("kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum")
STATE_LABELS = {
    "received": "Ontvangen",
    "linked": "Gekoppeld",
    "unmatched": "Niet gekoppeld",
    "ignored": "Genegeerd",
    "error": "Fout",
}


def unauthorised(status: int, detail: str) -> tuple[dict, int, dict]:
    headers = {"WWW-Authenticate": 'Bearer realm="diwi-zgw"'} if status == 401 else {}
    return {"status": status, "detail": detail}, status, headers


@bp.post("/zgw/notificaties")
def receive():
    """A notificatie from the Notificaties API: checked by the abonnement's token, stored once."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        return unauthorised(401, "Authorization: Bearer <token> ontbreekt.")
    municipality = q.municipality_for_token(header[7:].strip())
    if municipality is None:
        return unauthorised(403, "Onbekend token.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or any(not body.get(k) for k in REQUIRED_FIELDS):
        return {"status": 400, "detail": f"Verplicht: {', '.join(REQUIRED_FIELDS)}."}, 400
    if body["kanaal"] == "zaken":
        q.store_notification(municipality, body)
    return "", 204


def mapping_form() -> forms.MappingForm:
    form = forms.MappingForm()
    form.status.choices = q.statuses()
    if not form.is_submitted():
        form.status.data = "realised"
    return form


def outcome_form() -> forms.OutcomeForm:
    form = forms.OutcomeForm(prefix="outcome")
    form.status.choices = q.statuses()
    if not form.is_submitted():
        form.status.data = "realised"
    return form


def page(
    municipality: str,
    config_form: forms.ConfigForm,
    mapping: forms.MappingForm,
    status: int = 200,
    outcome: forms.OutcomeForm | None = None,
):
    return render_template(
        "zgw/index.html",
        config=q.config(municipality),
        config_form=config_form,
        mapping_form=mapping,
        mappings=q.mappings(municipality),
        outcome_form=outcome or outcome_form(),
        outcomes=q.outcomes(municipality),
        inbox=q.inbox(municipality),
        action=forms.ActionForm(),
        moments=dict(forms.MOMENTS),
        state_labels=STATE_LABELS,
    ), status


@bp.get("/beheer/zgw")
@allowed(*ADMINS)
def index(municipality: str):
    config = q.config(municipality) or {}
    form = forms.ConfigForm(data={k: v for k, v in config.items() if k != "secret"})
    return page(municipality, form, mapping_form())


@bp.post("/beheer/zgw")
@allowed(*ADMINS)
def save(municipality: str):
    form = forms.ConfigForm()
    existing = q.config(municipality)
    if form.validate_on_submit() and (existing or form.secret.data):
        data = {name: (getattr(form, name).data or "").strip() for name in q.CONFIG_FIELDS}
        q.save_config(municipality, data)
        flash("De instellingen zijn opgeslagen.", "info")
        if existing and existing["abonnement_url"] and moved(existing, data):
            unsubscribe(municipality, existing)
            q.clear_subscription(municipality)
            subscribe_now(municipality, q.config(municipality))
        return redirect(url_for("zgw.index"))
    if form.is_submitted() and not existing and not form.secret.data:
        form.secret.errors = [*form.secret.errors, "Vul het geheim in."]
    return page(municipality, form, mapping_form(), 400)


def moved(existing: dict, data: dict) -> bool:
    """True when the Notificaties API address changed (the abonnement has to move)."""
    return existing["notificaties_url"].rstrip("/") != data["notificaties_url"].rstrip("/")


@bp.post("/beheer/zgw/koppelingen")
@allowed(*ADMINS)
def add_mapping(municipality: str):
    form = mapping_form()
    if form.validate_on_submit():
        data = {n: getattr(form, n).data.strip() for n in ("zaaktype", "moment", "description")}
        if q.add_mapping(municipality, data | {"status": form.status.data}):
            flash("De koppeling is toegevoegd.", "info")
            return redirect(url_for("zgw.index"))
        form.zaaktype.errors = ["Dit zaaktype heeft al een koppeling voor dit moment."]
    config = q.config(municipality) or {}
    config_form = forms.ConfigForm(formdata=None, data=config)
    return page(municipality, config_form, form, 400)


@bp.post("/beheer/zgw/koppelingen/<uuid:mapping_id>/verwijderen")
@allowed(*ADMINS)
def delete_mapping(municipality: str, mapping_id: UUID):
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    if not q.delete_mapping(municipality, str(mapping_id)):
        abort(404)
    flash("De koppeling is verwijderd.", "info")
    return redirect(url_for("zgw.index"))


@bp.post("/beheer/zgw/resultaten")
@allowed(*ADMINS)
def add_outcome(municipality: str):
    """Map a resultaattype omschrijving to the end milestone's status."""
    form = outcome_form()
    if form.validate_on_submit():
        if q.add_outcome(municipality, form.omschrijving.data.strip(), form.status.data):
            flash("Het resultaat is toegevoegd.", "info")
            return redirect(url_for("zgw.index"))
        form.omschrijving.errors = ["Voor dit resultaat is al een status ingesteld."]
    config_form = forms.ConfigForm(formdata=None, data=q.config(municipality) or {})
    return page(municipality, config_form, mapping_form(), 400, form)


@bp.post("/beheer/zgw/resultaten/<uuid:outcome_id>/verwijderen")
@allowed(*ADMINS)
def delete_outcome(municipality: str, outcome_id: UUID):
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    if not q.delete_outcome(municipality, str(outcome_id)):
        abort(404)
    flash("Het resultaat is verwijderd.", "info")
    return redirect(url_for("zgw.index"))


@bp.post("/beheer/zgw/abonneren")
@allowed(*ADMINS)
def subscribe(municipality: str):
    """Subscribe to the zaken kanaal with a new receive token; the previous abonnement goes."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    config = q.config(municipality)
    if config is None:
        flash("Sla eerst de instellingen op.", "error")
        return redirect(url_for("zgw.index"))
    if subscribe_now(municipality, config) and config["abonnement_url"]:
        unsubscribe(municipality, config)
    return redirect(url_for("zgw.index"))


def subscribe_now(municipality: str, config: dict) -> bool:
    """POST a new abonnement and store its token (the old token stops working); False on error."""
    token = secrets.token_urlsafe(32)
    callback = current_app.config["DIWI_SETTINGS"].public_url.rstrip("/") + url_for("zgw.receive")
    zaaktypen = sorted({m["zaaktype"] for m in q.mappings(municipality)})
    try:
        answer = client.subscribe(config, callback, token, zaaktypen)
    except client.ZgwError as err:
        LOGGER.warning("zgw abonnement of %s failed: %s", municipality, err)
        flash(f"Abonneren is mislukt: {err}", "error")
        return False
    q.record_subscription(municipality, token, answer.get("url"))
    flash("Geabonneerd op het kanaal zaken.", "info")
    return True


def unsubscribe(municipality: str, old: dict) -> None:
    """Delete the previous abonnement at the Notificaties API it was made at (old settings)."""
    if not old.get("abonnement_url"):
        return
    try:
        client.delete(old, old["abonnement_url"], base="notificaties_url")
    except client.ZgwError as err:
        LOGGER.warning("zgw abonnement %s not deleted: %s", old["abonnement_url"], err)
        flash(
            f"Het vorige abonnement kon niet worden opgezegd ({err}). Het stuurt geen geldige "
            f"meldingen meer, maar verwijder het zo nodig in de Notificaties API: "
            f"{old['abonnement_url']}",
            "error",
        )
