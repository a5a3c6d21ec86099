"""The command line on PostgreSQL (MONITOR_DATABASE_URL): the same figures as on the DuckDB file it was copied
from, to the byte of an export's fingerprint; what only the file has (backup) refused with a plain message."""

import json
import os
import subprocess
import sys

import pytest

from tests import postgres
from tests.conftest import ROOT


@pytest.fixture
def both(db_path, pg_cluster):
    """(run on the DuckDB file, run on a PostgreSQL copy of it)."""
    url = postgres.database_from(pg_cluster, "template0")

    def cli(*args, url_env=None):
        env = {**os.environ, "MONITOR_CONFIG": str(ROOT / "config.yaml")}
        env.pop("MONITOR_DATABASE_URL", None)
        if url_env:
            env["MONITOR_DATABASE_URL"] = url_env
        command = [sys.executable, "-m", "monitor", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)

    assert cli("migrate-store", "--db", str(db_path), "--to", url).returncode == 0
    return (lambda *a: cli(*a, "--db", str(db_path))), (lambda *a: cli(*a, url_env=url))


def test_summary_and_export_are_the_same_on_both_engines(both, tmp_path):
    on_file, on_server = both
    summaries = [json.loads(run("summary", "--as-of", "2024-06-30", "--json").stdout) for run in both]
    assert summaries[0] == summaries[1]
    prints = [
        run("export", "--report", "accounts", "--year", "2024", "--format", "xlsx", "--as-of", "2024-06-30",
            "--out", str(tmp_path / f"{name}.xlsx")).stdout.split("fingerprint ")[1]
        for name, run in (("file", on_file), ("server", on_server))
    ]  # fmt: skip
    assert prints[0] == prints[1]  # the report's tables hash to the same value


def test_health_asks_the_server_and_backup_says_pg_dump(both):
    _, on_server = both
    health = on_server("health")
    assert health.returncode == 0 and "PostgreSQL database answered" in health.stdout
    backup = on_server("backup")
    assert backup.returncode == 2 and "pg_dump" in backup.stderr and "Traceback" not in backup.stderr
    restore = on_server("restore")
    assert restore.returncode == 2 and "pg_restore" in restore.stderr and "nothing was changed" in restore.stderr


def test_init_loads_the_seed_into_an_empty_server_once(pg_cluster):
    import psycopg

    url = postgres.database_from(pg_cluster, "template0")
    env = {**os.environ, "MONITOR_DATABASE_URL": url, "MONITOR_CONFIG": str(ROOT / "config.yaml")}
    env.pop("MONITOR_DB", None)

    def init():
        command = [sys.executable, "-m", "monitor", "init"]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)

    first = init()
    assert first.returncode == 0 and "integrate, integration_day, mwinc" in first.stdout, first.stderr
    again = init()
    assert again.returncode == 2 and "already holds projects" in again.stderr
    with psycopg.connect(url) as connection:
        assert connection.execute("select count(*) from project").fetchone()[0] == 3  # once, not twice
    checked = subprocess.run(
        [sys.executable, "-m", "monitor", "check"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
