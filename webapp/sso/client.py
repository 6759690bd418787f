"""The authlib OpenID Connect client of one app, registered only when SSO is configured."""

from authlib.integrations.flask_client import FlaskOAuth2App
from authlib.integrations.flask_client import OAuth
from flask import Flask
from flask import abort
from flask import current_app

from webapp.sso import config

EXTENSION = "diwi.sso"
PROVIDER = "municipality"
LOGIN_TEMPLATE = "sso/login_user.html"


def init_app(app: Flask) -> None:
    """Read the settings; when SSO is on, register the client and show the login link."""
    settings = config.read(app.config)
    app.extensions[EXTENSION] = settings
    if not settings.enabled:
        return
    oauth = OAuth(app)
    oauth.register(
        PROVIDER,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=settings.metadata_url,
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    app.extensions[EXTENSION + ".oauth"] = oauth
    app.config["SECURITY_LOGIN_USER_TEMPLATE"] = LOGIN_TEMPLATE
    app.context_processor(lambda: {"sso_button_label": settings.button_label})


def settings() -> config.SsoSettings:
    """The SSO settings of the current app."""
    return current_app.extensions[EXTENSION]


def client() -> FlaskOAuth2App:
    """The registered OIDC client; 404 when SSO is off."""
    oauth = current_app.extensions.get(EXTENSION + ".oauth")
    if oauth is None:
        abort(404)
    return oauth.create_client(PROVIDER)
