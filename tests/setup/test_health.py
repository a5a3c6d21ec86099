"""`monitor health` (monitor/setup/health.py, issue 13, case 5): answers directly when no process holds the
database, believes the holding app only while its answer is fresh and written by that app."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time

from tests.damage import ROOT, cli, cut

APP_LIKE = textwrap.dedent("""
    import sys, time
    from monitor import db
    from monitor.setup import health
    con = db.connect(sys.argv[1])
    beat = health.Heartbeat(sys.argv[1], con, interval=float(sys.argv[2]))
    print("ready", flush=True)
    time.sleep(60)
""")


def _holding(db_path, interval: float):
    process = subprocess.Popen(
        [sys.executable, "-c", APP_LIKE, str(db_path), str(interval)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def test_health_answers_directly_when_no_process_holds_the_database(good_backup, db_path):
    result = cli("health", "--db", db_path)
    assert result.returncode == 0 and result.stdout.startswith("ok:")
    cut(db_path, 4096)
    result = cli("health", "--db", db_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"newest good backup, `{good_backup}`" in result.stderr


def test_health_believes_the_holding_app_only_while_its_answer_is_fresh(db_path):
    process = _holding(db_path, interval=0.2)
    try:
        result = cli("health", "--db", db_path)
        assert result.returncode == 0, result.stderr
        assert f"ok: the app (process {process.pid}) queried" in result.stdout
        process.send_signal(signal.SIGSTOP)  # a hung app: it holds the file, and answers nothing any more
        time.sleep(1.5)
        result = cli("health", "--db", db_path, "--max-age", "1")
        assert result.returncode == 1 and "it is stuck or stopped" in result.stderr
    finally:
        process.kill()
        process.wait()


def test_health_does_not_believe_a_status_written_by_another_process(db_path):
    from monitor.setup import health

    process = _holding(db_path, interval=30)
    try:
        status = health.status_path(db_path)
        body = json.loads(status.read_text())
        status.write_text(json.dumps({**body, "pid": body["pid"] + 1}))
        result = cli("health", "--db", db_path)
        assert result.returncode == 1 and "not the app's own answer" in result.stderr
    finally:
        process.kill()
        process.wait()


def test_a_copy_without_an_app_is_healthy(db_path, tmp_path):
    copy = shutil.copyfile(db_path, tmp_path / "copy.duckdb")
    assert cli("health", "--db", copy).returncode == 0
