"""Generate pygeoapi's OpenAPI document and serve the web app with gunicorn."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from webapp.api import pygeoapi_env
from webapp.settings import WebSettings
from webapp.settings import env


class ServeError(RuntimeError):
    """Generating the OpenAPI document or starting the server failed."""


def pygeoapi_cli() -> str:
    """The pygeoapi command next to the running interpreter."""
    candidate = Path(sys.executable).parent / "pygeoapi"
    return str(candidate) if candidate.exists() else "pygeoapi"


def generate_openapi(settings: WebSettings | None = None) -> Path:
    """Run `pygeoapi openapi generate` for our config (the database must be up)."""
    settings = settings or WebSettings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    target = settings.openapi_path
    command = [pygeoapi_cli(), "openapi", "generate", str(settings.pygeoapi_config)]
    command += ["--format", "yaml", "--output-file", str(target)]
    result = subprocess.run(
        command, env=os.environ | pygeoapi_env(settings), capture_output=True, text=True
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise ServeError(f"pygeoapi openapi generate failed:\n{result.stderr.strip()[-2000:]}")
    print(f"wrote {target}")
    return target


def banner(base: str) -> str:
    """What to print before serving: the URLs and the demo accounts."""
    from manage.demo_accounts import DEMO_ACCOUNTS
    from manage.demo_accounts import DEMO_PASSWORD

    lines = [f"DIWI op {base}/", f"  API:    {base}/api", f"  Status: {base}/health"]
    lines += [f"  QGIS:   voeg {base}/api toe als OGC API Features-verbinding", ""]
    lines.append(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
    lines += [f"  {a['role']:<16} {a['email']}" for a in DEMO_ACCOUNTS]
    return "\n".join(lines)


def local_secret_key(settings: WebSettings) -> str:
    """A secret key kept under DIWI_VAR_DIR for local serving without DIWI_SECRET_KEY."""
    path = settings.var_dir / "secret_key"
    if not path.exists():
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def serve() -> None:
    """Serve webapp:create_app() with gunicorn on DIWI_WEB_HOST:DIWI_WEB_PORT."""
    host, port = env("WEB_HOST", "127.0.0.1"), env("WEB_PORT", "8000")
    os.environ.setdefault("DIWI_PUBLIC_URL", f"http://{host}:{port}")
    settings = WebSettings()
    if not settings.secret_key:
        os.environ["DIWI_SECRET_KEY"] = local_secret_key(settings)
    generate_openapi(settings)  # always: the config or the schema may have changed (about 1 s)
    print(banner(settings.public_url.rstrip("/")), flush=True)
    workers = env("WEB_WORKERS", "2")
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}"]
    command += ["--workers", workers, "--threads", env("WEB_THREADS", "4")]
    command += ["--keep-alive", "5", "--access-logfile", "-", "webapp:create_app()"]
    os.execvpe(sys.executable, command, os.environ | pygeoapi_env(settings))
