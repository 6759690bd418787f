"""Demo mail catcher: a local SMTP server (aiosmtpd) that keeps every message as an .eml file."""

import logging
import re
import time
from datetime import UTC
from datetime import datetime
from email import message_from_bytes
from email import policy
from pathlib import Path

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8025
DEFAULT_DIR = ROOT / "var" / "mail"


class MailFolder:
    """aiosmtpd handler writing each delivered message to <folder>/<time>-<recipient>.eml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        for recipient in envelope.rcpt_tos:
            name = re.sub(r"[^A-Za-z0-9@._-]", "_", recipient)
            (self.folder / f"{stamp}-{name}.eml").write_bytes(envelope.original_content)
        print(f"mail to {', '.join(envelope.rcpt_tos)}: {message['Subject']}", flush=True)
        return "250 OK"


def start(port: int = DEFAULT_PORT, folder: Path = DEFAULT_DIR):
    """Start the catcher on 127.0.0.1:port in a background thread; stop it with .stop()."""
    from aiosmtpd.controller import Controller  # a dev dependency: demo and tests only

    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(MailFolder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def serve(port: int = DEFAULT_PORT, folder: Path = DEFAULT_DIR) -> int:
    """Run the catcher until interrupted (python -m manage mail-catcher)."""
    controller = start(port, folder)
    print(f"Mail catcher on smtp://127.0.0.1:{port} -> {folder}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        controller.stop()


def cmd_mail_catcher(args) -> int:
    """python -m manage mail-catcher [--port]."""
    return serve(args.port)
