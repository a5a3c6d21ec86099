"""The cached database access (ui/database.py): two script threads never share a DuckDB cursor, and a database
invalidated by a fatal error is opened again."""

from __future__ import annotations

import os
import resource
import signal
import threading

import pytest

from tests.apptest import app
from tests.conftest import app_pointed_at

LONG_QUERY = "select count(*) from range(60000000) a where a.range % 7 = 3"
# 3, 10, ..., 59 999 995: (59 999 995 - 3) / 7 + 1 = 8 571 429 numbers
LONG_QUERY_COUNT = 8_571_429


def _query_at_once(threads: int) -> tuple[list, list]:
    from ui import database as data

    start, seen, failures = threading.Barrier(threads), [], []

    def run() -> None:
        con = data.cursor()
        seen.append(con)
        start.wait()
        try:
            assert con.execute(LONG_QUERY).fetchone() == (LONG_QUERY_COUNT,)
        except Exception as error:  # noqa: BLE001 - the failure is the finding
            failures.append(error)

    running = [threading.Thread(target=run) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(timeout=60)
    return seen, failures


def test_two_script_threads_query_at_once_each_on_its_own_cursor(db_path, monkeypatch):
    from ui import database as data

    for _ in app_pointed_at(db_path, monkeypatch):
        seen, failures = _query_at_once(2)
        assert failures == []
        assert len(seen) == 2 and seen[0] is not seen[1]
        assert data.cursor() is data.cursor()  # one thread keeps its cursor


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
