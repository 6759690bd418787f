"""RegistryServers: start and control the local PDOK-shaped OGC API and WFS servers."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

from ingest.localserver.fixtures import OGC_PREFIXES
from ingest.localserver.fixtures import WFS_PREFIXES
from ingest.localserver.fixtures import write_fixtures

LOGGER = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0


def free_port(host: str = "127.0.0.1") -> int:
    """A currently free TCP port on host."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class RegistryServers:
    """Real pygeoapi (GoKoala-shaped) and MapServer WFS serving the fixtures of `directory`."""

    def __init__(
        self,
        directory: Path,
        version: int = 1,
        host: str = "127.0.0.1",
        ports: tuple[int, int] | None = None,
        wfs_max_features: int = 1000,
    ) -> None:
        self.directory = Path(directory).resolve()
        self.version = version
        self.host = host
        self.ports = ports
        self.wfs_max_features = wfs_max_features
        self.summary: dict = {}
        self._process: subprocess.Popen | None = None

    # -- lifecycle
    def start(self) -> Self:
        """Write the fixtures, start the server process and wait until it answers."""
        self.summary = write_fixtures(self.directory, self.version)
        if self.ports is None:
            self.ports = (free_port(self.host), free_port(self.host))
        command = [sys.executable, "-m", "ingest.localserver.serve", "--dir", str(self.directory)]
        command += [
            "--host",
            self.host,
            "--port-ogc",
            str(self.ports[0]),
            "--port-wfs",
            str(self.ports[1]),
        ]
        command += ["--wfs-max-features", str(self.wfs_max_features)]
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])
            ),
        )
        log = (self.directory / "server.log").open("ab")
        self._process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                log = (self.directory / "server.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"registry server process exited:\n{log}")
            try:
                self._control("health")
                self._control("health", wfs=True)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("registry servers did not start in time")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- URLs
    @property
    def ogc_root(self) -> str:
        assert self.ports is not None, "not started"
        return f"http://{self.host}:{self.ports[0]}"

    @property
    def wfs_root(self) -> str:
        assert self.ports is not None, "not started"
        return f"http://{self.host}:{self.ports[1]}"

    @property
    def ogcapi_urls(self) -> dict[str, str]:
        return {source: self.ogc_root + prefix for source, prefix in OGC_PREFIXES.items()}

    @property
    def wfs_urls(self) -> dict[str, str]:
        return {source: self.wfs_root + prefix for source, prefix in WFS_PREFIXES.items()}

    def sources_config(self) -> dict:
        """A config for `python -m ingest --config FILE` (merged over ingest/sources.yml)."""
        ogc, wfs = self.ogcapi_urls, self.wfs_urls
        sources: dict = {name: {"protocol": "ogcapi", "ogcapi": {"url": ogc[name]}} for name in ogc}
        for name, url in wfs.items():
            sources[name]["wfs"] = {"url": url}
        sources["bor"] |= {"table": "bor.object", "key": "boom_id", "collections": ["bomen"]}
        http = {"attempts": 3, "backoff_seconds": 0.2, "timeout_seconds": 30}
        return {"http": http, "sources": sources}

    # -- control
    def _control(self, action: str, body: dict | None = None, wfs: bool = False) -> object:
        root = self.wfs_root if wfs else self.ogc_root
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{root}/__control/{action}", data=data, method="POST" if data else "GET"
        )
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def set_version(self, version: int) -> dict:
        """Switch both servers to another fixture version (files are re-read on every request)."""
        self.version = version
        self.summary = write_fixtures(self.directory, version)
        return self.summary

    def inject(self, path_contains: str, kind: str, times: int = 1, seconds: float = 5.0) -> None:
        """Make the next `times` requests whose path+query contains `path_contains` fail.

        kind: 'http503' (transient 503), 'http500', 'malformed' (200 with broken JSON) or 'hang'
        (sleep `seconds`, then answer normally).
        """
        self._control(
            "inject",
            {"path_contains": path_contains, "kind": kind, "times": times, "seconds": seconds},
        )

    @property
    def requests(self) -> list[tuple[str, dict[str, str]]]:
        """(path, query) of every request received by both servers, oldest first."""
        return [(path, query) for path, query in self._control("requests")]  # type: ignore[union-attr]

    def clear_requests(self) -> None:
        """Empty the request log (injections stay)."""
        self._control("clear-requests", {})

    def set_wfs_max_features(self, count: int) -> None:
        """Change MapServer's wfs_maxfeatures (the count cap) without a restart."""
        self._control("settings", {"wfs_max_features": count})

    def reset(self, version: int | None = 1) -> None:
        """Clear injections and the request log; optionally go back to a version and the cap."""
        self._control("reset", {})
        if version is not None:
            self._control("settings", {"wfs_max_features": self.wfs_max_features})
            if version != self.version:
                self.set_version(version)
