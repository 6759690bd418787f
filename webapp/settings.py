"""Typed web-app settings read from DIWI_* environment variables."""

import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "DIWI_"


def env(name: str, default: str = "") -> str:
    """The value of DIWI_<name>, or the default when unset or empty."""
    return os.environ.get(ENV_PREFIX + name) or default


def local_url(role: str) -> str:
    """The local cluster's URL for a DIWI role, from DIWI_DB_HOST/PORT/NAME and its password."""
    password = env(f"DB_{role.upper()}_PASSWORD")
    user = f"diwi_{role}" + (f":{quote(password, safe='')}" if password else "")
    host, port = env("DB_HOST", "127.0.0.1"), env("DB_PORT", "55432")
    return f"postgresql://{user}@{host}:{port}/{env('DB_NAME', 'diwi')}"


def local_public_url() -> str:
    """Where `make run` serves the app: DIWI_WEB_HOST and DIWI_WEB_PORT."""
    return f"http://{env('WEB_HOST', '127.0.0.1')}:{env('WEB_PORT', '8000')}"


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
    database_url: str = field(default_factory=lambda: env("DATABASE_URL") or local_url("webapp"))
    reader_database_url: str = field(
        default_factory=lambda: env("READER_DATABASE_URL") or local_url("reader")
    )
    public_url: str = field(default_factory=lambda: env("PUBLIC_URL") or local_public_url())
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
            **import_limits(),
        }


def import_limits() -> dict:
    """DIWI_IMPORT_MAX_ROWS / DIWI_IMPORT_MAX_BYTES when set (the importer has defaults)."""
    names = ("IMPORT_MAX_ROWS", "IMPORT_MAX_BYTES")
    return {f"{ENV_PREFIX}{name}": int(env(name)) for name in names if env(name)}


class SettingsError(RuntimeError):
    """A setting that is missing or inconsistent."""


def check(config: dict) -> None:
    """Refuse to run without a secret key outside debug and testing."""
    if not config.get("SECRET_KEY"):
        if config.get("DEBUG") or config.get("TESTING"):
            config["SECRET_KEY"] = "diwi-insecure-development-key"
        else:
            raise SettingsError(f"{ENV_PREFIX}SECRET_KEY must be set (or {ENV_PREFIX}DEBUG=1)")
