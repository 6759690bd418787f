"""Benchmark settings: dataset size, seed, ports, request budgets and the target URLs."""

import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from manage.settings import DatabaseSettings

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(f"DIWI_BENCH_{name}", default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(f"DIWI_BENCH_{name}", default))


@dataclass(frozen=True)
class BenchConfig:
    """Everything one `python -m bench` run needs; overridable via DIWI_BENCH_* variables."""

    dbname: str = field(default_factory=lambda: os.environ.get("DIWI_BENCH_DB", "diwi_bench"))
    seed: int = field(default_factory=lambda: _env_int("SEED", 20261204))
    projects: int = field(default_factory=lambda: _env_int("PROJECTS", 20_000))
    houseblocks: int = field(default_factory=lambda: _env_int("HOUSEBLOCKS", 70_000))
    workers: int = field(default_factory=lambda: _env_int("WORKERS", 2))
    concurrency: int = field(default_factory=lambda: _env_int("CONCURRENCY", 4))
    page_requests: int = field(default_factory=lambda: _env_int("PAGE_REQUESTS", 60))
    item_requests: int = field(default_factory=lambda: _env_int("ITEM_REQUESTS", 300))
    warmup: int = field(default_factory=lambda: _env_int("WARMUP", 3))
    cell_seconds: float = field(default_factory=lambda: _env_float("CELL_SECONDS", 12.0))
    request_timeout: float = field(default_factory=lambda: _env_float("TIMEOUT", 60.0))
    ours_port: int = field(default_factory=lambda: _env_int("OURS_PORT", 8791))
    tipg_port: int = field(default_factory=lambda: _env_int("TIPG_PORT", 8792))
    bbox_municipality: str = "GM0344"
    item_ids: int = 50
    page_limit: int = 1000
    db: DatabaseSettings = field(default_factory=DatabaseSettings)

    def url(self, actor: str | None = "owner") -> str:
        """libpq URL of the bench database for an actor (None: superuser)."""
        return self.db.url(actor, self.dbname)
