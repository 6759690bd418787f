"""HTTP for the ingest: retries with exponential backoff on transient errors, and clean failures."""

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from ingest.config import HttpPolicy

LOGGER = logging.getLogger(__name__)
TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})


class PageError(Exception):
    """A page could not be fetched or is malformed: the run stops with this URL and message."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(message)
        self.url = url
        self.message = message


class TransientError(Exception):
    """A failure worth another try (5xx, 429, connection error, timeout)."""


class StatusRecorder(requests.auth.AuthBase):
    """A requests auth hook that remembers the last response (OWSLib hides status codes)."""

    def __init__(self) -> None:
        self.last: requests.Response | None = None

    def __deepcopy__(self, memo: dict) -> "StatusRecorder":
        return self  # OWSLib deep-copies its request arguments; keep recording here

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self.last = None
        request.register_hook("response", self.record)
        return request

    def record(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.last = response

    @property
    def status(self) -> int | None:
        return None if self.last is None else self.last.status_code


def call_with_timeout(function: Callable[[], Any], timeout: float) -> Any:
    """Run function in a daemon thread; TransientError when it takes longer than timeout.

    OWSLib's OGC API client sends no timeout to requests, so a hanging server would hang us.
    """
    results: queue.Queue = queue.Queue(maxsize=1)

    def target() -> None:
        try:
            results.put((True, function()))
        except BaseException as exc:  # handed to the caller's thread
            results.put((False, exc))

    threading.Thread(target=target, daemon=True, name="ingest-request").start()
    try:
        ok, value = results.get(timeout=timeout)
    except queue.Empty:
        raise TransientError(f"geen antwoord binnen {timeout:g} s") from None
    if not ok:
        raise value
    return value


def with_retries(fetch: Callable[[], Any], url: str, policy: HttpPolicy) -> Any:
    """fetch() with up to policy.attempts tries; PageError naming url when they all fail."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return fetch()
        except TransientError as exc:
            if attempt == policy.attempts:
                raise PageError(url, f"{exc} (na {attempt} pogingen)") from exc
            wait = policy.backoff_seconds * 2 ** (attempt - 1)
            LOGGER.warning(
                "%s: %s; try %d of %d in %.1f s", url, exc, attempt + 1, policy.attempts, wait
            )
            time.sleep(wait)
    raise AssertionError("unreachable")


def classify(exc: BaseException, recorder: StatusRecorder | None, url: str) -> BaseException:
    """The exception to raise for a failed request of url: TransientError when worth another try."""
    status = recorder.status if recorder is not None else None
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        status = exc.response.status_code
    if isinstance(exc, requests.Timeout | TimeoutError):
        return TransientError(f"time-out: {short(str(exc), 200)}")
    if isinstance(exc, requests.ConnectionError):
        return TransientError(f"verbindingsfout: {short(str(exc), 200)}")
    if status in TRANSIENT_STATUS:
        return TransientError(f"HTTP {status}")
    if status is not None and status >= 400:
        return PageError(url, f"HTTP {status}: {short(response_text(exc, recorder))}")
    return exc


def response_text(exc: BaseException, recorder: StatusRecorder | None) -> str:
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return exc.response.text
    if recorder is not None and recorder.last is not None:
        return recorder.last.text
    return str(exc)


def short(text: str, length: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
