"""Webhook test receiver: checks DIWI's HMAC signature, appends each CloudEvent to a file."""

import hmac
import json
import logging
import os
import threading
from datetime import UTC
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path

from plugins.jobs.webhooks import SIGNATURE_HEADER
from plugins.jobs.webhooks import sign

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8099
DEFAULT_FILE = ROOT / "var" / "webhooks" / "received.jsonl"
# The demo subscriber's secret (manage/demo_planning.py); demo databases only, documented.
DEMO_SECRET = "whsec_demo-diwi-2026-webhook-ontvanger"
MAX_BODY = 1_000_000


class ReceiverServer(ThreadingHTTPServer):
    """The HTTP server with the shared secret, the output file and a lock for appending."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], secret: str, out: Path) -> None:
        super().__init__(address, ReceiverHandler)
        self.secret = secret
        self.out = out
        self.lock = threading.Lock()


class ReceiverHandler(BaseHTTPRequestHandler):
    """POST: 204 and one appended line for a correctly signed CloudEvent; 401/400/413 otherwise."""

    server: ReceiverServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.answer(413)
            return
        body = self.rfile.read(length)
        given = self.headers.get(SIGNATURE_HEADER) or ""
        if not hmac.compare_digest(given, sign(self.server.secret, body)):
            LOGGER.warning("refused a webhook with a wrong signature")
            self.answer(401)
            return
        try:
            event = json.loads(body)
        except ValueError:
            self.answer(400)
            return
        line = {"received_at": datetime.now(UTC).isoformat(), "event": event}
        with self.server.lock, self.server.out.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        LOGGER.info("received %s %s", event.get("type"), event.get("subject"))
        self.answer(204)

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:
        LOGGER.debug(format, *args)


def make_server(
    port: int = DEFAULT_PORT, secret: str = DEMO_SECRET, out: Path = DEFAULT_FILE
) -> ReceiverServer:
    """A receiver bound to 127.0.0.1:port (0: a free port) writing to out."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return ReceiverServer(("127.0.0.1", port), secret, out)


def serve(port: int | None = None) -> None:
    """Run the receiver until interrupted (secret: DIWI_WEBHOOK_RECEIVER_SECRET or the demo's)."""
    secret = os.environ.get("DIWI_WEBHOOK_RECEIVER_SECRET") or DEMO_SECRET
    server = make_server(port or receiver_port(), secret)
    print(f"Webhook receiver on http://127.0.0.1:{server.server_port}/ -> {server.out}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def receiver_port() -> int:
    """The port of the demo receiver (DIWI_WEBHOOK_RECEIVER_PORT, default 8099)."""
    return int(os.environ.get("DIWI_WEBHOOK_RECEIVER_PORT") or DEFAULT_PORT)
