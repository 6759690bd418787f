"""Admin screens (/beheer): users, groups, plusvelden, prices, districts; own municipality only."""

import re
import uuid
from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb

from manage.demo_accounts import DEMO_PASSWORD
from tests.fixtures.app import CSRF_RE
from tests.fixtures.app import AuthActions
from tests.fixtures.smtp import Inbox

pytestmark = pytest.mark.db

ADMIN = "beheerder@demo.diwi.nl"
USER_PLUS = "hoofdgebruiker@demo.diwi.nl"
PLAIN_USER = "gebruiker@demo.diwi.nl"
INVITATION_SUBJECT = "DIWI: uw account"
INVITATION_LINK_RE = re.compile(r"http://[^/\s]+(/reset/\S+)")
CHOSEN_PASSWORD = "Zelf-gekozen-wachtwoord-2026"


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    """These tests are about the admin screens; two-factor sign-in has its own tests."""
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


def csrf(client, path: str) -> str:
    match = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert match, f"no csrf_token on {path}"
    return match.group(1)


def post(client, path: str, data: dict, form_page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf(client, form_page or path)})


def message(owner_url: str, code: str) -> str:
    with psycopg.connect(owner_url) as conn:
        return conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()[0]


def scalar(owner_url: str, sql: str, params: tuple = ()):
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def create_user(client, role: str = "user") -> tuple[str, str]:
    """Create a user through the form as the signed-in admin; returns (id, e-mail)."""
    email = f"nieuw-{uuid.uuid4().hex[:8]}@apeldoorn.example.nl"
    data = {
        "first_name": "Nina",
        "prefixes": "van",
        "last_name": "Nieuw",
        "email": email,
        "role": role,
    }
    response = post(client, "/beheer/gebruikers/nieuw", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    user_id = re.fullmatch(r"/beheer/gebruikers/([0-9a-f-]{36})", response.location).group(1)
    return user_id, email


def invitation_links(inbox: Inbox, email: str) -> list[str]:
    """The /reset/<token> paths of the invitations sent to this address, oldest first."""
    messages = [m for m in inbox.to(email) if m["Subject"] == INVITATION_SUBJECT]
    return [INVITATION_LINK_RE.search(Inbox.text_of(m)).group(1) for m in messages]


def choose_password(app, path: str, password: str = CHOSEN_PASSWORD):
    """The invitee, in a browser of their own, opens the link and chooses a password."""
    invitee = app.test_client()
    token = csrf(invitee, path)
    data = {"password": password, "password_confirm": password, "csrf_token": token}
    return invitee.post(path, data=data)


def create_invited_user(app, client, inbox: Inbox, role: str = "user") -> tuple[str, str, str]:
    """Create a user who then follows the invitation; returns (id, e-mail, chosen password)."""
    user_id, email = create_user(client, role)
    [link] = invitation_links(inbox, email)
    assert choose_password(app, link).status_code == 302
    return user_id, email, CHOSEN_PASSWORD


@pytest.fixture
def foreign_user(owner_url) -> str:
    """A user of another municipality (GM0202) without roles; returns its id."""
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO ref.municipality (code, name, province_code) VALUES "
            "('GM0202', 'Arnhem', 'PV25') ON CONFLICT DO NOTHING"
        )
        return conn.execute(
            """INSERT INTO auth.app_user
                   (email, fs_uniquifier, first_name, last_name, municipality_code)
               VALUES (%s, %s, 'Anna', 'Arnhem', 'GM0202') RETURNING id::text""",
            (f"anna-{uuid.uuid4().hex[:8]}@arnhem.example.nl", uuid.uuid4().hex),
        ).fetchone()[0]


def test_admin_creates_a_user_who_can_then_log_in(
    app, client, auth, demo_municipality, owner_url, mail_app
):
    auth.login(ADMIN, DEMO_PASSWORD)
    user_id, email = create_user(client)
    page = client.get(f"/beheer/gebruikers/{user_id}").get_data(as_text=True)
    assert f"De uitnodiging is verstuurd naar {email}" in page
    assert (
        scalar(owner_url, "SELECT municipality_code FROM auth.app_user WHERE id = %s", (user_id,))
        == "GM0200"
    )
    hashed = scalar(owner_url, "SELECT password FROM auth.app_user WHERE id = %s", (user_id,))
    assert hashed.startswith("$argon2")  # random: nobody knows it
    own_group = (
        "SELECT count(*) FROM auth.user_group_member m "
        "JOIN auth.user_group g ON g.id = m.user_group_id "
        "WHERE m.user_id = %s AND g.single_user"
    )
    assert scalar(owner_url, own_group, (user_id,)) == 1
    [message] = mail_app.to(email)
    assert message["Subject"] == "DIWI: uw account"
    text = Inbox.text_of(message)
    assert "Bea Beheerder heeft voor u een account aangemaakt" in text
    assert "Kies eerst zelf een wachtwoord via deze link" in text and "1 dag geldig" in text
    invited = f"Uitgenodigd op {date.today():%d-%m-%Y}"
    assert invited in client.get("/beheer/gebruikers").get_data(as_text=True)
    confirmed = "SELECT confirmed_at IS NOT NULL FROM auth.app_user WHERE id = %s"
    assert scalar(owner_url, confirmed, (user_id,)) is False

    [link] = invitation_links(mail_app, email)
    assert "<h1>Wachtwoord kiezen</h1>" in app.test_client().get(link).get_data(as_text=True)
    chosen = choose_password(app, link)
    assert chosen.status_code == 302 and chosen.location.endswith("/login")
    assert scalar(owner_url, confirmed, (user_id,)) is True
    notice = Inbox.text_of(mail_app.to(email)[-1])
    assert "U hebt een wachtwoord gekozen" in notice
    row = f"<td>{email}</td>"
    users = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert re.search(rf"{re.escape(row)}.*?<td class=\"invitation\">Bevestigd</td>", users, re.S)
    auth.logout()
    assert auth.login(email, CHOSEN_PASSWORD).status_code == 302
    assert "Nina van Nieuw" in client.get("/").get_data(as_text=True)


def test_admin_changes_a_role_and_deactivates(
    app, client, auth, demo_municipality, owner_url, mail_app
):
    auth.login(ADMIN, DEMO_PASSWORD)
    user_id, email, password = create_invited_user(app, client, mail_app)
    page = f"/beheer/gebruikers/{user_id}"
    assert post(client, f"{page}/rol", {"role": "council"}, page).status_code == 302
    role_sql = (
        "SELECT r.name FROM auth.user_role ur JOIN auth.role r ON r.id = ur.role_id "
        "WHERE ur.user_id = %s"
    )
    assert scalar(owner_url, role_sql, (user_id,)) == "council"
    refused = post(client, f"{page}/rol", {"role": "province_reader"}, page)
    assert refused.status_code == 400 and "Kies een van de rollen" in refused.get_data(as_text=True)
    assert post(client, f"{page}/actief", {"active": "0"}, page).status_code == 302
    assert scalar(owner_url, "SELECT active FROM auth.app_user WHERE id = %s", (user_id,)) is False
    auth.logout()
    assert auth.login(email, password).status_code == 200  # refused: stays on the login form


def test_admin_manages_groups_with_an_organisation(
    client, auth, demo_municipality, owner_url, mail_app
):
    auth.login(ADMIN, DEMO_PASSWORD)
    user_id, _ = create_user(client, role="external")
    name = f"Woonstichting {uuid.uuid4().hex[:6]}"
    created = post(
        client, "/beheer/groepen", {"name": name, "organisation": "Woonstichting De Goede Woning"}
    )
    assert created.status_code == 302
    group_id = created.headers["Location"].rsplit("/", 1)[1]
    assert (
        post(
            client,
            f"/beheer/groepen/{group_id}/leden",
            {"user_ids": [user_id]},
            f"/beheer/groepen/{group_id}",
        ).status_code
        == 302
    )
    members = (
        "SELECT count(*) FROM auth.user_group_member WHERE user_group_id = %s AND user_id = %s"
    )
    assert scalar(owner_url, members, (group_id, user_id)) == 1
    again = post(client, "/beheer/groepen", {"name": name})
    assert again.status_code == 400
    assert message(owner_url, "user_group_name_taken") in again.get_data(as_text=True)


def test_admin_cannot_see_or_change_another_municipalitys_user(
    client, auth, demo_municipality, owner_url, foreign_user, mail_app
):
    auth.login(ADMIN, DEMO_PASSWORD)
    own_user, own_email = create_user(client)
    page = f"/beheer/gebruikers/{own_user}"
    assert client.get(f"/beheer/gebruikers/{foreign_user}").status_code == 404
    assert "Anna" not in client.get("/beheer/gebruikers").get_data(as_text=True)
    for path, data in (
        ("rol", {"role": "admin"}),
        ("actief", {"active": "0"}),
        ("groepen", {}),
        ("uitnodiging", {}),
    ):
        assert (
            post(client, f"/beheer/gebruikers/{foreign_user}/{path}", data, page).status_code == 404
        )
    group = post(client, "/beheer/groepen", {"name": f"Team {uuid.uuid4().hex[:6]}"})
    group_id = group.headers["Location"].rsplit("/", 1)[1]
    hidden_id = {"user_ids": [own_user, foreign_user]}
    assert post(client, f"/beheer/groepen/{group_id}/leden", hidden_id, page).status_code == 404
    with psycopg.connect(owner_url) as conn:
        user = conn.execute(
            "SELECT active, (SELECT count(*) FROM auth.user_role WHERE user_id = u.id), "
            "(SELECT count(*) FROM auth.user_group_member WHERE user_id = u.id), invited_at "
            "FROM auth.app_user u WHERE id = %s",
            (foreign_user,),
        ).fetchone()
        members = conn.execute(
            "SELECT count(*) FROM auth.user_group_member WHERE user_group_id = %s", (group_id,)
        ).fetchone()[0]
    assert user == (True, 0, 0, None) and members == 0
    assert [m["To"] for m in mail_app.messages] == [own_email]  # only the own user's invitation


def test_resending_an_invitation_sends_a_new_link(
    app, client, auth, demo_municipality, owner_url, mail_app
):
    auth.login(ADMIN, DEMO_PASSWORD)
    user_id, email = create_user(client)
    page = f"/beheer/gebruikers/{user_id}"
    assert "Uitnodiging opnieuw sturen" in client.get(page).get_data(as_text=True)
    assert client.post(f"{page}/uitnodiging").status_code == 400  # no CSRF token
    assert len(mail_app.to(email)) == 1
    resent = post(client, f"{page}/uitnodiging", {}, page)
    assert resent.status_code == 302 and resent.location == page
    assert f"Er is een nieuwe uitnodiging verstuurd naar {email}" in client.get(page).get_data(
        as_text=True
    )
    first, second = invitation_links(mail_app, email)
    assert first != second
    # flask-security's reset token holds a hash of the current password: both links work until
    # one of them is used to choose a password, then neither does.
    assert app.test_client().get(first).status_code == 200
    assert choose_password(app, second).status_code == 302
    stale = app.test_client().get(first, follow_redirects=True)
    assert stale.request.path == "/reset"
    assert "Deze link is niet (meer) geldig" in stale.get_data(as_text=True)
    invitee = AuthActions(app.test_client())
    assert invitee.login(email, CHOSEN_PASSWORD).status_code == 302
    assert "Uitnodiging opnieuw sturen" not in client.get(page).get_data(as_text=True)
    again = post(client, f"{page}/uitnodiging", {}, page)
    assert again.status_code == 302
    assert "heeft het account al bevestigd" in client.get(page).get_data(as_text=True)
    assert len(invitation_links(mail_app, email)) == 2  # no third invitation


def test_user_is_created_with_a_warning_when_the_mail_server_is_down(
    app, client, auth, demo_municipality, owner_url, mail_down, smtp_server
):
    from webapp import mail

    auth.login(ADMIN, DEMO_PASSWORD)
    user_id, email = create_user(client)
    page = client.get(f"/beheer/gebruikers/{user_id}").get_data(as_text=True)
    assert "flash-warning" in page and "de uitnodiging is niet verstuurd" in page
    assert "Uitnodiging opnieuw sturen" in page and "Niet uitgenodigd" in page
    own_group = (
        "SELECT count(*) FROM auth.user_group_member m JOIN auth.user_group g "
        "ON g.id = m.user_group_id WHERE m.user_id = %s AND g.single_user"
    )
    assert scalar(owner_url, own_group, (user_id,)) == 1
    invited = "SELECT invited_at FROM auth.app_user WHERE id = %s"
    assert scalar(owner_url, invited, (user_id,)) is None
    path = f"/beheer/gebruikers/{user_id}"
    still_down = post(client, f"{path}/uitnodiging", {}, path)
    assert still_down.status_code == 302
    assert "de uitnodiging is niet verstuurd" in client.get(path).get_data(as_text=True)

    controller, inbox = smtp_server  # the mail server is back
    inbox.messages.clear()
    app.config.update(MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port)
    mail.init_app(app)
    assert post(client, f"{path}/uitnodiging", {}, path).status_code == 302
    assert len(invitation_links(inbox, email)) == 1
    assert scalar(owner_url, invited, (user_id,)) is not None


ADMIN_PAGES = [
    "/beheer/",
    "/beheer/gebruikers",
    "/beheer/gebruikers/nieuw",
    "/beheer/groepen",
    "/beheer/plusvelden",
    "/beheer/plusvelden/nieuw",
    "/beheer/prijscategorieen",
    "/beheer/wijken",
]


def test_a_plain_user_gets_403_on_every_admin_page(client, auth, demo_municipality):
    auth.login(PLAIN_USER, DEMO_PASSWORD)
    token = csrf(client, "/")
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
    for path in ADMIN_PAGES[1:]:
        assert client.post(path, data={"csrf_token": token, "name": "x"}).status_code in (
            403,
            405,
        ), path
    assert (
        client.post(
            "/beheer/wijken", data={"csrf_token": token, "code": "WK020077", "name": "x"}
        ).status_code
        == 403
    )


def test_roles_are_split_between_admin_and_user_plus(client, auth, demo_municipality):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    assert client.get("/beheer/gebruikers").status_code == 403
    assert client.get("/beheer/plusvelden").status_code == 200
    auth.logout()
    auth.login(ADMIN, DEMO_PASSWORD)
    assert client.get("/beheer/plusvelden").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/beheer/gebruikers")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def create_property(client, owner_url, **fields) -> str:
    name = f"Plusveld {uuid.uuid4().hex[:6]}"
    data = {"name": name, "object_type": "project", **fields}
    response = post(client, "/beheer/plusvelden/nieuw", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def create_project_error(owner_url: str, custom_values: dict) -> str | None:
    """The rule code plan.create_project raises for these custom values (None: accepted)."""
    with psycopg.connect(owner_url) as conn:
        group = scalar(
            owner_url,
            "SELECT id::text FROM auth.user_group WHERE municipality_code = 'GM0200' "
            "AND name = 'Team Wonen'",
        )
        payload = {
            "municipality_code": "GM0200",
            "name": "Plusveldtest",
            "phase": "concept",
            "confidentiality_level": 7,
            "start_date": "2025-01-01",
            "end_date": "2030-01-01",
            "owner_group_ids": [group],
            "custom_values": custom_values,
        }
        try:
            conn.execute("SELECT plan.create_project(%s)", (Jsonb(payload),))
        except psycopg.errors.IntegrityError as exc:
            return exc.diag.constraint_name
        finally:
            conn.rollback()
    return None


def test_user_plus_creates_a_numeric_plusveld_enforced_by_create_project(
    client, auth, demo_municipality, owner_url
):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    prop = create_property(
        client, owner_url, value_type="numeric", min_value="1", max_value="10,5", integer="y"
    )
    rules = scalar(owner_url, "SELECT rules FROM plan.property WHERE id = %s", (prop,))
    assert rules == {"min": 1, "max": 10.5, "integer": True}
    assert create_project_error(owner_url, {prop: 0}) == "custom_value_below_min"
    assert create_project_error(owner_url, {prop: 11}) == "custom_value_above_max"
    assert create_project_error(owner_url, {prop: 5}) is None


def test_plusveld_rules_are_checked_in_the_form(client, auth, demo_municipality):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    bad = post(
        client,
        "/beheer/plusvelden/nieuw",
        {
            "name": "Fout",
            "object_type": "project",
            "value_type": "numeric",
            "min_value": "9",
            "max_value": "3",
        },
    )
    assert bad.status_code == 400
    assert "Het maximum moet groter dan of gelijk aan het minimum zijn." in bad.get_data(
        as_text=True
    )
    bad = post(
        client,
        "/beheer/plusvelden/nieuw",
        {"name": "Fout", "object_type": "project", "value_type": "text", "pattern": "[a-"},
    )
    assert "Het patroon is geen geldige reguliere expressie." in bad.get_data(as_text=True)
    bad = post(
        client,
        "/beheer/plusvelden/nieuw",
        {"name": "Fout", "object_type": "houseblock", "value_type": "boolean", "min_value": "1"},
    )
    assert "Dit geldt alleen voor het type Getal." in bad.get_data(as_text=True)


def test_plusveld_name_taken_shows_the_rule_message(client, auth, demo_municipality, owner_url):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    data = {
        "name": f"Dubbel {uuid.uuid4().hex[:6]}",
        "object_type": "project",
        "value_type": "boolean",
    }
    assert post(client, "/beheer/plusvelden/nieuw", data).status_code == 302
    again = post(client, "/beheer/plusvelden/nieuw", data)
    assert again.status_code == 400
    assert message(owner_url, "property_name_taken") in again.get_data(as_text=True)


def test_disabling_an_option_keeps_it_but_refuses_new_values(
    client, auth, demo_municipality, owner_url
):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    prop = create_property(client, owner_url, value_type="category", single_select="y")
    page = f"/beheer/plusvelden/{prop}"
    for label in ("Wijkvernieuwing", "Nieuwbouwwijk"):
        assert post(client, f"{page}/opties", {"label": label}, page).status_code == 302
    option = scalar(
        owner_url,
        "SELECT id::text FROM plan.property_option WHERE property_id = %s "
        "AND label_nl = 'Wijkvernieuwing'",
        (prop,),
    )
    assert create_project_error(owner_url, {prop: option}) is None
    assert (
        post(client, f"/beheer/opties/{option}/uitschakelen", {"disable": "1"}, page).status_code
        == 302
    )
    assert (
        scalar(
            owner_url,
            "SELECT disabled_at IS NOT NULL FROM plan.property_option WHERE id = %s",
            (option,),
        )
        is True
    )
    assert create_project_error(owner_url, {prop: option}) == "custom_value_option_unknown"
    assert (
        post(
            client, f"/beheer/opties/{option}/naam", {"label": "Herstructurering"}, page
        ).status_code
        == 302
    )
    assert "Herstructurering" in client.get(page).get_data(as_text=True)
    twice = post(client, f"{page}/opties", {"label": "Nieuwbouwwijk"}, page)
    assert message(owner_url, "property_option_code_taken") in twice.get_data(as_text=True)


def test_price_category_with_max_below_min_shows_the_dutch_message(
    client, auth, demo_municipality, owner_url
):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    name = f"Middeldure koop {uuid.uuid4().hex[:6]}"
    data = {
        "price_kind": "purchase",
        "name": name,
        "min_euros": "390.000",
        "max_euros": "300.000",
        "valid_from": "2026-01-01",
    }
    response = post(client, "/beheer/prijscategorieen", data)
    assert response.status_code == 400
    assert message(owner_url, "price_category_bounds_invalid") in response.get_data(as_text=True)
    count = "SELECT count(*) FROM plan.price_category WHERE name = %s"
    assert scalar(owner_url, count, (name,)) == 0
    assert (
        post(client, "/beheer/prijscategorieen", {**data, "max_euros": "450.000,50"}).status_code
        == 302
    )
    cents = (
        "SELECT min_cents, max_cents FROM plan.price_category "
        "WHERE name = %s AND municipality_code = 'GM0200'"
    )
    with psycopg.connect(owner_url) as conn:
        assert conn.execute(cents, (name,)).fetchone() == (39000000, 45000050)
    assert "€ 450.000,50" in client.get("/beheer/prijscategorieen").get_data(as_text=True)


def test_price_category_is_ended_and_not_editable_from_another_municipality(
    client, auth, demo_municipality, owner_url, foreign_user
):
    with psycopg.connect(owner_url) as conn:
        foreign = conn.execute(
            "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents, "
            "valid_from) VALUES ('GM0202', 'rent', %s, 0, '2026-01-01') RETURNING id::text",
            (f"Sociale huur {uuid.uuid4().hex[:6]}",),
        ).fetchone()[0]
    auth.login(USER_PLUS, DEMO_PASSWORD)
    assert client.get(f"/beheer/prijscategorieen/{foreign}").status_code == 404
    end = post(
        client,
        f"/beheer/prijscategorieen/{foreign}/beeindigen",
        {"valid_to": "2027-01-01"},
        "/beheer/prijscategorieen",
    )
    assert end.status_code == 404
    assert (
        scalar(owner_url, "SELECT valid_to FROM plan.price_category WHERE id = %s", (foreign,))
        is None
    )


def test_district_with_a_wrong_cbs_prefix_is_refused(client, auth, demo_municipality, owner_url):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    # Amsterdam's prefix: well-formed, never a district of the demo's Gelderland municipalities
    wrong = post(client, "/beheer/wijken", {"code": "WK036301", "name": "Centrum"})
    assert wrong.status_code == 400
    assert message(owner_url, "district_code_wrong_municipality") in wrong.get_data(as_text=True)
    malformed = post(client, "/beheer/wijken", {"code": "WK02001", "name": "Kort"})
    assert message(owner_url, "district_code_invalid") in malformed.get_data(as_text=True)
    assert (
        scalar(owner_url, "SELECT count(*) FROM ref.district WHERE code IN ('WK036301', 'WK02001')")
        == 0
    )


def test_user_plus_creates_and_renames_districts_and_neighbourhoods(
    client, auth, demo_municipality, owner_url
):
    auth.login(USER_PLUS, DEMO_PASSWORD)
    code = f"WK0200{uuid.uuid4().int % 90 + 10}"
    if scalar(owner_url, "SELECT count(*) FROM ref.district WHERE code = %s", (code,)):
        pytest.skip("random district code already used in this session")
    assert (
        post(client, "/beheer/wijken", {"code": code.lower(), "name": "Zuidbroek"}).status_code
        == 302
    )
    neighbourhood = f"BU{code[2:]}01"
    data = {"district_code": code, "code": neighbourhood, "name": "Zuidbroek-Oost"}
    assert post(client, "/beheer/wijken/buurten", data, "/beheer/wijken").status_code == 302
    wrong_code = "BU02000099"  # district WK020000: never the random district above
    wrong = post(client, "/beheer/wijken/buurten", {**data, "code": wrong_code}, "/beheer/wijken")
    assert message(owner_url, "neighbourhood_code_wrong_district") in wrong.get_data(as_text=True)
    assert (
        post(
            client,
            "/beheer/wijken/naam",
            {"code": code, "name": "Zuidbroek e.o."},
            "/beheer/wijken",
        ).status_code
        == 302
    )
    assert (
        scalar(owner_url, "SELECT name FROM ref.district WHERE code = %s", (code,))
        == "Zuidbroek e.o."
    )
    page = client.get("/beheer/wijken").get_data(as_text=True)
    assert neighbourhood in page and "Zuidbroek-Oost" in page
