"""Issue 13, case 5: a damaged database is named in plain words, with what to do, by the command line and by
the app; `monitor health` answers for a supervisor; a database invalidated by a fatal error is reopened."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from monitor.i18n import t
from monitor.ledger import backup

from ..apptest import app
from ..conftest import app_pointed_at
from .helpers import ROOT, cli, commit_into_wal_only, cut, garble


def _half(path):
    return cut(path, path.stat().st_size // 2)


def _flipped_wal(path):
    wal = commit_into_wal_only(path)
    return garble(wal, wal.stat().st_size // 2, 16)


DAMAGE = {
    "half": _half,
    "4 KB": lambda path: cut(path, 4096),
    "0 bytes": lambda path: cut(path, 0),
    "garbled header": lambda path: garble(path, 0, 64),
    "flipped bytes in the WAL": _flipped_wal,
}


@pytest.fixture
def good_backup(con, db_path, settings):
    made = backup.create(con, db_path, settings, reason="manual")
    con.close()
    return made


@pytest.mark.parametrize("damage", DAMAGE)
def test_the_command_line_names_the_damaged_file_and_the_newest_good_backup(good_backup, db_path, damage):
    DAMAGE[damage](db_path)
    result = cli("summary", "--project", "mwinc", "--json", "--db", db_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert f"The database file `{db_path}` is damaged" in result.stderr
    assert f"newest good backup, `{good_backup}`" in result.stderr
    assert f"python -m monitor restore --db {db_path}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one plain line


def test_without_a_good_backup_the_message_says_so(db_path, settings):
    cut(db_path, 4096)
    result = cli("check", "--db", db_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"There is no good backup in `{backup.backup_dir(settings, db_path)}`" in result.stderr


@pytest.mark.parametrize("damage", ["half", "garbled header"])
def test_the_app_refuses_service_with_a_plain_message(good_backup, db_path, monkeypatch, damage):
    DAMAGE[damage](db_path)
    for _ in app_pointed_at(db_path, monkeypatch):
        at = app("leader", lang="en").run()
        assert not at.exception
        assert len(at.error) == 1
        assert f"The database file `{db_path}` is damaged" in at.error[0].value
        assert f"`{good_backup}`" in at.error[0].value
        assert not at.sidebar  # no pages, no navigation: the message alone
        nb = app("leader", lang="nb").run()
        assert not nb.exception and f"Databasefilen `{db_path}` er skadet" in nb.error[0].value


def _invalidate(con, wal_bytes: int = 400_000) -> None:
    """A real fatal error: a checkpoint that cannot grow the file (a file size limit, as on a full quota) makes
    DuckDB invalidate the database instance ("database has been invalidated because of a previous fatal
    error"). The rows to checkpoint are first committed to the write-ahead log only."""
    con.execute("set checkpoint_threshold = '1GB'")
    con.execute("create table filler (x varchar)")
    for _ in range(10):
        con.execute("insert into filler select md5(range::varchar) from range(5000)")
    path = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()[0]
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(path) + 4096, hard))
    try:
        with pytest.raises(Exception, match="FATAL"):
            con.execute("checkpoint")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    with pytest.raises(Exception, match="database has been invalidated"):
        con.execute("select 1 from project").fetchall()


def test_after_a_fatal_error_the_app_reopens_the_database(db_path, monkeypatch, caplog):
    from monitor.setup import health
    from ui import database as data

    for _ in app_pointed_at(db_path, monkeypatch):
        at = app("leader", lang="en").run()
        assert not at.exception and not at.error
        root = data.root_connection(str(db_path), str(data.settings().seed_dir))
        _invalidate(root)
        assert data.heartbeat(str(db_path), str(data.settings().seed_dir)).beat() == health.INVALIDATED
        again = app("leader", lang="en").run()  # the next visitor
        assert not again.exception and not again.error  # the pages again, on the database opened anew
        assert again.title[0].value == at.title[0].value
        assert "was invalidated by a fatal error; reopening it" in caplog.text
        reopened = data.root_connection(str(db_path), str(data.settings().seed_dir))
        assert reopened is not root
        assert reopened.execute("select count(*) from filler").fetchone() == (50_000,)  # committed rows kept
        assert health.read_status(db_path)["state"] == health.OK


def test_health_answers_directly_when_no_process_holds_the_database(good_backup, db_path):
    result = cli("health", "--db", db_path)
    assert result.returncode == 0 and result.stdout.startswith("ok:")
    cut(db_path, 4096)
    result = cli("health", "--db", db_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"newest good backup, `{good_backup}`" in result.stderr


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


def _page_failing_with(kind: str, db_path):
    """A page whose own read meets damage or a fatal error, after the entry point found the database well."""
    from streamlit.testing.v1 import AppTest

    def script(kind: str, garbage: str) -> None:
        import duckdb

        from ui import errors

        class Page:
            url_path = "budget"

            def run(self):
                if kind == "damage":
                    duckdb.connect(garbage)  # DuckDB's own error for a file that is no database
                raise duckdb.FatalException(
                    "FATAL Error: database has been invalidated because of a previous fatal error"
                )

        errors.run_page(Page(), "leader", "en")

    garbage = db_path.with_name("garbage.duckdb")
    garbage.write_bytes(b"\x17" * 8192)
    return AppTest.from_function(script, args=(kind, str(garbage)), default_timeout=30)


def test_damage_met_while_a_page_reads_is_named_not_a_generic_error(good_backup, db_path, monkeypatch):
    for _ in app_pointed_at(db_path, monkeypatch):
        at = _page_failing_with("damage", db_path).run()
        assert not at.exception
        assert "is damaged and cannot be used" in at.error[0].value
        assert f"`{good_backup}`" in at.error[0].value


def test_a_fatal_error_met_while_a_page_reads_reopens_the_database(db_path, monkeypatch):
    from ui import database as data

    for _ in app_pointed_at(db_path, monkeypatch):
        before = data.root_connection(str(db_path), str(data.settings().seed_dir))
        at = _page_failing_with("fatal", db_path).run()
        assert not at.exception
        assert "has been opened again" in at.error[0].value
        assert data.root_connection(str(db_path), str(data.settings().seed_dir)) is not before


def test_a_failure_in_the_entry_point_shows_the_plain_message(con, db_path, monkeypatch, caplog):
    """Not damage, yet the frame fails (here: a table the app needs is gone): the page's language and the
    app's own message, the traceback only in the server log, never Streamlit's English error."""
    con.execute("drop table project cascade")
    con.close()
    for _ in app_pointed_at(db_path, monkeypatch):
        at = app("leader", lang="nb").run()
        assert not at.exception
        assert [e.value for e in at.error] == [t("app.error", "nb")]
        assert "the app's frame failed" in caplog.text
