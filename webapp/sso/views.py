"""SSO endpoints: /sso/login starts the code flow, /sso/callback signs the matched user in."""

import requests
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.base_client.errors import OAuthError
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_security import login_user
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from webapp.security import datastore
from webapp.sso import bp
from webapp.sso.client import client
from webapp.sso.client import settings
from webapp.sso.queries import match_user

NEXT_KEY = "diwi_sso_next"
REFUSALS = {
    "state": "De inlogpoging is verlopen of ongeldig. Start het inloggen opnieuw.",
    "provider": "{label} heeft het inloggen afgebroken of geweigerd.",
    "unreachable": "{label} is op dit moment niet bereikbaar. Probeer het later opnieuw.",
    "token": "Het antwoord van {label} kon niet worden gecontroleerd; u bent niet ingelogd.",
    "email": "{label} gaf geen bevestigd e-mailadres door; daarmee kunt u niet inloggen.",
    "unknown": "Er is geen DIWI-account voor {email} bij deze gemeente. "
    "Vraag de beheerder van DIWI om een account voor u aan te maken.",
    "inactive": "Uw DIWI-account is uitgeschakeld. Neem contact op met de beheerder van DIWI.",
    "linked_elsewhere": "Uw DIWI-account is al gekoppeld aan een ander account bij {label}.",
}
STATUS = {"state": 400, "token": 400, "unreachable": 502}


@bp.get("/login")
def login() -> Response:
    oidc = client()
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return oidc.authorize_redirect(callback_url())


@bp.get("/callback")
def callback() -> Response | tuple[str, int]:
    oidc = client()
    try:
        token = oidc.authorize_access_token()
    except MismatchingStateError:
        return refuse("state")
    except OAuthError:
        return refuse("provider")
    except requests.RequestException:
        return refuse("unreachable")
    except JoseError:
        return refuse("token")
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        return refuse("token")
    return sign_in(claims)


def sign_in(claims: dict) -> Response | tuple[str, int]:
    """Sign in the DIWI user matching the ID token's claims, with that user's own roles."""
    email = claims.get("email") if claims.get("email_verified") is True else None
    match = match_user(str(claims["sub"]), email, settings().municipality)
    if match.user_id is None:
        return refuse("email" if match.refusal == "unknown" and not email else match.refusal, email)
    store = datastore()
    login_user(store.find_user(id=match.user_id), authn_via=["oidc"])
    store.commit()
    return redirect(session.pop(NEXT_KEY, None) or current_app.config["SECURITY_POST_LOGIN_VIEW"])


def refuse(code: str, email: str | None = None) -> tuple[str, int]:
    """The Dutch refusal page; nobody is signed in."""
    message = REFUSALS[code].format(label=settings().button_label, email=email or "u")
    return render_template("sso/refused.html", message=message), STATUS.get(code, 403)


def callback_url() -> str:
    """The redirect URI registered at the provider: the public URL plus /sso/callback."""
    public_url = current_app.config["DIWI_SETTINGS"].public_url.rstrip("/")
    return public_url + url_for("sso.callback")


def safe_next(target: str | None) -> str | None:
    """A local path to return to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None
