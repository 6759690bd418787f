"""Optional single sign-on with the municipality's identity provider (OpenID Connect)."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("sso", __name__, url_prefix="/sso", template_folder="templates")


@bp.record_once
def _init(state: BlueprintSetupState) -> None:
    from webapp.sso.client import init_app

    init_app(state.app)


from webapp.sso import views  # noqa: E402, F401
