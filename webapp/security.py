"""flask-security-too over our own auth tables (fsqla_v3 columns, uuid ids; never create_all)."""

import uuid
from datetime import datetime

from flask import Flask
from flask_babel import Babel
from flask_security import RoleMixin
from flask_security import Security
from flask_security import SQLAlchemyUserDatastore
from flask_security import UserMixin
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import DateTime
from sqlalchemy import FetchedValue
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

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
    mf_recovery_codes: Mapped[str | None] = mapped_column(Text)
    first_name: Mapped[str] = mapped_column(Text)
    prefixes: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    municipality_code: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(Text)
    province_code: Mapped[str | None] = mapped_column(Text)
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)
    roles = relationship("Role", secondary=user_role, lazy="selectin")

    @property
    def display_name(self) -> str:
        """First name, prefixes and last name as written in Dutch."""
        return " ".join(p for p in (self.first_name, self.prefixes, self.last_name) if p)


SECURITY_DEFAULTS = {
    "SECURITY_PASSWORD_HASH": "argon2",
    "SECURITY_TRACKABLE": True,
    "SECURITY_REGISTERABLE": False,
    "SECURITY_RECOVERABLE": False,
    "SECURITY_CHANGEABLE": False,
    "SECURITY_CONFIRMABLE": False,
    "SECURITY_SEND_REGISTER_EMAIL": False,
    "SECURITY_TWO_FACTOR": False,  # later issue: 2FA (columns tf_* exist)
    "SECURITY_TWO_FACTOR_ENABLED_METHODS": ["authenticator"],
    "SECURITY_OAUTH_ENABLE": False,  # later issue: OIDC
    "SECURITY_TOKEN_AUTHENTICATION_HEADER": "Authentication-Token",
    "SECURITY_TOKEN_MAX_AGE": 8 * 3600,
    "SECURITY_POST_LOGIN_VIEW": "/",
    "SECURITY_POST_LOGOUT_VIEW": "/",
    "SECURITY_MSG_LOGIN": ("Log in om deze pagina te bekijken.", "info"),
    "SECURITY_I18N_DIRNAME": "builtin",
    "BABEL_DEFAULT_LOCALE": LOCALE,
    "WTF_CSRF_ENABLED": True,
}


def init_app(app: Flask) -> None:
    """Wire SQLAlchemy, Babel (Dutch) and flask-security-too into the app."""
    for key, value in SECURITY_DEFAULTS.items():
        app.config.setdefault(key, value)
    orm.init_app(app)
    Babel(app, locale_selector=lambda: LOCALE)
    Security(app, SQLAlchemyUserDatastore(orm, User, Role))


def datastore() -> SQLAlchemyUserDatastore:
    """The user datastore of the current app."""
    from flask import current_app

    return current_app.extensions["security"].datastore
