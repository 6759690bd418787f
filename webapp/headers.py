"""Secure response headers: a CSP without third-party origins, nosniff, referrer, framing."""

from flask import Flask
from flask import Response
from flask import request

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# pygeoapi's HTML pages (maps, Swagger UI) use inline scripts and styles.
API_POLICY = BASE_POLICY | {
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
}


def policy_text(policy: dict[str, str]) -> str:
    """A policy dict as a Content-Security-Policy header value."""
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def add_headers(response: Response) -> Response:
    """Set the security headers on every response (pygeoapi's too)."""
    policy = API_POLICY if request.blueprint == "pygeoapi" else BASE_POLICY
    response.headers["Content-Security-Policy"] = policy_text(policy)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def init_app(app: Flask) -> None:
    """Register the header hook (after pygeoapi's header fix)."""
    app.after_request(add_headers)
