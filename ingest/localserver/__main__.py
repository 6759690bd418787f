"""Serve the local registry servers in the foreground: python -m ingest.localserver --dir DIR."""

import argparse
import signal
import sys
import threading
from pathlib import Path

import yaml

from ingest.localserver.servers import RegistryServers


def main(argv: list[str] | None = None) -> int:
    """Start the servers, print (and optionally write) the sources config, and wait for a signal."""
    parser = argparse.ArgumentParser(prog="python -m ingest.localserver", description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path("var/registry-fixtures"))
    parser.add_argument("--version", type=int, choices=(1, 2), default=1)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-ogc", type=int)
    parser.add_argument("--port-wfs", type=int)
    parser.add_argument("--wfs-max-features", type=int, default=1000)
    parser.add_argument(
        "--print-config", type=Path, help="also write the sources config YAML to this path"
    )
    args = parser.parse_args(argv)
    ports = None
    if args.port_ogc or args.port_wfs:
        if not (args.port_ogc and args.port_wfs):
            parser.error("give both --port-ogc and --port-wfs")
        ports = (args.port_ogc, args.port_wfs)
    servers = RegistryServers(args.dir, args.version, args.host, ports, args.wfs_max_features)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with servers:
        text = yaml.safe_dump(servers.sources_config(), sort_keys=False)
        if args.print_config:
            args.print_config.parent.mkdir(parents=True, exist_ok=True)
            args.print_config.write_text(text, encoding="utf-8")
        sys.stdout.write(text)
        sys.stdout.flush()
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
