"""Retries, bad pages, interruption, resume and rollback of ingest runs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from ingest import runner
from ingest.cli import main
from ingest.config import http_policy
from ingest.config import load_config
from ingest.config import source_from
from ingest.staging import Area
from tests.ingest.conftest import BBOX
from tests.ingest.conftest import counts
from tests.ingest.conftest import query
from tests.ingest.conftest import runs
from tests.ingest.conftest import snapshot

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


def staged(url: str) -> int:
    return query(url, "SELECT count(*) AS n FROM ingest.staged_feature")[0]["n"]


def test_transient_503_is_retried_and_the_run_succeeds(ingest, servers, owner_url):
    servers.inject("collections/perceel/items", "http503", times=2)
    assert ingest("brk") == 0
    assert runs(owner_url)[-1]["status"] == "succeeded"
    assert counts(owner_url)["perceel"] == 40
    assert sum(path.endswith("/perceel/items") for path, _ in servers.requests) == 3


def test_lasting_503_fails_cleanly_naming_the_url(ingest, servers, owner_url):
    servers.inject("collections/perceel/items", "http503", times=10)
    assert ingest("brk") == 1
    run = runs(owner_url)[-1]
    assert run["status"] == "failed" and run["finished_at"] is not None
    assert "HTTP 503" in run["error"] and "/collections/perceel/items" in run["error_url"]


def test_a_hanging_first_page_times_out_and_is_retried(ingest, servers, owner_url):
    servers.inject("collections/perceel/items", "hang", times=1, seconds=4)
    assert ingest("brk") == 0
    assert counts(owner_url)["perceel"] == 40


def test_malformed_page_fails_the_run_and_leaves_the_registry_untouched(ingest, servers, owner_url):
    assert ingest("brk") == 0
    before = snapshot(owner_url, "brk.perceel", "identificatie_lokaal_id")
    servers.set_version(2)
    servers.inject("cursor=", "malformed", times=1)
    assert ingest("brk", "--limit", "10") == 1
    run = runs(owner_url)[-1]
    assert run["status"] == "failed" and "geen geldige JSON" in run["error"]
    assert "/collections/perceel/items?" in run["error_url"] and "cursor=" in run["error_url"]
    assert snapshot(owner_url, "brk.perceel", "identificatie_lokaal_id") == before
    assert query(owner_url, "SELECT count(*) AS n FROM ingest.run_change WHERE run_id = %s",
                 (run["id"],))[0]["n"] == 0  # fmt: skip


def interrupt_after(pages: int):
    seen = []

    def hook(run_id, collection, page) -> None:
        seen.append(page.url)
        if len(seen) == pages:
            raise KeyboardInterrupt

    return hook


def start_interrupted(config_path, ingest_url, pages: int) -> int:
    """A bag run (pages of 10) stopped after `pages` pages like Ctrl-C would; its run id."""
    config = load_config(config_path)
    source = source_from(config, "bag")
    area = Area("bbox:193600,468600,194400,469400", (193600.0, 468600.0, 194400.0, 469400.0))
    with psycopg.connect(ingest_url) as conn:
        run = runner.start_run(conn, source, "full", area, None)
        ctx = runner.RunContext(conn, run["id"], source, http_policy(config, 10), area.bbox, True)
        ctx.on_page = interrupt_after(pages)
        with pytest.raises(KeyboardInterrupt):
            runner.fetch_and_merge(ctx, run["resume_state"])
    return run["id"]


def test_interrupted_run_resumes_where_it_stopped(
    ingest, servers, config_path, ingest_url, owner_url
):
    run_id = start_interrupted(config_path, ingest_url, pages=5)
    run = runs(owner_url)[-1]
    assert (run["id"], run["status"], run["pages"]) == (run_id, "interrupted", 5)
    assert staged(owner_url) == 38 + 10  # 4 pages of pand, one of verblijfsobject
    assert counts(owner_url).get("pand", 0) == 0  # nothing merged yet
    servers.clear_requests()

    assert ingest("bag", "--limit", "10") == 0  # the same command picks the interrupted run up
    run = runs(owner_url)[-1]
    assert (run["id"], run["status"]) == (run_id, "succeeded")
    assert run["pages"] == 4 + 7 + 7
    first_pages = [
        q for path, q in servers.requests if path.endswith("/items") and "cursor" not in q
    ]
    assert len(first_pages) == 1  # only adres started from its first page
    assert staged(owner_url) == 0
    expected = servers.summary["counts"]
    got = counts(owner_url)
    assert {k: got[k] for k in ("pand", "verblijfsobject", "adres")} == {
        k: expected[k] for k in ("pand", "verblijfsobject", "adres")
    }
    assert run["rows_added"] == expected["pand"] + 2 * expected["verblijfsobject"]
    # the same result as an uninterrupted run: running one now changes nothing
    assert ingest("bag") == 0
    again = runs(owner_url)[-1]
    assert (again["rows_added"], again["rows_changed"], again["rows_removed"]) == (0, 0, 0)


def test_resume_by_run_id_and_rollback(ingest, config_path, ingest_url, owner_url, capsys):
    first = start_interrupted(config_path, ingest_url, pages=2)
    assert main(["--resume", str(first), "--config", str(config_path), "--quiet"], ingest_url) == 0
    assert runs(owner_url)[-1]["status"] == "succeeded"
    assert "+174" in capsys.readouterr().out

    second = start_interrupted(config_path, ingest_url, pages=3)
    assert staged(owner_url) > 0
    assert main(["--rollback", str(second)], ingest_url) == 0
    assert staged(owner_url) == 0
    assert runs(owner_url)[-1]["status"] == "rolled_back"
    assert main(["--resume", str(second), "--config", str(config_path)], ingest_url) == 2


def test_sigterm_interrupts_the_process_and_the_run_resumes(
    ingest, servers, config_path, ingest_url, owner_url
):
    servers.inject("verblijfsobject/items", "hang", times=1, seconds=20)
    command = [sys.executable, "-m", "ingest", "bag", "--bbox", BBOX, "--config", str(config_path)]
    env = dict(os.environ, DIWI_INGEST_DATABASE_URL=ingest_url)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 20
    while not any("verblijfsobject" in path for path, _ in servers.requests):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    run = runs(owner_url)[-1]
    assert run["status"] == "interrupted" and run["pages"] == 1
    assert ingest("bag") == 0
    assert (runs(owner_url)[-1]["id"], runs(owner_url)[-1]["status"]) == (run["id"], "succeeded")
