"""Account pages: overview (two-factor status, security keys) and API tokens (create, revoke)."""

import uuid

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_security import auth_required
from flask_security import current_user

from webapp.account import bp
from webapp.account import queries
from webapp.account.forms import CreateTokenForm
from webapp.account.forms import RevokeTokenForm


@bp.get("/")
@auth_required("session")
def index() -> str:
    return render_template(
        "account/index.html",
        two_factor_on=bool(current_user.tf_primary_method),
        two_factor_required=current_user.check_tf_required_setup(),
        security_keys=len(current_user.webauthn),
    )


@bp.get("/tokens")
@auth_required("session")
def tokens() -> str:
    return render_tokens(CreateTokenForm(), new_token=None)


@bp.post("/tokens")
@auth_required("session")
def create_token() -> str:
    form = CreateTokenForm()
    if not form.validate_on_submit():
        return render_tokens(form, new_token=None), 400
    token = queries.create_api_token(current_user.id, form.name.data)
    return render_tokens(CreateTokenForm(formdata=None), new_token=token)


@bp.post("/tokens/<uuid:token_id>/revoke")
@auth_required("session")
def revoke_token(token_id: uuid.UUID):
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    if not queries.revoke_api_token(current_user.id, token_id):
        abort(404)
    flash("Het token is ingetrokken; het werkt niet meer.", "success")
    return redirect(url_for("account.tokens"))


def render_tokens(form: CreateTokenForm, new_token: str | None) -> str:
    return render_template(
        "account/tokens.html",
        form=form,
        revoke_form=RevokeTokenForm(),
        new_token=new_token,
        tokens=queries.api_tokens(current_user.id),
    )
