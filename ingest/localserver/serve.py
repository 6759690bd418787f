"""Server process: pygeoapi (GoKoala shim) and MapServer WFS on two ports (see servers.py)."""

import argparse
import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from werkzeug.serving import make_server

from ingest.localserver.control import CONTROL_PREFIX
from ingest.localserver.control import Control
from ingest.localserver.control import StartResponse
from ingest.localserver.control import WsgiApp
from ingest.localserver.control import control_app
from ingest.localserver.control import faulting
from ingest.localserver.control import problem
from ingest.localserver.fixtures import OGC_PREFIXES
from ingest.localserver.fixtures import WFS_PREFIXES
from ingest.localserver.ogcapi import GoKoalaShim
from ingest.localserver.ogcapi import flask_app_for
from ingest.localserver.ogcapi import load_pygeoapi
from ingest.localserver.wfs import MapServerApp

LOGGER = logging.getLogger(__name__)


class Dispatcher:
    """Route a request to the app mounted under the longest matching path prefix."""

    def __init__(self, mounts: dict[str, WsgiApp], fallback: WsgiApp) -> None:
        self.mounts = sorted(mounts.items(), key=lambda item: -len(item[0]))
        self.fallback = fallback

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        for prefix, app in self.mounts:
            if path == prefix or path.startswith(prefix + "/"):
                environ = dict(environ, SCRIPT_NAME=prefix, PATH_INFO=path[len(prefix) :])
                return app(environ, start_response)
        return self.fallback(environ, start_response)


def _not_found(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
    return problem(start_response, 404, f"nothing at {environ.get('PATH_INFO')}")


def build_app(
    directory: Path, host: str, port_ogc: int, port_wfs: int, max_features: int
) -> tuple[WsgiApp, WsgiApp]:
    """The WSGI apps for the OGC API port and the WFS port (they share the control state)."""
    control = Control()
    apis = load_pygeoapi(f"http://{host}:{port_ogc}", directory)
    wfs = MapServerApp(directory, f"http://{host}:{port_wfs}", max_features)

    def on_settings(settings: dict) -> None:
        wfs.set_max_features(int(settings.get("wfs_max_features", max_features)))

    control_wsgi = control_app(control, on_settings)
    ogc_mounts: dict[str, WsgiApp] = {
        prefix: faulting(control, GoKoalaShim(flask_app_for(apis[source], source).wsgi_app, source))
        for source, prefix in OGC_PREFIXES.items()
    }
    ogc_mounts[CONTROL_PREFIX] = control_wsgi
    wfs_mounts: dict[str, WsgiApp] = {
        prefix: faulting(control, wfs) for prefix in WFS_PREFIXES.values()
    }
    wfs_mounts[CONTROL_PREFIX] = control_wsgi
    return Dispatcher(ogc_mounts, _not_found), Dispatcher(wfs_mounts, _not_found)


def _exit_with_parent(parent: int) -> None:
    """Stop serving when the process that started us is gone (no orphaned servers after a crash)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    """Serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-ogc", type=int, required=True)
    parser.add_argument("--port-wfs", type=int, required=True)
    parser.add_argument("--wfs-max-features", type=int, default=1000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    ogc, wfs = build_app(
        args.dir.resolve(), args.host, args.port_ogc, args.port_wfs, args.wfs_max_features
    )
    servers = [
        make_server(args.host, args.port_ogc, ogc, threaded=True),
        make_server(args.host, args.port_wfs, wfs, threaded=True),
    ]
    threading.Thread(target=servers[1].serve_forever, daemon=True).start()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
