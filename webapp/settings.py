"""Typed web-app settings read from DIWI_* environment variables."""

import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "DIWI_"
LOCAL_CLUSTER = "127.0.0.1:55432/diwi"


def env(name: str, default: str = "") -> str:
    """The value of DIWI_<name>, or the default when unset or empty."""
    return os.environ.get(ENV_PREFIX + name) or default


def env_bool(name: str, default: bool) -> bool:
    """A DIWI_<name> flag: 1/true/yes/on are true."""
    value = os.environ.get(ENV_PREFIX + name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class WebSettings:
    """Everything the web app needs from its environment."""

    secret_key: str = field(default_factory=lambda: env("SECRET_KEY"))
    password_salt: str = field(default_factory=lambda: env("PASSWORD_SALT", "diwi-local-salt"))
    database_url: str = field(
        default_factory=lambda: env("DATABASE_URL", f"postgresql://diwi_webapp@{LOCAL_CLUSTER}")
    )
    reader_database_url: str = field(
        default_factory=lambda: env(
            "READER_DATABASE_URL", f"postgresql://diwi_reader@{LOCAL_CLUSTER}"
        )
    )
    public_url: str = field(default_factory=lambda: env("PUBLIC_URL", "http://127.0.0.1:8000"))
    var_dir: Path = field(default_factory=lambda: Path(env("VAR_DIR", str(ROOT / "var"))))
    pygeoapi_config: Path = field(
        default_factory=lambda: Path(env("PYGEOAPI_CONFIG", str(ROOT / "pygeoapi-config.yml")))
    )
    session_minutes: int = field(default_factory=lambda: int(env("SESSION_MINUTES", "480")))
    secure_cookies: bool = field(default_factory=lambda: env_bool("SECURE_COOKIES", False))
    debug: bool = field(default_factory=lambda: env_bool("DEBUG", False))
    pool_max_size: int = field(default_factory=lambda: int(env("DB_POOL_MAX", "8")))

    @property
    def openapi_path(self) -> Path:
        """Where the generated pygeoapi OpenAPI document lives."""
        return self.var_dir / "pygeoapi-openapi.yml"

    @property
    def sqlalchemy_url(self) -> str:
        """The web-app database URL in SQLAlchemy's psycopg 3 dialect."""
        return self.database_url.replace("postgresql://", "postgresql+psycopg://", 1)

    def flask_config(self) -> dict:
        """Flask configuration keys derived from these settings."""
        return {
            "SECRET_KEY": self.secret_key,
            "DEBUG": self.debug,
            "DIWI_SETTINGS": self,
            "SQLALCHEMY_DATABASE_URI": self.sqlalchemy_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "SECURITY_PASSWORD_SALT": self.password_salt,
            "PERMANENT_SESSION_LIFETIME": self.session_minutes * 60,
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "REMEMBER_COOKIE_SECURE": self.secure_cookies,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
        }


class SettingsError(RuntimeError):
    """A setting that is missing or inconsistent."""


def check(config: dict) -> None:
    """Refuse to run without a secret key outside debug and testing."""
    if not config.get("SECRET_KEY"):
        if config.get("DEBUG") or config.get("TESTING"):
            config["SECRET_KEY"] = "diwi-insecure-development-key"
        else:
            raise SettingsError(f"{ENV_PREFIX}SECRET_KEY must be set (or {ENV_PREFIX}DEBUG=1)")
