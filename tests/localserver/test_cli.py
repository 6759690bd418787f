"""`python -m ingest.localserver` serves in the foreground and writes the sources config."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
import yaml

from ingest.localserver.servers import PROJECT_ROOT
from ingest.localserver.servers import free_port


def test_cli_serves_and_writes_the_sources_config(tmp_path: Path) -> None:
    config_path = tmp_path / "sources.yml"
    ports = [str(free_port()), str(free_port())]
    command = [
        sys.executable,
        "-m",
        "ingest.localserver",
        "--dir",
        str(tmp_path / "fx"),
        "--version",
        "2",
    ]
    command += ["--port-ogc", ports[0], "--port-wfs", ports[1], "--print-config", str(config_path)]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while not config_path.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        config = yaml.safe_load(config_path.read_text())

        brk = config["sources"]["brk"]
        assert brk == {
            "protocol": "ogcapi",
            "ogcapi": {"url": f"http://127.0.0.1:{ports[0]}/kadaster/brk-kadastrale-kaart/ogc/v1"},
            "wfs": {"url": f"http://127.0.0.1:{ports[1]}/kadaster/kadastralekaart/wfs/v5_0"},
        }
        assert config["sources"]["bor"]["key"] == "boom_id"
        page = requests.get(
            brk["ogcapi"]["url"] + "/collections/perceel/items?limit=100", timeout=10
        ).json()
        assert page["numberReturned"] == 39
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert b"kadaster/bag/ogc/v2" in stdout
