"""Password reset by e-mail through a real SMTP server, in Dutch, with the password policy."""

import re

import pytest

from tests.fixtures.smtp import SEC_PASSWORD
from tests.fixtures.smtp import Inbox

pytestmark = pytest.mark.db

LINK_RE = re.compile(r"http://\S+/reset/(\S+)")
NEW_PASSWORD = "Nieuw-en-lang-genoeg-42"


def reset_link(client, auth, inbox: Inbox, email: str) -> str:
    page = client.post("/reset", data={"email": email, "csrf_token": auth.csrf_token("/reset")})
    assert page.status_code == 200
    [message] = inbox.to(email)
    assert message["Subject"] == "DIWI: nieuw wachtwoord instellen"
    text = Inbox.text_of(message)
    assert "Kies een nieuw wachtwoord via deze link" in text
    return "/reset/" + LINK_RE.search(text).group(1)


def set_password(client, auth, path: str, password: str):
    data = {"password": password, "password_confirm": password, "csrf_token": auth.csrf_token(path)}
    return client.post(path, data=data)


def test_reset_by_mail_then_sign_in_with_new_password(client, auth, mail_app, make_account):
    email = make_account("resetuser")
    path = reset_link(client, auth, mail_app, email)
    assert set_password(client, auth, path, NEW_PASSWORD).status_code == 302
    assert any("opnieuw ingesteld" in Inbox.text_of(m) for m in mail_app.to(email))
    assert auth.login(email, SEC_PASSWORD).status_code == 200  # old password refused
    assert auth.login(email, NEW_PASSWORD).status_code == 302
    assert "Uitloggen" in client.get("/").get_data(as_text=True)


def test_reset_refuses_short_or_weak_password(client, auth, mail_app, make_account):
    email = make_account("weakuser")
    path = reset_link(client, auth, mail_app, email)
    assert "<h1>Wachtwoord kiezen</h1>" in client.get(path).get_data(as_text=True)
    short = set_password(client, auth, path, "Kort-1!")
    assert short.status_code == 200
    assert "Het wachtwoord moet minstens 12 tekens lang zijn." in short.get_data(as_text=True)
    weak = set_password(client, auth, path, "aaaaaaaaaaaaaaaa")
    assert weak.status_code == 200
    assert "Dit wachtwoord is te makkelijk te raden." in weak.get_data(as_text=True)  # not zxcvbn's
    assert auth.login(email, "aaaaaaaaaaaaaaaa").status_code == 200  # not set


def test_password_is_set_even_when_the_notice_cannot_be_sent(
    client, auth, mail_app, make_account, request
):
    email = make_account("noticeuser")
    path = reset_link(client, auth, mail_app, email)
    request.getfixturevalue("mail_down")  # the SMTP server goes away before the new password
    assert set_password(client, auth, path, NEW_PASSWORD).status_code == 302
    assert auth.login(email, NEW_PASSWORD).status_code == 302


def test_forgot_and_change_password_pages_are_dutch(client, auth, mail_app, make_account):
    forgot = client.get("/reset").get_data(as_text=True)
    assert "<h1>Wachtwoord vergeten</h1>" in forgot and "Stuur mij een link" in forgot
    email = make_account("changeuser")
    auth.login(email, SEC_PASSWORD)
    page = client.get("/change").get_data(as_text=True)
    assert "<h1>Wachtwoord wijzigen</h1>" in page and "Huidig wachtwoord" in page
    data = {
        "password": SEC_PASSWORD,
        "new_password": NEW_PASSWORD,
        "new_password_confirm": NEW_PASSWORD,
        "csrf_token": auth.csrf_token("/change"),
    }
    assert client.post("/change", data=data).status_code == 302
    auth.logout()
    assert auth.login(email, SEC_PASSWORD).status_code == 200  # the old password is refused
    assert auth.login(email, NEW_PASSWORD).status_code == 302
