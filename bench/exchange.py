"""`python -m bench.exchange` (`make bench-exchange`): province deliveries and imports, timed."""

import datetime as dt
import os
import subprocess
import sys
import time

import psycopg

from bench import exchange_delivery
from bench import exchange_import
from bench import exchange_report
from bench import exchange_setup
from bench import report
from bench.config import BenchConfig

PARTS = ("delivery", "baseline-full", "exporter", "import")


def env(name: str, default: str) -> str:
    return os.environ.get(f"DIWI_BENCH_{name}", default)


def settings() -> dict:
    """Knobs (DIWI_BENCH_*): sizes, reference date, formats and parts to run."""
    return {
        "delivery_projects": int(env("DELIVERY_PROJECTS", "20000")),
        "import_projects": int(env("IMPORT_PROJECTS", "1000")),
        "exporter_projects": int(env("EXPORTER_PROJECTS", "100")),
        "reference_date": dt.date.fromisoformat(env("REFERENCE_DATE", "2026-12-04")),
        "templates": env("DELIVERY_TEMPLATES", ",".join(exchange_delivery.FORMATS)).split(","),
        "parts": (sys.argv[1:] or env("EXCHANGE_PARTS", ",".join(PARTS)).split(",")),
    }


def gdal_version() -> str:
    done = subprocess.run(["ogr2ogr", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().split(",")[0].replace("GDAL ", "")


def deliverable(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM publication.projects WHERE counts_as_plan_capacity"
        ).fetchone()[0]


def run_deliveries(cfg: BenchConfig, dbname: str, opts: dict, result: dict) -> None:
    size = min(opts["delivery_projects"], result["deliverable"])
    print(f"deliveries of {size} projects (ours and ogr2ogr on the same selection)")
    for template in opts["templates"]:
        result["deliveries"][template] = exchange_delivery.measure(
            cfg, dbname, template, size, opts["reference_date"]
        )


def run_baseline_full(cfg: BenchConfig, dbname: str, opts: dict, result: dict) -> None:
    if opts["delivery_projects"] >= result["deliverable"] and "delivery" in opts["parts"]:
        return  # the deliveries already ran ogr2ogr on every deliverable project
    print(f"ogr2ogr at full size ({result['deliverable']} projects)")
    for template in opts["templates"]:
        result["baseline_full"][template] = exchange_delivery.baseline_only(
            cfg, dbname, template, result["deliverable"]
        )


def run_exporter(cfg: BenchConfig, dbname: str, opts: dict, result: dict) -> None:
    n = opts["exporter_projects"]
    probe = exchange_import.exporter_probe(
        cfg.db.url("owner", dbname), cfg.db.url("webapp", dbname), n, opts["reference_date"]
    )
    result["exporter"] = probe
    print(f"  DIWI Excel export of {n} bench projects: {probe}")


def run_import(cfg: BenchConfig, dbname: str, opts: dict, result: dict) -> None:
    n = opts["import_projects"]
    print(f"import of {n} projects (DIWI Excel template)")
    result["import"] = exchange_import.measure(cfg, dbname, n, opts["reference_date"])


RUNNERS = {
    "delivery": run_deliveries,
    "baseline-full": run_baseline_full,
    "exporter": run_exporter,
    "import": run_import,
}


def new_result(cfg: BenchConfig, data: exchange_setup.ExchangeData, opts: dict) -> dict:
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": report.machine(cfg.db.url("owner", data.dbname)),
        "gdal": gdal_version(),
        "dataset": data.fingerprint,
        "database": data.dbname,
        "setup": {"reused": data.reused, "seconds": data.seconds},
        "reference_date": opts["reference_date"].isoformat(),
        "settings": {k: v for k, v in opts.items() if k != "reference_date"},
        "deliverable": deliverable(cfg.db.url("owner", data.dbname)),
        "deliveries": {},
        "baseline_full": {},
        "notes": [],
    }


def main() -> int:
    started = time.monotonic()
    cfg = BenchConfig()
    opts = settings()
    unknown = [p for p in opts["parts"] if p not in RUNNERS]
    if unknown:
        print(f"unknown part(s) {unknown}; choose from {', '.join(PARTS)}")
        return 2
    data = exchange_setup.ensure(cfg)
    result = new_result(cfg, data, opts)
    for part in opts["parts"]:
        RUNNERS[part](cfg, data.dbname, opts, result)
    refused = [t for t, c in result["deliveries"].items() if "refused" in c["ours"]]
    result["notes"].extend(f"REFUSED: {t} delivery was refused" for t in refused)
    failed = result.get("import") and not (
        result["import"]["dry_run"]["ok"] and result["import"]["commit"]["ok"]
    )
    if failed:
        result["notes"].append("IMPORT FAILED: see import.*.first_issues in the JSON")
    result["runtime_s"] = round(time.monotonic() - started, 1)
    path = exchange_report.write_json(result)
    if set(opts["parts"]) == set(PARTS):
        exchange_report.write_readme(result)
    print(exchange_report.table(result))
    print(f"wrote {path} in {result['runtime_s']} s")
    return 1 if refused or failed else 0


if __name__ == "__main__":
    sys.exit(main())
