"""The commands: python -m manage process-summary and python -m ingest harvest-diwi."""

import subprocess
import sys

import psycopg

from manage.__main__ import main as manage_main


def test_process_summary_command_refreshes_every_project(
    monkeypatch, migrated_db, owner_url, key_setup, capsys
):
    monkeypatch.setenv("DIWI_DB_NAME", migrated_db.name)
    assert manage_main(["process-summary"]) == 0
    assert "procesoverzichten bijgewerkt" in capsys.readouterr().out
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(
            "SELECT steps_total FROM plan.process_summary WHERE project_id = %s",
            (key_setup["big"],),
        ).fetchone()
    assert row == (4,)


def test_harvest_diwi_command_reports_the_run(migrated_db, live_server, region_token):
    command = [sys.executable, "-m", "ingest", "harvest-diwi", "--url", f"{live_server.url}/api"]
    command += ["--token", region_token, "--instance", "cli-buur"]
    env = {"DIWI_INGEST_DATABASE_URL": migrated_db.url("ingest"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "cli-buur:" in done.stdout and "geoogst" in done.stdout


def test_harvest_demo_reads_the_running_app_with_a_token_it_revokes(
    migrated_db, owner_url, live_server, key_setup
):
    from ingest.harvest import DEMO_INSTANCE
    from ingest.harvest import harvest_demo

    result = harvest_demo(migrated_db.url("ingest"), owner_url, f"{live_server.url}/api")
    assert result["instance"] == DEMO_INSTANCE and result["features"] >= 1
    with psycopg.connect(owner_url) as conn:
        harvested = conn.execute(
            "SELECT 1 FROM harvest.project WHERE instance = %s AND source_guid = %s",
            (DEMO_INSTANCE, key_setup["big"]),
        ).fetchone()
        active = conn.execute(
            "SELECT count(*) FROM auth.api_token WHERE name = 'harvest-demo' AND revoked_at IS NULL"
        ).fetchone()[0]
    assert harvested is not None and active == 0
