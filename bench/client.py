"""A small bounded load loop: N requests (or a time cap) from 1..k threads, with latency stats."""

import contextlib
import statistics
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from typing import Protocol

import httpx
import psycopg


class Driver(Protocol):
    """One way of asking for the i-th request of a workload."""

    def session(self) -> contextlib.AbstractContextManager[Any]: ...

    def call(self, session: Any, i: int) -> bytes: ...


@dataclass
class HttpDriver:
    """GET base_url + paths[i % len(paths)], expecting 200."""

    base_url: str
    paths: list[str]
    timeout: float = 60.0

    def session(self) -> contextlib.AbstractContextManager[httpx.Client]:
        return httpx.Client(base_url=self.base_url, timeout=self.timeout)

    def call(self, session: httpx.Client, i: int) -> bytes:
        path = self.paths[i % len(self.paths)]
        response = session.get(path, headers={"Accept": "application/geo+json"})
        response.raise_for_status()
        return response.content


@dataclass
class RawDriver:
    """Run query with params[i % len(params)] on a psycopg connection; the result is text."""

    url: str
    query: str
    params: list[dict]

    def session(self) -> contextlib.AbstractContextManager[psycopg.Connection]:
        return psycopg.connect(self.url, autocommit=True)

    def call(self, session: psycopg.Connection, i: int) -> bytes:
        row = session.execute(self.query, self.params[i % len(self.params)]).fetchone()
        return (row[0] or "").encode() if row else b""


@dataclass
class _Budget:
    requests: int
    deadline: float
    lock: threading.Lock
    issued: int = 0

    def take(self) -> int | None:
        with self.lock:
            if self.issued >= self.requests or time.perf_counter() >= self.deadline:
                return None
            self.issued += 1
            return self.issued - 1


def _worker(driver: Driver, budget: _Budget, offset: int) -> Iterator[tuple[float, bool]]:
    with driver.session() as session:
        while (i := budget.take()) is not None:
            started = time.perf_counter()
            try:
                driver.call(session, i + offset)
                ok = True
            except (httpx.HTTPError, psycopg.Error):
                ok = False
            yield time.perf_counter() - started, ok


def warm_up(driver: Driver, count: int) -> bytes:
    """Run count requests sequentially and return the last answer (for the correctness guard)."""
    body = b""
    with driver.session() as session:
        for i in range(max(count, 1)):
            body = driver.call(session, i)
    return body


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def measure(driver: Driver, requests: int, concurrency: int, seconds: float) -> dict:
    """Issue up to `requests` requests within `seconds` from `concurrency` threads."""
    budget = _Budget(requests, time.perf_counter() + seconds, threading.Lock())
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        futures = [
            pool.submit(lambda k=k: list(_worker(driver, budget, k))) for k in range(concurrency)
        ]
        samples = [s for f in futures for s in f.result()]
    elapsed = time.perf_counter() - started
    latencies = sorted(d for d, ok in samples if ok)
    return {
        "concurrency": concurrency,
        "requests": len(samples),
        "errors": sum(1 for _, ok in samples if not ok),
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
    }
