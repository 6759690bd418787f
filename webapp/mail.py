"""Outgoing mail (Flask-Mail, used by flask-security) configured from DIWI_MAIL_* variables."""

from flask import Flask
from flask import current_app
from flask_mail import Mail
from flask_security import MailUtil

from webapp.settings import env
from webapp.settings import env_bool


def mail_config() -> dict:
    """Flask-Mail keys from DIWI_MAIL_SERVER/PORT/SENDER/USE_TLS/USE_SSL/USERNAME/PASSWORD."""
    return {
        "MAIL_SERVER": env("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env_bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": env_bool("MAIL_USE_SSL", False),
        "MAIL_USERNAME": env("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env("MAIL_SENDER", "DIWI <noreply@localhost>"),
        "MAIL_SUPPRESS_SEND": env_bool("MAIL_SUPPRESS_SEND", False),
    }


def init_app(app: Flask) -> None:
    """(Re)build the app's mail state from its MAIL_* configuration (defaults from the env)."""
    for key, value in mail_config().items():
        app.config.setdefault(key, value)
    app.config.setdefault("SECURITY_EMAIL_SENDER", app.config["MAIL_DEFAULT_SENDER"])
    Mail(app)


class NoticeTolerantMailUtil(MailUtil):
    """flask-security's mailer, except that a notice ("your password was changed") that cannot
    be sent is logged instead of undoing the change it reports; other mail still raises."""

    def send_mail(self, template: str, subject: str, recipient, sender, body, html, **kwargs):
        try:
            super().send_mail(template, subject, recipient, sender, body, html, **kwargs)
        except OSError:
            if not template.endswith("_notice"):
                raise
            current_app.logger.warning("notice %s to %s not sent", template, recipient)
