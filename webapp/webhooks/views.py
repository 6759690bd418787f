"""Admin pages for outgoing webhooks: add subscribers, show a secret once, see the delivery log."""

from uuid import UUID

from flask import abort
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_security import current_user

from plugins.jobs.webhooks import SIGNATURE_HEADER
from webapp.admin.views import allowed
from webapp.webhooks import bp
from webapp.webhooks import forms
from webapp.webhooks import queries as q

ADMINS = ("admin",)
STATUS_LABELS = {"pending": "Wacht", "delivered": "Afgeleverd", "failed": "Mislukt"}
CHANGE_LABELS = {"created": "nieuw", "changed": "gewijzigd", "removed": "verwijderd"}


def subscription_form() -> forms.SubscriptionForm:
    form = forms.SubscriptionForm()
    form.max_confidentiality.choices = [(lv["rank"], lv["label_nl"]) for lv in q.levels()]
    return form


def found(value):
    if not value:
        abort(404)
    return value


def with_secret(subscription_id: str, municipality: str, secret: str):
    """The subscriber page showing its secret this one time (never cached)."""
    response = make_response(show_page(municipality, subscription_id, secret=secret))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/", methods=["GET", "POST"])
@allowed(*ADMINS)
def index(municipality: str):
    form = subscription_form()
    if form.validate_on_submit():
        name = form.name.data.strip()
        if q.name_taken(municipality, name):
            form.name.errors = [*form.name.errors, "Er is al een ontvanger met deze naam."]
        else:
            data = {
                "name": name,
                "url": form.url.data.strip(),
                "event_types": form.event_types.data,
                "max_confidentiality": form.max_confidentiality.data,
            }
            subscription_id, secret = q.create_subscription(municipality, data, current_user.id)
            return with_secret(subscription_id, municipality, secret)
    status = 400 if form.is_submitted() else 200
    subscriptions = q.list_subscriptions(municipality)
    return render_template(
        "webhooks/index.html",
        subscriptions=subscriptions,
        form=form,
        labels=dict(forms.EVENT_TYPES),
    ), status


def show_page(municipality: str, subscription_id: str | UUID, secret: str | None = None) -> str:
    subscription = found(q.get_subscription(municipality, subscription_id))
    return render_template(
        "webhooks/show.html",
        subscription=subscription,
        deliveries=q.delivery_log(subscription["id"]),
        secret=secret,
        header=SIGNATURE_HEADER,
        form=forms.ActionForm(),
        labels=dict(forms.EVENT_TYPES),
        status_labels=STATUS_LABELS,
        change_labels=CHANGE_LABELS,
    )


@bp.get("/<uuid:subscription_id>")
@allowed(*ADMINS)
def show(municipality: str, subscription_id: UUID) -> str:
    return show_page(municipality, subscription_id)


def checked_form() -> None:
    if not forms.ActionForm().validate_on_submit():
        abort(400)


@bp.post("/<uuid:subscription_id>/actief")
@allowed(*ADMINS)
def toggle(municipality: str, subscription_id: UUID):
    checked_form()
    active = request.form.get("active") == "1"
    found(q.set_active(municipality, subscription_id, active))
    flash("De ontvanger is ingeschakeld." if active else "De ontvanger is uitgeschakeld.", "info")
    return redirect(url_for("webhooks.show", subscription_id=subscription_id))


@bp.post("/<uuid:subscription_id>/geheim")
@allowed(*ADMINS)
def rotate(municipality: str, subscription_id: UUID):
    checked_form()
    secret = found(q.rotate_secret(municipality, subscription_id))
    return with_secret(str(subscription_id), municipality, secret)


@bp.post("/<uuid:subscription_id>/opnieuw")
@allowed(*ADMINS)
def retry(municipality: str, subscription_id: UUID):
    checked_form()
    found(q.get_subscription(municipality, subscription_id))
    count = q.retry_failed(municipality, subscription_id)
    flash(f"{count} mislukte levering(en) worden opnieuw verstuurd.", "info")
    return redirect(url_for("webhooks.show", subscription_id=subscription_id))


@bp.post("/<uuid:subscription_id>/verwijderen")
@allowed(*ADMINS)
def delete(municipality: str, subscription_id: UUID):
    checked_form()
    found(q.delete_subscription(municipality, subscription_id))
    flash("De ontvanger is verwijderd.", "info")
    return redirect(url_for("webhooks.index"))
