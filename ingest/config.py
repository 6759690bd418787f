"""Ingest configuration: ingest/sources.yml (PDOK defaults) merged with --config or env."""

import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG = Path(__file__).resolve().parent / "sources.yml"
SOURCES = ("brk", "bag", "bgt", "bor")
PROTOCOLS = ("ogcapi", "wfs")
# jsonb tables: the column holding the collection (layer) name and the one holding the source id
JSONB_TABLES = {"bgt.object": ("collection", "lokaal_id"), "bor.object": ("layer", "source_id")}
PDOK_MAX_LIMIT = 1000


class ConfigError(Exception):
    """The configuration is missing something a run needs."""


@dataclass(frozen=True)
class HttpPolicy:
    """Timeouts, retries with exponential backoff and the page size."""

    timeout_seconds: float = 60.0
    attempts: int = 5
    backoff_seconds: float = 2.0
    page_limit: int = PDOK_MAX_LIMIT


@dataclass(frozen=True)
class Collection:
    """One collection of a source and where its features go."""

    name: str
    table: str
    key: str
    remote: str
    typename: str | None = None
    rename: dict[str, str] = field(default_factory=dict)
    properties: tuple[str, ...] | None = None

    @property
    def group_column(self) -> str | None:
        """bgt.object.collection / bor.object.layer; None for typed tables."""
        return JSONB_TABLES[self.table][0] if self.table in JSONB_TABLES else None

    @property
    def key_column(self) -> str:
        """The table column holding the source id."""
        return JSONB_TABLES[self.table][1] if self.table in JSONB_TABLES else self.key


@dataclass(frozen=True)
class Source:
    """A registry source as configured for one protocol."""

    name: str
    protocol: str
    url: str
    collections: tuple[Collection, ...]


def deep_merge(base: dict, override: dict) -> dict:
    """Mappings merge key by key; anything else (lists too) in override replaces base."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: str | Path | None = None) -> dict:
    """The defaults merged with the file from path, DIWI_INGEST_CONFIG or nothing."""
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    chosen = path or os.environ.get("DIWI_INGEST_CONFIG")
    if chosen and Path(chosen).resolve() != DEFAULT_CONFIG:
        override = yaml.safe_load(Path(chosen).read_text(encoding="utf-8")) or {}
        if not isinstance(override, dict):
            raise ConfigError(f"{chosen}: expected a YAML mapping")
        config = deep_merge(config, override)
    return config


def http_policy(config: dict, limit: int | None = None) -> HttpPolicy:
    """The HTTP policy of a config; limit (--limit) overrides the page size, capped at 1000."""
    values = config.get("http") or {}
    known = {k: values[k] for k in HttpPolicy.__dataclass_fields__ if k in values}
    policy = HttpPolicy(**known)
    page_limit = max(1, min(int(limit or policy.page_limit), PDOK_MAX_LIMIT))
    return HttpPolicy(policy.timeout_seconds, policy.attempts, policy.backoff_seconds, page_limit)


def max_removed_share(config: dict, allow_removals: bool = False) -> float | None:
    """The mass-removal guard of full runs (None: no limit)."""
    if allow_removals:
        return None
    value = (config.get("merge") or {}).get("max_removed_share")
    return None if value is None else float(value)


def collection_from(entry: Any, defaults: dict) -> Collection:
    """A collection entry (a name or a mapping) with the source's table and key as defaults."""
    entry = {"name": entry} if isinstance(entry, str) else dict(entry)
    table, key = entry.get("table", defaults.get("table")), entry.get("key", defaults.get("key"))
    if not entry.get("name") or not table or not key:
        raise ConfigError(f"collection {entry!r}: name, table and key are required")
    keep = entry.get("properties")
    return Collection(
        name=entry["name"],
        table=table,
        key=key,
        remote=entry.get("collection", entry["name"]),
        typename=entry.get("typename"),
        rename=dict(entry.get("rename") or {}),
        properties=tuple(keep) if keep else None,
    )


def source_from(config: dict, name: str, protocol: str | None = None) -> Source:
    """The source `name` for a protocol (default: the configured one); ConfigError when unusable."""
    raw = (config.get("sources") or {}).get(name) or {}
    chosen = protocol or raw.get("protocol") or "ogcapi"
    if chosen not in PROTOCOLS:
        raise ConfigError(f"{name}: unknown protocol {chosen!r}; expected ogcapi or wfs")
    url = (raw.get(chosen) or {}).get("url")
    if not url:
        raise ConfigError(f"{name}: no {chosen} url configured" + bor_hint(name))
    collections = tuple(collection_from(entry, raw) for entry in raw.get("collections") or ())
    if chosen == "wfs":
        collections = tuple(c for c in collections if c.typename)
    if not collections:
        raise ConfigError(f"{name}: no collections configured for {chosen}" + bor_hint(name))
    return Source(name, chosen, url, collections)


def bor_hint(name: str) -> str:
    if name != "bor":
        return ""
    return (
        " (BOR has no national service: configure the municipality's WFS or OGC API under"
        " sources.bor in a file given with --config or DIWI_INGEST_CONFIG; see ingest/sources.yml)"
    )
