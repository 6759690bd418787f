"""Webhook fixtures: a real local HTTP receiver, a municipality with a project team, subscribers."""

import itertools
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import psycopg
import pytest

from tests.sql import builders

_CODES = itertools.count(9700)


class Receiver:
    """An http.server in a thread that records every POST and answers with the queued codes."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.codes: list[int] = []  # answered in order; 200 once they run out
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def place(owner_url: str) -> Iterator[dict]:
    """A fresh municipality with a user group; its subscribers are switched off afterwards."""
    with psycopg.connect(owner_url) as conn:
        code = builders.municipality(conn, f"GM{next(_CODES)}")
        group = builders.user_group(conn, code)
    yield {"municipality": code, "group": group}
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE plan.webhook_subscription SET active = false WHERE municipality_code = %s",
            (code,),
        )


def subscribe(
    owner_url: str,
    municipality: str,
    url: str,
    events: tuple[str, ...] = ("project", "houseblock", "milestone"),
    max_confidentiality: int = 7,
    secret: str = "whsec_test-secret",
) -> str:
    """A subscriber straight in the table (the admin pages have their own tests)."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "INSERT INTO plan.webhook_subscription (municipality_code, name, url, secret, "
            "event_types, max_confidentiality) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id::text",
            (municipality, f"Ontvanger {url}", url, secret, list(events), max_confidentiality),
        ).fetchone()[0]
