"""Admin forms: Dutch labels and messages, and rule codes from the database mapped to fields."""

import re
from decimal import Decimal
from decimal import InvalidOperation

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import DateField
from wtforms import Field
from wtforms import HiddenField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from webapp.admin.queries import RuleViolation
from webapp.admin.queries import regex_valid

OBJECT_TYPES = [("project", "Project"), ("houseblock", "Woningblok")]
VALUE_TYPES = [
    ("boolean", "Ja/nee"),
    ("category", "Categorie"),
    ("ordinal", "Ordinaal (rangorde)"),
    ("numeric", "Getal"),
    ("text", "Tekst"),
]
PRICE_KINDS = [("purchase", "Koop"), ("rent", "Huur (per maand)")]
THOUSANDS_RE = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


def required(what: str) -> DataRequired:
    return DataRequired(message=f"Vul {what} in.")


def parse_decimal(text: str | None) -> Decimal | None:
    """A Dutch or plain decimal ('250.000', '1234,50', '12.5'); None if empty; ValueError if bad."""
    text = (text or "").strip().replace(" ", "").replace("€", "")
    if not text:
        return None
    if THOUSANDS_RE.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: FlaskForm) -> None:
        """Unknown choices are checked against the municipality by the queries, not here."""


class AdminForm(FlaskForm):
    """A form that can show a database rule violation next to the field it is about."""

    RULE_FIELDS: dict[str, str] = {}

    def add_rule_error(self, error: RuleViolation) -> None:
        field: Field | None = getattr(self, self.RULE_FIELDS.get(error.code, ""), None)
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            self.form_errors.append(error.message)

    def add_error(self, field: Field, message: str) -> None:
        field.errors = [*field.errors, message]


# --- users and groups --------------------------------------------------------------------


class UserForm(AdminForm):
    RULE_FIELDS = {
        "user_email_invalid": "email",
        "app_user_email_unique": "email",
        "user_group_name_taken": "email",
    }
    first_name = StringField("Voornaam", [required("de voornaam"), Length(max=100)])
    prefixes = StringField("Tussenvoegsels", [Optional(), Length(max=30)])
    last_name = StringField("Achternaam", [required("de achternaam"), Length(max=100)])
    email = StringField(
        "E-mailadres",
        [
            required("het e-mailadres"),
            Email(message="Ongeldig e-mailadres.", check_deliverability=False),
        ],
    )
    organisation = StringField("Organisatie (bij externe partners)", [Optional(), Length(max=200)])
    role = SelectField("Rol", [required("de rol")], validate_choice=False)

    def validate_role(self, field: Field) -> None:
        if field.data not in dict(field.choices or []):
            raise ValidationError("Kies een van de rollen uit de lijst.")


class RoleForm(AdminForm):
    role = SelectField("Rol", [required("de rol")], validate_choice=False)

    def validate_role(self, field: Field) -> None:
        if field.data not in dict(field.choices or []):
            raise ValidationError("Kies een van de rollen uit de lijst.")


class ActiveForm(AdminForm):
    active = HiddenField()


class InviteForm(AdminForm):
    """The button that sends the invitation e-mail again (only its CSRF token)."""


class MembershipForm(AdminForm):
    group_ids = CheckboxesField("Gebruikersgroepen", choices=[])


class GroupForm(AdminForm):
    RULE_FIELDS = {"user_group_name_taken": "name"}
    name = StringField("Naam", [required("de naam"), Length(max=200)])
    organisation = StringField("Organisatie (externe partner)", [Optional(), Length(max=200)])


class MembersForm(AdminForm):
    user_ids = CheckboxesField("Leden", choices=[])


# --- custom properties -------------------------------------------------------------------


class PropertyForm(AdminForm):
    RULE_FIELDS = {
        "property_name_blank": "name",
        "property_name_taken": "name",
        "property_single_select_missing": "single_select",
        "property_rules_not_object": "min_value",
        "property_rules_invalid": "min_value",
    }
    name = StringField("Naam", [required("de naam"), Length(max=200)])
    description = TextAreaField("Toelichting", [Optional(), Length(max=2000)])
    object_type = SelectField("Hoort bij", choices=OBJECT_TYPES)
    value_type = SelectField("Type", choices=VALUE_TYPES)
    mandatory = BooleanField("Verplicht")
    single_select = BooleanField("Eén optie kiezen (bij categorie)")
    min_value = StringField("Minimum (bij getal)")
    max_value = StringField("Maximum (bij getal)")
    integer = BooleanField("Alleen gehele getallen (bij getal)")
    pattern = StringField("Patroon, reguliere expressie (bij tekst)", [Optional(), Length(max=500)])
    max_length = StringField("Maximale lengte (bij tekst)")
    allowed_phases = CheckboxesField("Alleen in deze projectfasen (leeg: alle)", choices=[])

    fixed_type: str | None = None  # set when editing: the type cannot change once values exist

    def current_type(self) -> str:
        return self.fixed_type or self.value_type.data

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = super().validate(extra_validators)
        self.rules = self.collect_rules()
        return ok and not any(f.errors for f in self)

    def collect_rules(self) -> dict:
        """The rules JSON of the chosen type; field errors for rules that do not fit."""
        kind = self.current_type()
        rules: dict = self.number_rules() if kind == "numeric" else {}
        if kind != "numeric":
            self.refuse_unless(kind, "numeric", self.min_value, self.max_value)
        if kind == "text":
            rules |= self.text_rules()
        else:
            self.refuse_unless(kind, "text", self.pattern, self.max_length)
        phases = [p for p in self.allowed_phases.data or [] if p]
        if phases and self.object_type_value() != "project":
            self.add_error(
                self.allowed_phases, "Projectfasen gelden alleen voor plusvelden van projecten."
            )
        elif phases:
            rules["allowed_phases"] = phases
        return rules

    def object_type_value(self) -> str:
        return getattr(self, "fixed_object_type", None) or self.object_type.data

    def refuse_unless(self, kind: str, needed: str, *fields: Field) -> None:
        label = dict(VALUE_TYPES)[needed]
        for field in fields:
            if (field.data or "").strip():
                self.add_error(field, f"Dit geldt alleen voor het type {label}.")

    def number_rules(self) -> dict:
        rules: dict = {}
        for key, field in (("min", self.min_value), ("max", self.max_value)):
            try:
                value = parse_decimal(field.data)
            except ValueError:
                self.add_error(
                    field, f"{field.label.text}: vul een getal in, bijvoorbeeld 12 of 2,5."
                )
                continue
            if value is not None:
                rules[key] = int(value) if value == value.to_integral_value() else float(value)
        if "min" in rules and "max" in rules and rules["min"] > rules["max"]:
            self.add_error(
                self.max_value, "Het maximum moet groter dan of gelijk aan het minimum zijn."
            )
        if self.integer.data:
            rules["integer"] = True
        return rules

    def text_rules(self) -> dict:
        rules: dict = {}
        pattern = (self.pattern.data or "").strip()
        if pattern and not (is_python_regex(pattern) and regex_valid(pattern)):
            self.add_error(self.pattern, "Het patroon is geen geldige reguliere expressie.")
        elif pattern:
            rules["pattern"] = pattern
        length = (self.max_length.data or "").strip()
        if length and not (length.isdigit() and int(length) > 0):
            self.add_error(self.max_length, "De maximale lengte is een geheel getal groter dan 0.")
        elif length:
            rules["max_length"] = int(length)
        return rules

    def values(self) -> dict:
        """The property columns as the queries expect them."""
        kind = self.current_type()
        return {
            "name": self.name.data.strip(),
            "description": (self.description.data or "").strip() or None,
            "object_type": self.object_type_value(),
            "value_type": kind,
            "mandatory": bool(self.mandatory.data),
            "single_select": bool(self.single_select.data) if kind == "category" else None,
            "rules": self.rules,
        }


def is_python_regex(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


class OptionForm(AdminForm):
    RULE_FIELDS = {"property_option_code_taken": "label", "property_option_label_blank": "label"}
    label = StringField("Naam van de optie", [required("de naam van de optie"), Length(max=200)])


class ToggleForm(AdminForm):
    """A button that disables or enables something (disable=1 or 0)."""

    disable = HiddenField()


# --- price categories --------------------------------------------------------------------


class PriceCategoryForm(AdminForm):
    RULE_FIELDS = {
        "price_category_bounds_invalid": "max_euros",
        "price_category_period_invalid": "valid_to",
        "price_category_name_taken": "name",
    }
    price_kind = SelectField("Soort", choices=PRICE_KINDS)
    name = StringField("Naam", [required("de naam"), Length(max=200)])
    min_euros = StringField("Ondergrens in euro", [required("de ondergrens")])
    max_euros = StringField("Bovengrens in euro (leeg: geen bovengrens)")
    valid_from = DateField("Geldig vanaf", [required("de begindatum")])
    valid_to = DateField("Geldig tot (leeg: onbepaald)", [Optional()])

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = super().validate(extra_validators)
        self.cents = {
            key: self.cents_of(field)
            for key, field in (("min", self.min_euros), ("max", self.max_euros))
        }
        return ok and not any(f.errors for f in self)

    def cents_of(self, field: Field) -> int | None:
        try:
            value = parse_decimal(field.data)
        except ValueError:
            self.add_error(
                field, f"{field.label.text}: vul een bedrag in, bijvoorbeeld 250.000 of 1.050,50."
            )
            return None
        if value is not None and value < 0:
            self.add_error(field, f"{field.label.text}: een bedrag mag niet negatief zijn.")
            return None
        return None if value is None else int((value * 100).to_integral_value())

    def values(self) -> dict:
        return {
            "price_kind": self.price_kind.data,
            "name": self.name.data.strip(),
            "min_cents": self.cents["min"],
            "max_cents": self.cents["max"],
            "valid_from": self.valid_from.data,
            "valid_to": self.valid_to.data,
        }


class EndPriceCategoryForm(AdminForm):
    RULE_FIELDS = {"price_category_period_invalid": "valid_to"}
    valid_to = DateField("Geldig tot", [required("de einddatum")])


# --- districts and neighbourhoods --------------------------------------------------------


class DistrictForm(AdminForm):
    RULE_FIELDS = {
        "district_code_invalid": "code",
        "district_code_wrong_municipality": "code",
        "district_code_taken": "code",
        "district_name_blank": "name",
    }
    code = StringField("CBS-wijkcode (WKggggww)", [required("de wijkcode")])
    name = StringField("Naam", [required("de naam"), Length(max=200)])


class NeighbourhoodForm(AdminForm):
    RULE_FIELDS = {
        "neighbourhood_code_invalid": "code",
        "neighbourhood_code_wrong_district": "code",
        "neighbourhood_code_taken": "code",
        "neighbourhood_name_blank": "name",
    }
    district_code = SelectField("Wijk", validate_choice=False)
    code = StringField("CBS-buurtcode (BUggggwwbb)", [required("de buurtcode")])
    name = StringField("Naam", [required("de naam"), Length(max=200)])


class RenameForm(AdminForm):
    RULE_FIELDS = {"district_name_blank": "name", "neighbourhood_name_blank": "name"}
    code = HiddenField()
    name = StringField("Nieuwe naam", [required("de naam"), Length(max=200)])


class SecurityForm(FlaskForm):
    """The municipality's sign-in requirements."""

    two_factor_required = BooleanField(
        "Inloggen in twee stappen (authenticator-app) verplicht voor alle gebruikers"
    )
