"""The demo mail catcher keeps what the app mails as .eml files a developer can open."""

import smtplib
import socket
from email import message_from_bytes
from email import policy
from email.message import EmailMessage

from manage import mail_catcher


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_each_recipient_gets_an_eml_file_with_the_message(tmp_path):
    controller = mail_catcher.start(free_port(), tmp_path / "mail")
    try:
        message = EmailMessage()
        message["From"] = "DIWI <noreply@localhost>"
        message["To"] = "gebruiker@demo.diwi.nl, raad@demo.diwi.nl"
        message["Subject"] = "Mijlpaal nadert: Beekpark Zuid"
        message.set_content("Omgevingsvergunning verleend op 2027-01-15.")
        with smtplib.SMTP(controller.hostname, controller.port) as smtp:
            smtp.send_message(message)
    finally:
        controller.stop()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert [f.name.split("-", 1)[1] for f in files] == [
        "gebruiker@demo.diwi.nl.eml",
        "raad@demo.diwi.nl.eml",
    ]
    kept = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert kept["Subject"] == "Mijlpaal nadert: Beekpark Zuid"
    assert "2027-01-15" in kept.get_body(preferencelist=("plain",)).get_content()
