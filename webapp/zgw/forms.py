"""ZGW admin forms: Dutch labels and messages."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

WEB_ADDRESS = Regexp(r"^https?://\S+$", message="Vul een webadres in dat begint met https://.")
REQUIRED = DataRequired(message="Vul dit veld in.")
MOMENTS = [("start", "Bij de start van de zaak"), ("end", "Bij het einde van de zaak (besluit)")]


class ConfigForm(FlaskForm):
    zaken_url = StringField("Adres van de Zaken API", validators=[REQUIRED, WEB_ADDRESS])
    notificaties_url = StringField(
        "Adres van de Notificaties API", validators=[REQUIRED, WEB_ADDRESS]
    )
    catalogi_url = StringField(
        "Adres van de Catalogi API (voor resultaten; mag leeg)",
        validators=[Optional(), WEB_ADDRESS],
    )
    client_id = StringField("Client-ID", validators=[REQUIRED, Length(max=200)])
    secret = PasswordField(
        "Geheim (leeg laten om het bewaarde te houden)", validators=[Length(max=500)]
    )


class MappingForm(FlaskForm):
    zaaktype = StringField(
        "Zaaktype (adres in de Catalogi API)", validators=[REQUIRED, WEB_ADDRESS]
    )
    moment = SelectField("Moment", choices=MOMENTS)
    description = StringField("Mijlpaal (omschrijving)", validators=[REQUIRED, Length(max=200)])
    status = SelectField("Status van de mijlpaal")


class ActionForm(FlaskForm):
    """Only the CSRF token, for the buttons."""


class OutcomeForm(FlaskForm):
    omschrijving = StringField(
        "Resultaat (omschrijving van het resultaattype)", validators=[REQUIRED, Length(max=200)]
    )
    status = SelectField("Status van de eindmijlpaal")


class LinkForm(FlaskForm):
    zaak_url = StringField("Adres van de zaak (Zaken API)", validators=[REQUIRED, WEB_ADDRESS])


class UnlinkForm(FlaskForm):
    zaak_url = HiddenField(validators=[REQUIRED])
