"""Uploaded files kept between the preview and the commit, under DIWI_VAR_DIR/imports."""

import json
import re
import secrets
import time
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def folder() -> Path:
    path = current_app.config["DIWI_SETTINGS"].var_dir / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(data: bytes, user_id: str, kind: str, filename: str) -> str:
    """Store an upload for this user; returns the random token naming it."""
    clean_up()
    token = secrets.token_urlsafe(24)
    base = folder() / token
    base.with_suffix(".upload").write_bytes(data)
    meta = {"user_id": user_id, "kind": kind, "filename": filename, "stored_at": time.time()}
    base.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(token: str, user_id: str) -> tuple[bytes, dict] | None:
    """The stored upload and its metadata, only for the user who uploaded it."""
    if not TOKEN_RE.match(token or ""):
        return None
    base = folder() / token
    try:
        meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        data = base.with_suffix(".upload").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    return data, meta


def forget(token: str) -> None:
    if TOKEN_RE.match(token or ""):
        for suffix in (".upload", ".json"):
            (folder() / token).with_suffix(suffix).unlink(missing_ok=True)


def clean_up() -> None:
    """Remove uploads older than a day."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in folder().glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                forget(path.stem)
        except OSError:
            continue
