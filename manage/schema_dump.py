"""Dump the migrated schema as stable, reviewable SQL (sql/schema.sql)."""

import re
import subprocess

from manage.commands import pg_tool

SCHEMAS = (
    "meta",
    "ref",
    "auth",
    "plan",
    "publication",
    "brk",
    "bag",
    "bgt",
    "bor",
    "ingest",
    "pygeoapi",
)


def dump_schema(url: str) -> str:
    """pg_dump --schema-only of DIWI's schemas without owners, privileges or version noise."""
    cmd = [pg_tool("pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "--no-comments"]
    for schema in SCHEMAS:
        cmd += ["--schema", schema]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    noise = re.compile(r"^(-- Dumped (from|by)|\\(un)?restrict )")
    lines = [ln for ln in out.splitlines() if not noise.match(ln)]
    text = "\n".join(ln for ln in lines if not ln.startswith("SET ") and "set_config" not in ln)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
