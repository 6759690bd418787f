"""Admin views: each checks the role and works only on the signed-in user's own municipality."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from uuid import UUID

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_security import current_user

from webapp.admin import bp
from webapp.admin import forms
from webapp.admin import invitations
from webapp.admin import queries as q
from webapp.admin.queries import RuleViolation

USER_ADMIN = ("admin",)
DEFINITIONS = ("user_plus",)
INVALID = 400
NOT_SENT = (
    "Let op: de uitnodiging is niet verstuurd, want de mailserver was niet bereikbaar of weigerde "
    "het bericht. Probeer het later opnieuw met de knop 'Uitnodiging opnieuw sturen'."
)


def allowed(*roles: str) -> Callable:
    """Only signed-in holders of one of these roles with a municipality; the view gets its code."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            held = {r.name for r in current_user.roles}
            if not held.intersection(roles) or not current_user.municipality_code:
                abort(403)
            return view(current_user.municipality_code, *args, **kwargs)

        return wrapped

    return decorate


@bp.app_template_filter("admin_euros")
def euros(cents: int | None) -> str:
    """Cents as a Dutch euro amount: 25000000 -> '€ 250.000', 105050 -> '€ 1.050,50'."""
    if cents is None:
        return ""
    whole = f"{cents // 100:,}".replace(",", ".")
    return f"€ {whole}" if cents % 100 == 0 else f"€ {whole},{cents % 100:02d}"


def found(value):
    """The value, or 404 when it is not the municipality's (or does not exist)."""
    if not value:
        abort(404)
    return value


@bp.get("/")
@allowed(*USER_ADMIN, *DEFINITIONS)
def index(municipality: str) -> str:
    held = {r.name for r in current_user.roles}
    return render_template("admin/index.html", held=held, municipality=municipality)


# --- users -------------------------------------------------------------------------------


@bp.get("/gebruikers")
@allowed(*USER_ADMIN)
def users(municipality: str) -> str:
    return render_template("admin/users.html", users=q.list_users(municipality))


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@allowed(*USER_ADMIN)
def user_new(municipality: str):
    form = forms.UserForm()
    form.role.choices = q.role_choices()
    if not form.validate_on_submit():
        return render_template(
            "admin/user_new.html", form=form
        ), INVALID if form.is_submitted() else 200
    data = {
        name: (field.data or "").strip()
        for name, field in form._fields.items()
        if name != "csrf_token"
    }
    if q.email_taken(data["email"]):
        form.add_error(form.email, q.rule_message("app_user_email_unique"))
        return render_template("admin/user_new.html", form=form), INVALID
    try:
        user_id = q.create_user(municipality, data)
    except RuleViolation as error:
        form.add_rule_error(error)
        return render_template("admin/user_new.html", form=form), INVALID
    invite_new_user(municipality, user_id)
    return redirect(url_for("admin.user_edit", user_id=user_id))


def invite_new_user(municipality: str, user_id: UUID) -> None:
    """Send a new user's invitation; the admin is told whether it went out."""
    user = q.get_user(municipality, user_id)
    if invitations.send_invitation(municipality, user_id):
        flash(
            f"{user['display_name']} is aangemaakt. De uitnodiging is verstuurd naar "
            f"{user['email']}; via de link daarin kiest de gebruiker zelf een wachtwoord.",
            "info",
        )
    else:
        flash(f"{user['display_name']} is aangemaakt. {NOT_SENT}", "warning")


def user_page(municipality: str, user: dict, status: int = 200, **form_overrides):
    role_form = form_overrides.get("role_form") or forms.RoleForm(role=user["role"])
    role_form.role.choices = q.role_choices()
    groups_form = form_overrides.get("groups_form") or forms.MembershipForm(
        group_ids=q.groups_of(municipality, user["id"])
    )
    groups_form.group_ids.choices = [(str(g["id"]), g["name"]) for g in q.list_groups(municipality)]
    page = render_template(
        "admin/user_edit.html",
        user=user,
        role_form=role_form,
        groups_form=groups_form,
        active_form=forms.ActiveForm(),
        invite_form=forms.InviteForm(),
        within=invitations.validity(),
        is_self=user["id"] == current_user.id,
    )
    return page, status


@bp.get("/gebruikers/<uuid:user_id>")
@allowed(*USER_ADMIN)
def user_edit(municipality: str, user_id: UUID):
    return user_page(municipality, found(q.get_user(municipality, user_id)))


@bp.post("/gebruikers/<uuid:user_id>/rol")
@allowed(*USER_ADMIN)
def user_role(municipality: str, user_id: UUID):
    user = found(q.get_user(municipality, user_id))
    form = forms.RoleForm()
    form.role.choices = q.role_choices()
    if not form.validate_on_submit():
        return user_page(municipality, user, INVALID, role_form=form)
    if user_id == current_user.id:
        form.add_error(form.role, "U kunt uw eigen rol niet wijzigen; vraag een andere beheerder.")
        return user_page(municipality, user, INVALID, role_form=form)
    found(q.set_role(municipality, user_id, form.role.data))
    flash(f"De rol van {user['display_name']} is gewijzigd.", "info")
    return redirect(url_for("admin.user_edit", user_id=user_id))


@bp.post("/gebruikers/<uuid:user_id>/groepen")
@allowed(*USER_ADMIN)
def user_groups(municipality: str, user_id: UUID):
    found(q.get_user(municipality, user_id))
    form = forms.MembershipForm()
    if not form.validate_on_submit():
        abort(400)
    found(q.set_user_groups(municipality, user_id, form.group_ids.data or []))
    flash("De gebruikersgroepen zijn opgeslagen.", "info")
    return redirect(url_for("admin.user_edit", user_id=user_id))


@bp.post("/gebruikers/<uuid:user_id>/actief")
@allowed(*USER_ADMIN)
def user_active(municipality: str, user_id: UUID):
    user = found(q.get_user(municipality, user_id))
    form = forms.ActiveForm()
    if not form.validate_on_submit() or form.active.data not in ("0", "1"):
        abort(400)
    if user_id == current_user.id:
        flash("U kunt uzelf niet deactiveren.", "error")
        return redirect(url_for("admin.user_edit", user_id=user_id))
    found(q.set_active(municipality, user_id, form.active.data == "1"))
    state = "geactiveerd" if form.active.data == "1" else "gedeactiveerd; inloggen kan niet meer"
    flash(f"{user['display_name']} is {state}.", "info")
    return redirect(url_for("admin.user_edit", user_id=user_id))


@bp.post("/gebruikers/<uuid:user_id>/uitnodiging")
@allowed(*USER_ADMIN)
def user_invite(municipality: str, user_id: UUID):
    user = found(q.get_user(municipality, user_id))
    if not forms.InviteForm().validate_on_submit():
        abort(400)
    if user["confirmed_at"]:
        flash(
            f"{user['display_name']} heeft het account al bevestigd; een uitnodiging is niet "
            "meer nodig. Wachtwoord vergeten? Via 'Wachtwoord vergeten?' op de inlogpagina "
            "komt een link om een nieuw wachtwoord te kiezen.",
            "error",
        )
    elif not user["active"]:
        flash(f"{user['display_name']} is gedeactiveerd; activeer het account eerst.", "error")
    elif invitations.send_invitation(municipality, user_id):
        flash(f"Er is een nieuwe uitnodiging verstuurd naar {user['email']}.", "info")
    else:
        flash(NOT_SENT, "warning")
    return redirect(url_for("admin.user_edit", user_id=user_id))


# --- user groups -------------------------------------------------------------------------


@bp.route("/groepen", methods=["GET", "POST"])
@allowed(*USER_ADMIN)
def groups(municipality: str):
    form = forms.GroupForm()
    if form.validate_on_submit():
        try:
            group_id = q.create_group(
                municipality, form.name.data.strip(), (form.organisation.data or "").strip()
            )
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash(f"Gebruikersgroep {form.name.data.strip()} is aangemaakt.", "info")
            return redirect(url_for("admin.group_edit", group_id=group_id))
    status = INVALID if form.is_submitted() else 200
    return render_template(
        "admin/groups.html", groups=q.list_groups(municipality), form=form
    ), status


def group_page(municipality: str, group: dict, form=None, members_form=None, status: int = 200):
    form = form or forms.GroupForm(name=group["name"], organisation=group["organisation"])
    members_form = members_form or forms.MembersForm(user_ids=q.group_member_ids(group["id"]))
    members_form.user_ids.choices = [
        (str(u["id"]), f"{u['display_name']} ({u['email']})")
        for u in q.list_users(municipality)
        if u["active"]
    ]
    return render_template(
        "admin/group_edit.html", group=group, form=form, members_form=members_form
    ), status


@bp.route("/groepen/<uuid:group_id>", methods=["GET", "POST"])
@allowed(*USER_ADMIN)
def group_edit(municipality: str, group_id: UUID):
    group = found(q.get_group(municipality, group_id))
    form = forms.GroupForm()
    if not form.is_submitted():
        return group_page(municipality, group)
    if form.validate_on_submit():
        try:
            name, organisation = form.name.data.strip(), (form.organisation.data or "").strip()
            found(q.update_group(municipality, group_id, name, organisation))
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash("De gebruikersgroep is opgeslagen.", "info")
            return redirect(url_for("admin.group_edit", group_id=group_id))
    return group_page(municipality, group, form=form, status=INVALID)


@bp.post("/groepen/<uuid:group_id>/leden")
@allowed(*USER_ADMIN)
def group_members(municipality: str, group_id: UUID):
    found(q.get_group(municipality, group_id))
    form = forms.MembersForm()
    if not form.validate_on_submit():
        abort(400)
    found(q.set_group_members(municipality, group_id, form.user_ids.data or []))
    flash("De leden zijn opgeslagen.", "info")
    return redirect(url_for("admin.group_edit", group_id=group_id))


# --- custom properties -------------------------------------------------------------------


def property_form(form_class=forms.PropertyForm, **data) -> forms.PropertyForm:
    form = form_class(**data)
    form.allowed_phases.choices = q.phase_choices()
    return form


@bp.get("/plusvelden")
@allowed(*DEFINITIONS)
def properties(municipality: str) -> str:
    return render_template(
        "admin/properties.html",
        properties=q.list_properties(municipality),
        types=dict(forms.VALUE_TYPES),
        objects=dict(forms.OBJECT_TYPES),
    )


@bp.route("/plusvelden/nieuw", methods=["GET", "POST"])
@allowed(*DEFINITIONS)
def property_new(municipality: str):
    form = property_form()
    if form.validate_on_submit():
        try:
            property_id = q.create_property(municipality, form.values())
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash(f"Plusveld {form.name.data.strip()} is aangemaakt.", "info")
            return redirect(url_for("admin.property_edit", property_id=property_id))
    return render_template(
        "admin/property_new.html", form=form
    ), INVALID if form.is_submitted() else 200


def edit_form_for(prop: dict, submitted: bool) -> forms.PropertyForm:
    rules = prop["rules"] or {}
    initial = (
        {}
        if submitted
        else {
            "name": prop["name"],
            "description": prop["description"],
            "mandatory": prop["mandatory"],
            "single_select": prop["single_select"],
            "min_value": str(rules.get("min", "")),
            "max_value": str(rules.get("max", "")),
            "integer": rules.get("integer", False),
            "pattern": rules.get("pattern", ""),
            "max_length": str(rules.get("max_length", "")),
            "allowed_phases": rules.get("allowed_phases", []),
        }
    )
    form = property_form(**initial)
    form.fixed_type, form.fixed_object_type = prop["value_type"], prop["object_type"]
    return form


def property_page(prop: dict, form, option_form=None, status: int = 200):
    return render_template(
        "admin/property_edit.html",
        prop=prop,
        form=form,
        option_form=option_form or forms.OptionForm(formdata=None),
        options=q.list_options(prop["id"]),
        toggle_form=forms.ToggleForm(formdata=None),
        types=dict(forms.VALUE_TYPES),
        objects=dict(forms.OBJECT_TYPES),
    ), status


@bp.route("/plusvelden/<uuid:property_id>", methods=["GET", "POST"])
@allowed(*DEFINITIONS)
def property_edit(municipality: str, property_id: UUID):
    prop = found(q.get_property(municipality, property_id))
    form = edit_form_for(prop, submitted=forms.PropertyForm().is_submitted())
    if not form.is_submitted():
        return property_page(prop, form)
    if form.validate_on_submit():
        try:
            found(q.update_property(municipality, property_id, form.values()))
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash("Het plusveld is opgeslagen.", "info")
            return redirect(url_for("admin.property_edit", property_id=property_id))
    return property_page(prop, form, status=INVALID)


@bp.post("/plusvelden/<uuid:property_id>/uitschakelen")
@allowed(*DEFINITIONS)
def property_toggle(municipality: str, property_id: UUID):
    found(q.get_property(municipality, property_id))
    form = forms.ToggleForm()
    if not form.validate_on_submit() or form.disable.data not in ("0", "1"):
        abort(400)
    found(q.set_property_disabled(municipality, property_id, form.disable.data == "1"))
    flash(
        "Het plusveld is "
        + ("uitgeschakeld." if form.disable.data == "1" else "weer ingeschakeld."),
        "info",
    )
    return redirect(url_for("admin.property_edit", property_id=property_id))


@bp.post("/plusvelden/<uuid:property_id>/opties")
@allowed(*DEFINITIONS)
def option_add(municipality: str, property_id: UUID):
    prop = found(q.get_property(municipality, property_id))
    if prop["value_type"] not in ("category", "ordinal"):
        abort(404)
    form = forms.OptionForm()
    if form.validate_on_submit():
        try:
            found(q.add_option(municipality, property_id, form.label.data.strip()))
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash(f"Optie {form.label.data.strip()} is toegevoegd.", "info")
            return redirect(url_for("admin.property_edit", property_id=property_id))
    return property_page(
        prop, edit_form_for(prop, submitted=False), option_form=form, status=INVALID
    )


@bp.post("/opties/<uuid:option_id>/naam")
@allowed(*DEFINITIONS)
def option_rename(municipality: str, option_id: UUID):
    property_id = found(q.property_of_option(municipality, option_id))
    form = forms.OptionForm()
    if not form.validate_on_submit():
        flash("Vul de naam van de optie in.", "error")
        return redirect(url_for("admin.property_edit", property_id=property_id))
    try:
        q.rename_option(municipality, option_id, form.label.data.strip())
    except RuleViolation as error:
        flash(error.message, "error")
    return redirect(url_for("admin.property_edit", property_id=property_id))


@bp.post("/opties/<uuid:option_id>/uitschakelen")
@allowed(*DEFINITIONS)
def option_toggle(municipality: str, option_id: UUID):
    property_id = found(q.property_of_option(municipality, option_id))
    form = forms.ToggleForm()
    if not form.validate_on_submit() or form.disable.data not in ("0", "1"):
        abort(400)
    found(q.set_option_disabled(municipality, option_id, form.disable.data == "1"))
    flash(
        "De optie is " + ("uitgeschakeld." if form.disable.data == "1" else "weer ingeschakeld."),
        "info",
    )
    return redirect(url_for("admin.property_edit", property_id=property_id))


# --- price categories --------------------------------------------------------------------


@bp.route("/prijscategorieen", methods=["GET", "POST"])
@allowed(*DEFINITIONS)
def price_categories(municipality: str):
    form = forms.PriceCategoryForm()
    if form.validate_on_submit():
        try:
            q.create_price_category(municipality, form.values())
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash(f"Prijscategorie {form.name.data.strip()} is aangemaakt.", "info")
            return redirect(url_for("admin.price_categories"))
    page = render_template(
        "admin/price_categories.html",
        categories=q.list_price_categories(municipality),
        form=form,
        kinds=dict(forms.PRICE_KINDS),
    )
    return page, INVALID if form.is_submitted() else 200


def price_page(category: dict, form, end_form=None, status: int = 200):
    end_form = end_form or forms.EndPriceCategoryForm(
        formdata=None, valid_to=category["valid_to"] or date.today()
    )
    return render_template(
        "admin/price_category_edit.html", category=category, form=form, end_form=end_form
    ), status


@bp.route("/prijscategorieen/<uuid:category_id>", methods=["GET", "POST"])
@allowed(*DEFINITIONS)
def price_category_edit(municipality: str, category_id: UUID):
    category = found(q.get_price_category(municipality, category_id))
    form = forms.PriceCategoryForm()
    if not form.is_submitted():
        form = forms.PriceCategoryForm(formdata=None, **initial_price(category))
        return price_page(category, form)
    if form.validate_on_submit():
        try:
            found(q.update_price_category(municipality, category_id, form.values()))
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash("De prijscategorie is opgeslagen.", "info")
            return redirect(url_for("admin.price_categories"))
    return price_page(category, form, status=INVALID)


def initial_price(category: dict) -> dict:
    return {
        "price_kind": category["price_kind"],
        "name": category["name"],
        "min_euros": euros_input(category["min_cents"]),
        "max_euros": euros_input(category["max_cents"]),
        "valid_from": category["valid_from"],
        "valid_to": category["valid_to"],
    }


def euros_input(cents: int | None) -> str:
    """Cents as an editable euro amount (1050 -> '10,50', 25000000 -> '250000')."""
    if cents is None:
        return ""
    return str(cents // 100) if cents % 100 == 0 else f"{cents // 100},{cents % 100:02d}"


@bp.post("/prijscategorieen/<uuid:category_id>/beeindigen")
@allowed(*DEFINITIONS)
def price_category_end(municipality: str, category_id: UUID):
    category = found(q.get_price_category(municipality, category_id))
    form = forms.EndPriceCategoryForm()
    if form.validate_on_submit():
        try:
            found(q.end_price_category(municipality, category_id, form.valid_to.data))
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash(
                f"Prijscategorie {category['name']} geldt tot {form.valid_to.data:%d-%m-%Y}.",
                "info",
            )
            return redirect(url_for("admin.price_categories"))
    edit = forms.PriceCategoryForm(formdata=None, **initial_price(category))
    return price_page(category, edit, end_form=form, status=INVALID)


# --- districts and neighbourhoods --------------------------------------------------------


def districts_page(
    municipality: str, district_form=None, neighbourhood_form=None, status: int = 200
):
    districts = q.list_districts(municipality)
    neighbourhood_form = neighbourhood_form or forms.NeighbourhoodForm(formdata=None)
    neighbourhood_form.district_code.choices = [
        (d["code"], f"{d['code']} {d['name']}") for d in districts
    ]
    return render_template(
        "admin/districts.html",
        districts=districts,
        municipality=municipality,
        district_form=district_form or forms.DistrictForm(formdata=None),
        neighbourhood_form=neighbourhood_form,
        rename_form=forms.RenameForm(formdata=None),
    ), status


@bp.route("/wijken", methods=["GET", "POST"])
@allowed(*DEFINITIONS)
def districts(municipality: str):
    form = forms.DistrictForm()
    if not form.is_submitted():
        return districts_page(municipality)
    if form.validate_on_submit():
        try:
            q.create_district(municipality, form.code.data.strip().upper(), form.name.data.strip())
        except RuleViolation as error:
            form.add_rule_error(error)
        else:
            flash(f"Wijk {form.code.data.strip().upper()} is aangemaakt.", "info")
            return redirect(url_for("admin.districts"))
    return districts_page(municipality, district_form=form, status=INVALID)


@bp.post("/wijken/buurten")
@allowed(*DEFINITIONS)
def neighbourhoods(municipality: str):
    form = forms.NeighbourhoodForm()
    if form.validate_on_submit():
        code, name = form.code.data.strip().upper(), form.name.data.strip()
        try:
            if q.create_neighbourhood(municipality, form.district_code.data, code, name):
                flash(f"Buurt {code} is aangemaakt.", "info")
                return redirect(url_for("admin.districts"))
            form.add_error(form.district_code, "Kies een wijk van uw gemeente.")
        except RuleViolation as error:
            form.add_rule_error(error)
    return districts_page(municipality, neighbourhood_form=form, status=INVALID)


@bp.post("/wijken/naam")
@allowed(*DEFINITIONS)
def district_rename(municipality: str):
    return rename(municipality, q.rename_district)


@bp.post("/wijken/buurten/naam")
@allowed(*DEFINITIONS)
def neighbourhood_rename(municipality: str):
    return rename(municipality, q.rename_neighbourhood)


def rename(municipality: str, rename_query: Callable[[str, str, str], bool]):
    form = forms.RenameForm()
    if not form.validate_on_submit():
        flash("Vul de nieuwe naam in.", "error")
        return redirect(url_for("admin.districts"))
    try:
        found(rename_query(municipality, (form.code.data or "").strip(), form.name.data.strip()))
    except RuleViolation as error:
        flash(error.message, "error")
    else:
        flash(f"{form.code.data} heet nu {form.name.data.strip()}.", "info")
    return redirect(url_for("admin.districts"))


# --- security settings --------------------------------------------------------------------


@bp.route("/beveiliging", methods=["GET", "POST"])
@allowed(*USER_ADMIN)
def security(municipality: str):
    form = forms.SecurityForm()
    if form.validate_on_submit():
        required = bool(form.two_factor_required.data)
        q.set_two_factor_required(municipality, required)
        flash(
            "Inloggen in twee stappen is nu verplicht voor alle gebruikers."
            if required
            else "Inloggen in twee stappen is nu alleen verplicht voor beheerders.",
            "info",
        )
        return redirect(url_for("admin.security"))
    if not form.is_submitted():
        form.two_factor_required.data = q.two_factor_required(municipality)
    return render_template("admin/security.html", form=form, municipality=municipality)
