"""Webhook subscriber forms: Dutch labels and messages."""

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from webapp.admin.forms import CheckboxesField

EVENT_TYPES = [
    ("project", "Projecten"),
    ("houseblock", "Woningblokken"),
    ("milestone", "Mijlpalen"),
]


def web_address(form: FlaskForm, field: StringField) -> None:
    """An http(s) address with a host name."""
    parts = urlsplit((field.data or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in field.data.strip():
        raise ValidationError("Vul een webadres in dat begint met https:// (of http://).")


def some_chosen(form: FlaskForm, field: CheckboxesField) -> None:
    known = {value for value, _ in EVENT_TYPES}
    if not field.data or not set(field.data) <= known:
        raise ValidationError("Kies ten minste één soort gebeurtenis.")


class SubscriptionForm(FlaskForm):
    name = StringField("Naam", [DataRequired(message="Vul de naam in."), Length(max=200)])
    url = StringField(
        "Webadres (URL) van de ontvanger",
        [DataRequired(message="Vul het webadres in."), Length(max=2000), web_address],
    )
    event_types = CheckboxesField("Gebeurtenissen", [some_chosen], choices=EVENT_TYPES)
    max_confidentiality = SelectField(
        "Hoogste vertrouwelijkheid die de ontvanger mag krijgen", coerce=int, default=7
    )


class ActionForm(FlaskForm):
    """Only the CSRF token, for the buttons."""
