"""Database settings for the operations commands, read from DIWI_DB_* environment variables."""

import os
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import quote

ROLES = ("owner", "webapp", "ingest", "reader")


@dataclass(frozen=True)
class DatabaseSettings:
    """Where the cluster is and which database and role names DIWI uses."""

    host: str = field(default_factory=lambda: os.environ.get("DIWI_DB_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("DIWI_DB_PORT", "55432")))
    name: str = field(default_factory=lambda: os.environ.get("DIWI_DB_NAME", "diwi"))
    superuser: str = field(default_factory=lambda: os.environ.get("DIWI_DB_SUPERUSER", "postgres"))
    superuser_password: str = field(
        default_factory=lambda: os.environ.get("DIWI_DB_SUPERUSER_PASSWORD", "")
    )
    role_prefix: str = field(default_factory=lambda: os.environ.get("DIWI_DB_ROLE_PREFIX", "diwi"))

    def role(self, actor: str) -> str:
        """The PostgreSQL role name of an actor (owner, webapp, ingest, reader)."""
        if actor not in ROLES:
            raise ValueError(f"unknown database actor {actor!r}; expected one of {ROLES}")
        return f"{self.role_prefix}_{actor}"

    def password(self, actor: str) -> str:
        """The password of an actor's role (empty: trust authentication on a local cluster)."""
        return os.environ.get(f"DIWI_DB_{actor.upper()}_PASSWORD", "")

    def url(self, actor: str | None = None, dbname: str | None = None) -> str:
        """A libpq URL for an actor's role (None: the superuser) on a database."""
        user = self.superuser if actor is None else self.role(actor)
        password = self.superuser_password if actor is None else self.password(actor)
        auth = quote(user) + (":" + quote(password) if password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname or self.name}"
