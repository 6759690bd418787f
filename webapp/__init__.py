"""DIWI web application: editing, users and dashboards around the mounted pygeoapi."""

from flask import Flask

from webapp import api
from webapp import cache
from webapp import db
from webapp import errors
from webapp import headers
from webapp import layout
from webapp import security
from webapp.settings import WebSettings
from webapp.settings import check


def create_app(test_config: dict | None = None) -> Flask:
    """Build the DIWI app; each step below is one concern."""
    app = Flask(__name__)
    configure_settings(app, test_config)
    configure_database(app)
    configure_cache(app)
    configure_security(app)
    configure_blueprints(app)
    configure_api(app)
    configure_errorhandlers(app)
    configure_headers(app)
    return app


def configure_settings(app: Flask, test_config: dict | None) -> None:
    settings = (test_config or {}).get("DIWI_SETTINGS") or WebSettings()
    app.config.update(settings.flask_config())
    app.config.update(test_config or {})
    check(app.config)


def settings_of(app: Flask) -> WebSettings:
    """The typed settings an app was built with."""
    return app.config["DIWI_SETTINGS"]


def configure_database(app: Flask) -> None:
    settings = settings_of(app)
    db.init_app(app, settings.database_url, settings.pool_max_size)


def configure_cache(app: Flask) -> None:
    cache.init_app(app)


def configure_security(app: Flask) -> None:
    security.init_app(app)


def configure_blueprints(app: Flask) -> None:
    from webapp.account import bp as account_bp
    from webapp.admin import bp as admin_bp
    from webapp.health import bp as health_bp
    from webapp.home import bp as home_bp
    from webapp.sso import bp as sso_bp
    from webapp.styles import bp as styles_bp
    from webapp.webhooks import bp as webhooks_bp
    from webapp.zgw import bp as zgw_bp

    app.context_processor(layout.layout_context)
    app.register_blueprint(home_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(sso_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(zgw_bp)
    app.register_blueprint(styles_bp)
    register_editor(app)
    register_public(app)


def register_editor(app: Flask) -> None:
    from webapp.alerts import bp as alerts_bp
    from webapp.dashboards import bp as dashboards_bp
    from webapp.exports import bp as exports_bp
    from webapp.forecasts import bp as forecasts_bp
    from webapp.goals import bp as goals_bp
    from webapp.houseblocks import bp as houseblocks_bp
    from webapp.imports import bp as imports_bp
    from webapp.milestones import bp as milestones_bp
    from webapp.projects import bp as projects_bp
    from webapp.regional import bp as regional_bp
    from webapp.registries import bp as registries_bp
    from webapp.streams import bp as streams_bp

    app.register_blueprint(projects_bp)
    app.register_blueprint(houseblocks_bp)
    app.register_blueprint(milestones_bp)
    app.register_blueprint(imports_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(forecasts_bp)
    app.register_blueprint(registries_bp)
    app.register_blueprint(dashboards_bp)
    app.register_blueprint(goals_bp)
    app.register_blueprint(streams_bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(regional_bp)


def register_public(app: Flask) -> None:
    from webapp.public import bp as public_bp
    from webapp.reports import bp as reports_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(reports_bp)


def configure_api(app: Flask) -> None:
    if app.config.get("DIWI_MOUNT_API", True):
        api.init_app(app, settings_of(app))


def configure_errorhandlers(app: Flask) -> None:
    errors.init_app(app)


def configure_headers(app: Flask) -> None:
    headers.init_app(app)
