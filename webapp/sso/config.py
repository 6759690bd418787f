"""SSO settings from DIWI_OIDC_* environment variables (app.config keys of the same name win)."""

import os
from collections.abc import Mapping
from dataclasses import dataclass

KEYS = (
    "ISSUER",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "MUNICIPALITY",
    "DEFAULT_ROLE",
    "BUTTON_LABEL",
)
DEFAULT_LABEL = "de gemeente"


@dataclass(frozen=True)
class SsoSettings:
    """Where the identity provider is, who DIWI is to it and whose users it signs in."""

    issuer: str = ""
    client_id: str = ""
    client_secret: str = ""
    municipality: str = ""
    default_role: str = ""
    button_label: str = DEFAULT_LABEL

    @property
    def enabled(self) -> bool:
        """SSO is on only when issuer, client and municipality are all set."""
        return bool(self.issuer and self.client_id and self.client_secret and self.municipality)

    @property
    def metadata_url(self) -> str:
        """The provider's discovery document (OpenID Connect Discovery 1.0)."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def read(config: Mapping) -> SsoSettings:
    """DIWI_OIDC_<KEY> from the app config, else from the environment."""
    values = {}
    for key in KEYS:
        name = f"DIWI_OIDC_{key}"
        value = config.get(name) or os.environ.get(name) or ""
        if value.strip():
            values[key.lower()] = value.strip()
    return SsoSettings(**values)
