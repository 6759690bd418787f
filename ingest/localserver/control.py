"""Shared state of the local registry server process: fault injections and the request log."""

import json
import threading
import time
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import unquote_plus

FAULT_KINDS = ("http503", "http500", "malformed", "hang")
MAX_LOGGED_REQUESTS = 100_000
CONTROL_PREFIX = "/__control"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


class Control:
    """Thread-safe injections (consumed per matching request) and a log of every request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.injections: list[dict] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.settings: dict[str, Any] = {}

    def record(self, path: str, query: str) -> None:
        with self._lock:
            self.requests.append((path, dict(parse_qsl(query, keep_blank_values=True))))
            del self.requests[:-MAX_LOGGED_REQUESTS]

    def inject(self, path_contains: str, kind: str, times: int, seconds: float) -> None:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._lock:
            self.injections.append(
                {"path_contains": path_contains, "kind": kind, "times": times, "seconds": seconds}
            )

    def take(self, target: str) -> dict | None:
        """The first injection matching path+query (its count is consumed), or None."""
        with self._lock:
            for injection in self.injections:
                if injection["path_contains"] in target and injection["times"] > 0:
                    injection["times"] -= 1
                    return dict(injection)
        return None

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def reset(self) -> None:
        with self._lock:
            self.injections.clear()
            self.requests.clear()


def json_response(
    start_response: StartResponse, status: str, body: Any, content_type: str = "application/json"
) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def problem(start_response: StartResponse, status: int, detail: str) -> list[bytes]:
    """An RFC 7807 problem document, as GoKoala answers bad requests."""
    titles = {
        400: "Bad Request",
        404: "Not Found",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }
    body = {"title": titles.get(status, "Error"), "status": status, "detail": detail}
    body["timeStamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return json_response(
        start_response, f"{status} {titles.get(status, 'Error')}", body, "application/problem+json"
    )


def faulting(control: Control, app: WsgiApp) -> WsgiApp:
    """WSGI middleware: log the request, then apply a matching injected fault (or pass through)."""

    def middleware(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        full_path = environ.get("SCRIPT_NAME", "") + path
        control.record(full_path, query)
        fault = control.take(f"{full_path}?{unquote_plus(query)}")
        if fault is None:
            return app(environ, start_response)
        if fault["kind"] == "hang":
            time.sleep(fault["seconds"])
            return app(environ, start_response)
        if fault["kind"] == "malformed":
            body = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geome'
            start_response(
                "200 OK",
                [("Content-Type", "application/geo+json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        status = 503 if fault["kind"] == "http503" else 500
        return problem(start_response, status, "injected fault")

    return middleware


def control_app(control: Control, on_settings: Callable[[dict], None]) -> WsgiApp:
    """The /__control endpoints used by RegistryServers in the parent process."""

    def app(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        action = environ.get("PATH_INFO", "").removeprefix(CONTROL_PREFIX).strip("/")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
        if action == "health":
            return json_response(start_response, "200 OK", {"ok": True})
        if action == "requests":
            return json_response(start_response, "200 OK", control.requests)
        if action == "inject":
            control.inject(
                body["path_contains"],
                body["kind"],
                int(body.get("times", 1)),
                float(body.get("seconds", 5)),
            )
            return json_response(start_response, "200 OK", {"ok": True})
        if action == "clear-requests":
            control.clear_requests()
            return json_response(start_response, "200 OK", {"ok": True})
        if action == "reset":
            control.reset()
            return json_response(start_response, "200 OK", {"ok": True})
        if action == "settings":
            control.settings.update(body)
            on_settings(control.settings)
            return json_response(start_response, "200 OK", control.settings)
        return problem(start_response, 404, f"unknown control action {action!r}")

    return app
