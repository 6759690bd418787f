"""Start and stop the HTTP servers under test as process groups on loopback."""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.config import ROOT
from bench.config import VENV_BIN


@dataclass
class Server:
    """A running server: its process group, base URL and log file."""

    name: str
    process: subprocess.Popen
    base_url: str
    log: Path


def spawn(name: str, argv: list[str], env: dict[str, str], base_url: str, log: Path) -> Server:
    """Start argv in its own session (so the whole group can be killed) with output to log."""
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("wb")
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    handle.close()
    return Server(name, process, base_url, log)


def stop(server: Server, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it lingers."""
    if server.process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(5)


def wait_ready(server: Server, path: str, timeout: float = 90.0) -> None:
    """Poll path until it answers 200; raise with the log tail when the server dies or stalls."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited early:\n{tail(server.log)}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.base_url + path, timeout=30).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{server.name} not ready after {timeout} s:\n{tail(server.log)}")


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


@contextlib.contextmanager
def running(server: Server, ready_path: str) -> Iterator[Server]:
    """A started server that is always stopped afterwards, even on errors."""
    try:
        wait_ready(server, ready_path)
        yield server
    finally:
        stop(server)


def gunicorn_argv(port: int, workers: int) -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--threads",
        "4",  # as `manage serve` runs it in production: gthread workers with keep-alive
        "--keep-alive",
        "5",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "webapp:create_app()",
    ]


def uvicorn_argv(port: int, workers: int) -> list[str]:
    return [
        str(VENV_BIN / "uvicorn"),
        "tipg.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
