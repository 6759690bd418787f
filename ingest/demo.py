"""make ingest: start the local demo registries, ingest all four sources for GM0200, stop them."""

import argparse
import sys
from pathlib import Path

import yaml

from ingest.cli import main as ingest_main

DEFAULT_DIR = Path("var/registry-fixtures")
DEFAULT_PORTS = "55480,55481"
BOR_LAYERS = {"table": "bor.object", "key": "boom_id", "collections": ["bomen"]}


def local_config(servers, attempts: int = 3, backoff_seconds: float = 0.2) -> dict:
    """A sources config (merged over ingest/sources.yml) for RegistryServers' endpoints."""
    ogc, wfs = servers.ogcapi_urls, servers.wfs_urls
    sources: dict = {
        name: {"protocol": "ogcapi", "ogcapi": {"url": ogc[name]}} for name in ("brk", "bag", "bgt")
    }
    for name in ("brk", "bag"):
        sources[name]["wfs"] = {"url": wfs[name]}
    sources["bor"] = {"protocol": "ogcapi", "ogcapi": {"url": ogc["bor"]}, **BOR_LAYERS}
    http = {"attempts": attempts, "backoff_seconds": backoff_seconds, "timeout_seconds": 30}
    return {"http": http, "sources": sources}


def registry_filled() -> bool:
    """Whether the BRK copy has any parcel (read as the ingest role)."""
    import psycopg

    from ingest.cli import database_url

    with psycopg.connect(database_url()) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM brk.perceel)").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    """Serve the fixtures of --version from --dir, run `python -m ingest all` against them."""
    from ingest.localserver.servers import RegistryServers

    parser = argparse.ArgumentParser(prog="python -m ingest.demo", description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--version", type=int, choices=(1, 2), default=1)
    parser.add_argument("--municipality", default="GM0200")
    parser.add_argument("--ports", default=DEFAULT_PORTS, help="OGC API and WFS ports, or 'free'")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--if-empty", action="store_true", help="do nothing when BRK has parcels")
    args = parser.parse_args(argv)
    if args.if_empty and registry_filled():
        print("Registries present (brk.perceel has rows); `make ingest` refreshes them")
        return 0
    ports = None if args.ports == "free" else tuple(int(p) for p in args.ports.split(","))
    # fixed ports keep pand.href stable, so a second `make ingest` changes nothing
    with RegistryServers(args.dir, args.version, ports=ports) as servers:
        config_path = args.dir / "ingest-sources.yml"
        config_path.write_text(yaml.safe_dump(local_config(servers)), encoding="utf-8")
        print(f"local registries at {servers.ogc_root} (OGC API) and {servers.wfs_root} (WFS)")
        command = ["all", "--municipality", args.municipality, "--config", str(config_path)]
        return ingest_main(command + (["--quiet"] if args.quiet else []))


if __name__ == "__main__":
    sys.exit(main())
