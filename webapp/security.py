"""flask-security-too over our own auth tables (fsqla_v3 columns, uuid ids; never create_all)."""

import base64
import hashlib
import uuid
from datetime import UTC
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask
from flask import current_app
from flask import session
from flask_babel import Babel
from flask_security import LoginForm
from flask_security import RoleMixin
from flask_security import Security
from flask_security import SQLAlchemyUserDatastore
from flask_security import TwoFactorVerifyCodeForm
from flask_security import UserMixin
from flask_security import WebAuthnMixin
from flask_security import WebauthnUtil
from flask_security import password_reset
from flask_security import user_authenticated
from flask_security.datastore import AsaList
from flask_security.password_util import PasswordUtil
from flask_security.utils import get_message
from flask_security.utils import password_breached_validator
from flask_security.utils import password_complexity_validator
from flask_security.utils import password_length_validator
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import DateTime
from sqlalchemy import FetchedValue
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from webapp import mail
from webapp.settings import env

ROLE_NAMES = (
    "admin",
    "user_plus",
    "user",
    "management",
    "council",
    "external",
    "region_reader",
    "province_reader",
)
LOCALE = "nl_NL"

orm = SQLAlchemy()

user_role = Table(
    "user_role",
    orm.metadata,
    Column("user_id", Uuid, ForeignKey("auth.app_user.id"), primary_key=True),
    Column("role_id", Uuid, ForeignKey("auth.role.id"), primary_key=True),
    schema="auth",
)


class Role(orm.Model, RoleMixin):
    __tablename__ = "role"
    __table_args__ = {"schema": "auth"}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, server_default=FetchedValue())
    name: Mapped[str] = mapped_column(Text, unique=True)
    label_nl: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    permissions: Mapped[str | None] = mapped_column(Text)


class User(orm.Model, UserMixin):
    __tablename__ = "app_user"
    __table_args__ = {"schema": "auth"}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, server_default=FetchedValue())
    email: Mapped[str] = mapped_column(Text)
    username: Mapped[str | None] = mapped_column(Text)
    password: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    fs_uniquifier: Mapped[str] = mapped_column(Text, unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    current_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_ip: Mapped[str | None] = mapped_column(Text)
    current_login_ip: Mapped[str | None] = mapped_column(Text)
    login_count: Mapped[int | None] = mapped_column(Integer)
    tf_primary_method: Mapped[str | None] = mapped_column(Text)
    tf_totp_secret: Mapped[str | None] = mapped_column(Text)
    tf_phone_number: Mapped[str | None] = mapped_column(Text)
    us_totp_secrets: Mapped[str | None] = mapped_column(Text)
    us_phone_number: Mapped[str | None] = mapped_column(Text)
    fs_webauthn_user_handle: Mapped[str | None] = mapped_column(Text)
    # comma-separated in a text column, as in flask-security's own models
    mf_recovery_codes: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(AsaList()))
    first_name: Mapped[str] = mapped_column(Text)
    prefixes: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    municipality_code: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(Text)
    province_code: Mapped[str | None] = mapped_column(Text)
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)
    roles = relationship("Role", secondary=user_role, lazy="selectin")
    webauthn = relationship("WebAuthn", back_populates="user", cascade="all, delete-orphan")

    @property
    def display_name(self) -> str:
        """First name, prefixes and last name as written in Dutch."""
        return " ".join(p for p in (self.first_name, self.prefixes, self.last_name) if p)

    def must_use_two_factor(self) -> bool:
        """Admins (DIWI_TWO_FACTOR_ROLES) and everyone in a municipality that requires it."""
        from webapp.account.queries import municipality_requires_two_factor

        roles = set(current_app.config["DIWI_TWO_FACTOR_ROLES"])
        if roles & {r.name for r in self.roles}:
            return True
        return municipality_requires_two_factor(self.municipality_code)

    def check_tf_required(self, tf_setup_methods: list, tf_fresh: bool) -> tuple[bool, list]:
        """flask-security's per-user hook: our requirement instead of a global flag."""
        needed = self.must_use_two_factor() or bool(tf_setup_methods)
        always = current_app.config["SECURITY_TWO_FACTOR_ALWAYS_VALIDATE"]
        return needed and (always or not tf_fresh), tf_setup_methods

    def check_tf_required_setup(self) -> bool:
        return self.must_use_two_factor()

    def track_failed_authn(self, auth_type: str, tfa: bool = False) -> None:
        """Count the failure; too many within the window lock the account."""
        from webapp.account.queries import record_failed_login

        super().track_failed_authn(auth_type, tfa)
        config = current_app.config
        record_failed_login(
            self.id, auth_type, config["DIWI_LOCKOUT_ATTEMPTS"], config["DIWI_LOCKOUT_MINUTES"]
        )

    def is_locked(self, form_error: list[str] | None = None) -> bool:
        from webapp.account.queries import is_locked

        locked = is_locked(self.id)
        if locked and form_error is not None and locked_message() not in form_error:
            form_error.append(locked_message())
        return locked


class WebAuthn(orm.Model, WebAuthnMixin):
    """A registered security key (auth.webauthn); flask-security reads and writes these columns."""

    __tablename__ = "webauthn"
    __table_args__ = {"schema": "auth"}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, server_default=FetchedValue())
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("auth.app_user.id"))
    name: Mapped[str] = mapped_column(Text)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    transports: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(AsaList()))
    backup_state: Mapped[bool] = mapped_column(Boolean, default=False)
    device_type: Mapped[str] = mapped_column(Text)
    extensions: Mapped[str | None] = mapped_column(Text)
    usage: Mapped[str] = mapped_column(Text)
    create_datetime: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=FetchedValue()
    )
    lastuse_datetime: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user = relationship("User", back_populates="webauthn")


class DiwiWebauthnUtil(WebauthnUtil):
    """The origin a security key must have signed for: DIWI_PUBLIC_URL's, not the request's.

    Behind a TLS-terminating proxy the request says http while the browser signs for https.
    flask-security takes the relying-party id from the request's Host header (the proxy must pass
    it on); it has to be the host name of DIWI_PUBLIC_URL, and a domain name, not an IP address.
    """

    def origin(self) -> str:
        return current_app.config["DIWI_WEBAUTHN_ORIGIN"]

    def registration_options(self, user: User, usage: str, existing_options: dict) -> dict:
        """The key and the browser show the user's name next to the e-mail address."""
        options = super().registration_options(user, usage, existing_options)
        return options | {"user_display_name": user.display_name}


def public_origin(public_url: str) -> str:
    """scheme://host[:port] of a URL, as a browser writes the origin into its WebAuthn data."""
    parts = urlsplit(public_url)
    return f"{parts.scheme}://{parts.netloc}"


def locked_message() -> str:
    """The Dutch message for a temporarily locked account."""
    config = current_app.config
    return (
        f"Dit account is tijdelijk geblokkeerd na {config['DIWI_LOCKOUT_ATTEMPTS']} mislukte "
        f"inlogpogingen. Probeer het over {config['DIWI_LOCKOUT_MINUTES']} minuten opnieuw."
    )


class DiwiLoginForm(LoginForm):
    """A locked account gets the lock message whether or not the password was right."""

    def validate(self, **kwargs) -> bool:
        valid = super().validate(**kwargs)
        user = getattr(self, "user", None)
        if user is None or not user.is_locked():
            return valid
        self.password.errors = []
        self.email.errors = [locked_message()]
        return False


class DiwiTwoFactorCodeForm(TwoFactorVerifyCodeForm):
    """No more code guessing once the account is locked."""

    def validate(self, **kwargs) -> bool:
        if self.user is not None and self.user.is_locked():
            self.code.errors = [locked_message()]
            return False
        return super().validate(**kwargs)


# flask-security's Dutch translation lacks (or marks fuzzy) its two-factor messages ...
TWO_FACTOR_MESSAGES = {
    "TWO_FACTOR_INVALID_TOKEN": (
        "Deze code klopt niet. Voer de code in die uw authenticator-app nu toont.",
        "error",
    ),
    "TWO_FACTOR_LOGIN_SUCCESSFUL": ("Uw code is bevestigd.", "success"),
    "TWO_FACTOR_CHANGE_METHOD_SUCCESSFUL": ("Uw tweestapsverificatie is gewijzigd.", "success"),
    "TWO_FACTOR_DISABLED": ("Tweestapsverificatie staat nu uit.", "success"),
    "TWO_FACTOR_METHOD_NOT_AVAILABLE": ("Deze methode is niet beschikbaar.", "error"),
    "TWO_FACTOR_PERMISSION_DENIED": ("U heeft geen toegang tot deze pagina.", "error"),
    "TWO_FACTOR_SETUP_EXPIRED": (
        "Het instellen moet binnen %(within)s klaar zijn. Begin opnieuw.",
        "error",
    ),
}

# ... and its multi-factor recovery-code messages.
RECOVERY_CODE_MESSAGES = {
    "INVALID_RECOVERY_CODE": ("Deze herstelcode klopt niet of is al gebruikt.", "error"),
    "NO_RECOVERY_CODES_SETUP": ("U heeft nog geen herstelcodes aangemaakt.", "info"),
}

# ... and those of the reset link (also the invitation link: webapp/admin/invitations.py) and of
# the password policy.
PASSWORD_MESSAGES = {
    "INVALID_RESET_PASSWORD_TOKEN": (
        "Deze link is niet (meer) geldig: hij is al gebruikt of het wachtwoord is intussen "
        "gewijzigd. Vraag hieronder zo nodig een nieuwe link aan.",
        "error",
    ),
    "PASSWORD_RESET_EXPIRED": (
        "Deze link is verlopen: hij was %(within)s geldig. Vraag hieronder een nieuwe link aan.",
        "error",
    ),
    "PASSWORD_RESET_NO_LOGIN": (
        "Uw wachtwoord is ingesteld. Log in met uw e-mailadres en het nieuwe wachtwoord.",
        "success",
    ),
    "PASSWORD_INVALID_LENGTH": (
        "Het wachtwoord moet minstens %(length)s tekens lang zijn.",
        "error",
    ),
    "PASSWORD_TOO_SIMPLE": (
        "Dit wachtwoord is te makkelijk te raden. Kies een langer wachtwoord, bijvoorbeeld een "
        "zin van een paar ongewone woorden.",
        "error",
    ),
}

# ... and its WebAuthn messages (untranslated): they name the key "beveiligingssleutel". The
# verification failure leaves out py_webauthn's English cause.
WEBAUTHN_MESSAGES = {
    "WEBAUTHN_EXPIRED": (
        "Het gebruik van de beveiligingssleutel moet binnen %(within)s klaar zijn. Begin opnieuw.",
        "error",
    ),
    "WEBAUTHN_NAME_REQUIRED": ("Geef de beveiligingssleutel een naam.", "error"),
    "WEBAUTHN_NAME_INUSE": ("U heeft al een beveiligingssleutel met de naam %(name)s.", "error"),
    "WEBAUTHN_NAME_NOT_FOUND": ("U heeft geen beveiligingssleutel met de naam %(name)s.", "error"),
    "WEBAUTHN_NAME_DISALLOWED_CHARACTERS": (
        "Een naam mag alleen letters, cijfers, spaties en streepjes bevatten.",
        "error",
    ),
    "WEBAUTHN_CREDENTIAL_DELETED": ("De beveiligingssleutel %(name)s is verwijderd.", "success"),
    "WEBAUTHN_REGISTER_SUCCESSFUL": ("De beveiligingssleutel %(name)s is toegevoegd.", "success"),
    "WEBAUTHN_CREDENTIAL_ID_INUSE": ("Deze beveiligingssleutel is al toegevoegd.", "error"),
    "WEBAUTHN_UNKNOWN_CREDENTIAL_ID": ("Deze beveiligingssleutel kent DIWI niet.", "error"),
    "WEBAUTHN_ORPHAN_CREDENTIAL_ID": ("Deze beveiligingssleutel hoort bij geen account.", "error"),
    "WEBAUTHN_NO_VERIFY": (
        "De beveiligingssleutel kon niet worden gecontroleerd. Probeer het opnieuw.",
        "error",
    ),
    "WEBAUTHN_CREDENTIAL_WRONG_USAGE": (
        "Deze beveiligingssleutel is niet voor deze stap ingesteld.",
        "error",
    ),
    "WEBAUTHN_MISMATCH_USER_HANDLE": (
        "Deze beveiligingssleutel hoort niet bij dit account.",
        "error",
    ),
    "API_ERROR": ("Dit verzoek is niet compleet of klopt niet. Probeer het opnieuw.", "error"),
    "REAUTHENTICATION_REQUIRED": ("Bevestig eerst opnieuw dat u het bent.", "error"),
    "REAUTHENTICATION_SUCCESSFUL": ("U heeft opnieuw bevestigd dat u het bent.", "success"),
}
DUTCH_MESSAGES = (
    TWO_FACTOR_MESSAGES | RECOVERY_CODE_MESSAGES | PASSWORD_MESSAGES | WEBAUTHN_MESSAGES
)


class DutchPasswordUtil(PasswordUtil):
    """zxcvbn explains a weak password only in English: ours says it in Dutch instead."""

    def validate(self, password: str, is_register: bool, **kwargs) -> tuple[list | None, str]:
        normalized = self.normalize(password)
        refused = password_length_validator(normalized) or password_breached_validator(normalized)
        if not refused and password_complexity_validator(normalized, is_register, **kwargs):
            refused = [get_message("PASSWORD_TOO_SIMPLE")[0]]
        return refused, normalized


SECURITY_DEFAULTS = {
    "SECURITY_PASSWORD_HASH": "argon2",
    "SECURITY_TRACKABLE": True,
    "SECURITY_REGISTERABLE": False,
    "SECURITY_RECOVERABLE": True,
    "SECURITY_CHANGEABLE": True,
    # needs confirmed_at on existing (demo) accounts before it can be on by default
    "SECURITY_CONFIRMABLE": False,
    "SECURITY_SEND_REGISTER_EMAIL": False,
    "SECURITY_TWO_FACTOR": True,
    "SECURITY_TWO_FACTOR_ENABLED_METHODS": ["authenticator"],
    "SECURITY_TWO_FACTOR_REQUIRED": False,  # per user: User.check_tf_required
    "SECURITY_TWO_FACTOR_ALWAYS_VALIDATE": True,
    "SECURITY_TOTP_ISSUER": "DIWI",
    "SECURITY_MULTI_FACTOR_RECOVERY_CODES": True,
    # security keys as a second step next to the authenticator app (never instead of the password)
    "SECURITY_WEBAUTHN": True,
    "SECURITY_WAN_RP_NAME": "DIWI",
    "SECURITY_WAN_ALLOW_AS_FIRST_FACTOR": False,
    "SECURITY_WAN_ALLOW_AS_MULTI_FACTOR": False,
    "SECURITY_WAN_ALLOW_AS_VERIFY": ["secondary"],
    "SECURITY_PASSWORD_LENGTH_MIN": 12,
    "SECURITY_PASSWORD_COMPLEXITY_CHECKER": "zxcvbn",
    "SECURITY_POST_RESET_VIEW": "/login",
    "SECURITY_POST_CHANGE_VIEW": "/account/",
    "SECURITY_EMAIL_SUBJECT_PASSWORD_RESET": "DIWI: nieuw wachtwoord instellen",
    "SECURITY_EMAIL_SUBJECT_PASSWORD_NOTICE": "DIWI: uw wachtwoord is ingesteld",
    "SECURITY_EMAIL_SUBJECT_PASSWORD_CHANGE_NOTICE": "DIWI: uw wachtwoord is gewijzigd",
    "SECURITY_EMAIL_SUBJECT_CONFIRM": "DIWI: bevestig uw e-mailadres",
    # syntax only: no DNS look-ups (the addresses are those of existing users)
    "SECURITY_EMAIL_VALIDATOR_ARGS": {"check_deliverability": False},
    "DIWI_TWO_FACTOR_ROLES": ["admin"],
    "DIWI_LOCKOUT_ATTEMPTS": 5,
    "DIWI_LOCKOUT_MINUTES": 15,
    "SECURITY_OAUTH_ENABLE": False,  # later issue: OIDC
    "SECURITY_TOKEN_AUTHENTICATION_HEADER": "Authentication-Token",
    "SECURITY_TOKEN_MAX_AGE": 8 * 3600,
    "SECURITY_POST_LOGIN_VIEW": "/",
    "SECURITY_POST_LOGOUT_VIEW": "/",
    "SECURITY_MSG_LOGIN": ("Log in om deze pagina te bekijken.", "info"),
    **{f"SECURITY_MSG_{key}": message for key, message in DUTCH_MESSAGES.items()},
    "SECURITY_I18N_DIRNAME": "builtin",
    "BABEL_DEFAULT_LOCALE": LOCALE,
    "WTF_CSRF_ENABLED": True,
}


def init_app(app: Flask) -> None:
    """Wire SQLAlchemy, Babel (Dutch) and flask-security-too into the app."""
    for key, value in SECURITY_DEFAULTS.items():
        app.config.setdefault(key, value)
    for key, value in derived_secrets(app.config["SECRET_KEY"]).items():
        app.config.setdefault(key, value)
    app.config.setdefault("REMEMBER_COOKIE_DURATION", app.config["PERMANENT_SESSION_LIFETIME"])
    app.config.setdefault(
        "DIWI_WEBAUTHN_ORIGIN", public_origin(app.config["DIWI_SETTINGS"].public_url)
    )
    mail.init_app(app)
    orm.init_app(app)
    Babel(app, locale_selector=lambda: LOCALE)
    Security(
        app,
        SQLAlchemyUserDatastore(orm, User, Role, webauthn_model=WebAuthn),
        login_form=DiwiLoginForm,
        two_factor_verify_code_form=DiwiTwoFactorCodeForm,
        password_util_cls=DutchPasswordUtil,
        mail_util_cls=mail.NoticeTolerantMailUtil,
        webauthn_util_cls=DiwiWebauthnUtil,
    )
    app.before_request(expire_idle_sessions)
    user_authenticated.connect(forget_failures, app)
    password_reset.connect(confirm_address, app)


def derived_secrets(secret_key: str) -> dict:
    """TOTP and recovery-code keys: DIWI_TOTP_SECRET, else derived from the secret key."""
    base = env("TOTP_SECRET") or hashlib.sha256(f"diwi-totp:{secret_key}".encode()).hexdigest()
    fernet = base64.urlsafe_b64encode(hashlib.sha256(f"recovery:{base}".encode()).digest())
    return {
        "SECURITY_TOTP_SECRETS": {"1": base},
        "SECURITY_MULTI_FACTOR_RECOVERY_CODES_KEYS": [fernet],
    }


def expire_idle_sessions() -> None:
    """Permanent sessions: the cookie is renewed on each request and expires after the lifetime."""
    session.permanent = True


def forget_failures(app: Flask, user: User, **kwargs) -> None:
    """A successful sign-in clears earlier failed attempts."""
    from webapp.account.queries import forget_failed_logins

    forget_failed_logins(user.id)


def confirm_address(app: Flask, user: User, **kwargs) -> None:
    """A password chosen through an e-mailed link proves the address: record confirmed_at once.

    The reset view commits the session after this signal, together with the new password.
    """
    if user.confirmed_at is None:
        user.confirmed_at = datetime.now(UTC)


def datastore() -> SQLAlchemyUserDatastore:
    """The user datastore of the current app."""
    from flask import current_app

    return current_app.extensions["security"].datastore
