"""ZGW client secrets at rest: Fernet-sealed, keyed by DIWI_ZGW_SECRET_KEY or the app secret."""

import base64
import hashlib
from typing import Any

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet

from webapp.settings import env

PREFIX = "fernet:"
DEVELOPMENT_KEY = "diwi-insecure-development-key"  # settings.check's fallback in debug/testing
RESEAL_SQL = "UPDATE plan.zgw_config SET secret = %s WHERE municipality_code = %s AND secret = %s"


class UnreadableSecret(ValueError):
    """The stored secret was sealed with another key (the app secret changed)."""


def derived_key(secret_key: str) -> bytes:
    """A Fernet key derived from the app's secret key (domain-separated SHA-256)."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"diwi-zgw:{secret_key}".encode()).digest())


def fernet() -> MultiFernet:
    """DIWI_ZGW_SECRET_KEY (a Fernet key) seals when set; the derived key always still opens."""
    derived = Fernet(derived_key(env("SECRET_KEY") or DEVELOPMENT_KEY))
    explicit = env("ZGW_SECRET_KEY")
    return MultiFernet([Fernet(explicit), derived] if explicit else [derived])


def is_sealed(value: str) -> bool:
    """True for a stored value in the sealed form."""
    return value.startswith(PREFIX)


def seal(secret: str) -> str:
    """The value to store for a secret ('fernet:<token>'); sealed values pass unchanged."""
    if not secret or is_sealed(secret):
        return secret
    return PREFIX + fernet().encrypt(secret.encode()).decode()


def unseal(stored: str) -> str:
    """The secret itself; a plain value (stored before sealing) is returned as it is."""
    if not is_sealed(stored):
        return stored
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as err:
        message = "het opgeslagen geheim is niet te lezen; vul het opnieuw in"
        raise UnreadableSecret(message) from err


def reseal_plain(conn: Any, municipality: str, stored: str) -> None:
    """Replace a plain stored secret by its sealed form (rows from before sealing)."""
    if stored and not is_sealed(stored):
        conn.execute(RESEAL_SQL, (seal(stored), municipality, stored))
