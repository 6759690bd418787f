"""Entry point of `python -m bench` (`make bench`): load data, serve, measure, report."""

import datetime as dt
import sys
import time
from collections.abc import Callable

import psycopg

from bench import client
from bench import dataset
from bench import raw
from bench import report
from bench import servers
from bench import targets
from bench import workloads
from bench.config import BenchConfig
from bench.workloads import Context

DriverFactory = Callable[[str], client.Driver]


def build_context(cfg: BenchConfig) -> Context:
    with psycopg.connect(cfg.url("owner")) as conn:
        bbox = raw.municipality_bbox(conn, cfg.bbox_municipality)
        ids = raw.sample_ids(conn, cfg.item_ids)
    return Context(cfg.page_limit, bbox, ids)


def run_target(cfg: BenchConfig, name: str, factory: DriverFactory, result: dict) -> None:
    """Warm up and measure every workload of one target, sequentially and concurrently."""
    for workload in workloads.WORKLOADS:
        driver = factory(workload)
        started = time.perf_counter()
        body = client.warm_up(driver, cfg.warmup)
        result["warmup_s"][f"{workload}:{name}"] = round(time.perf_counter() - started, 2)
        result["feature_counts"].setdefault(workload, {})[name] = workloads.feature_count(body)
        result["first_ids"].setdefault(workload, {})[name] = workloads.first_ids(body)
        result["bytes"].setdefault(workload, {})[name] = len(body)
        n = workloads.requests_for(workload, cfg.page_requests, cfg.item_requests)
        for clients in (1, cfg.concurrency):
            stats = client.measure(driver, n, clients, cfg.cell_seconds)
            result["cells"].setdefault(f"{workload}@{clients}", {})[name] = stats
            print(
                f"  {name:<5} {workload:<5} x{clients}: {stats['rps']:7.1f} req/s "
                f"p50 {stats['p50_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f} ms "
                f"({stats['requests']} req, {stats['errors']} err)"
            )


def bench_raw(cfg: BenchConfig, ctx: Context, role: str, result: dict) -> None:
    url = cfg.url(role)
    run_target(cfg, "raw", lambda w: workloads.raw_driver(w, url, ctx), result)


def bench_tipg(cfg: BenchConfig, ctx: Context, role: str, result: dict) -> None:
    ready = f"/collections/{targets.TIPG_COLLECTION}"
    with servers.running(targets.tipg_server(cfg, role), ready) as srv:
        run_target(
            cfg,
            "tipg",
            lambda w: workloads.http_driver(
                w, srv.base_url, targets.TIPG_COLLECTION, "tipg", ctx, cfg.request_timeout
            ),
            result,
        )


def bench_ours(cfg: BenchConfig, ctx: Context, role: str, result: dict) -> None:
    missing = targets.ours_available()
    if missing:
        result["notes"].append(f"ours skipped: {missing}")
        print(f"  ours skipped: {missing}")
        return
    with servers.running(targets.ours_server(cfg, role), "/collections?f=json") as srv:
        collection = targets.ours_collection(srv.base_url)
        result["ours_collection"] = collection
        run_target(
            cfg,
            "ours",
            lambda w: workloads.http_driver(
                w, srv.base_url, collection, "ours", ctx, cfg.request_timeout
            ),
            result,
        )


def check_counts(result: dict) -> list[str]:
    """Correctness guard: every target must return the same number of features per workload."""
    problems = []
    for workload, counts in result["feature_counts"].items():
        if len(set(counts.values())) > 1:
            problems.append(f"{workload}: feature counts differ {counts}")
    return problems


def new_result(cfg: BenchConfig, data: dataset.Dataset, ctx: Context, role: str) -> dict:
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": report.machine(cfg.url("owner")),
        "dataset": {
            "fingerprint": data.fingerprint,
            "reused": data.reused,
            "generate_s": data.seconds,
            "counts": data.counts,
        },
        "settings": {
            "workers": cfg.workers,
            "concurrency": cfg.concurrency,
            "page_requests": cfg.page_requests,
            "item_requests": cfg.item_requests,
            "warmup": cfg.warmup,
            "cell_seconds": cfg.cell_seconds,
            "limit": cfg.page_limit,
            "db_role": role,
        },
        "context": {
            "bbox_municipality": cfg.bbox_municipality,
            "bbox_crs84": ctx.bbox,
            "item_ids": len(ctx.ids),
        },
        "cells": {},
        "feature_counts": {},
        "first_ids": {},
        "bytes": {},
        "warmup_s": {},
        "notes": [],
    }


def main() -> int:
    started = time.monotonic()
    cfg = BenchConfig()
    data = dataset.ensure(cfg)
    targets.create_tipg_view(cfg)
    role = targets.readable_role(cfg)
    ctx = build_context(cfg)
    result = new_result(cfg, data, ctx, role)
    if role != "reader":
        result["notes"].append("diwi_reader cannot read publication.projects; all use diwi_owner")
    for bench in (bench_raw, bench_tipg, bench_ours):
        bench(cfg, ctx, role, result)
    problems = check_counts(result)
    result["notes"].extend(f"CORRECTNESS: {p}" for p in problems)
    result["ratios"] = report.ratios(result["cells"])
    result["runtime_s"] = round(time.monotonic() - started, 1)
    path = report.write_json(result)
    report.write_readme(result)
    print(report.table(result))
    print(f"wrote {path} and bench/README.md in {result['runtime_s']} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
