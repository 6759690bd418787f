"""Forms of the account pages (CSRF through Flask-WTF)."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length


class CreateTokenForm(FlaskForm):
    name = StringField(
        "Naam",
        validators=[
            DataRequired("Naam: geef het token een naam, bijvoorbeeld 'QGIS laptop'."),
            Length(max=100, message="Naam: gebruik hoogstens 100 tekens."),
        ],
    )


class RevokeTokenForm(FlaskForm):
    """Only the CSRF token; the token id is in the URL."""
