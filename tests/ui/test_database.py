"""A session's rerun starts at once while its previous run may still be in a query (Streamlit's fast reruns):
two script threads must never share a DuckDB cursor, which refuses a second caller ("connection is busy")."""

from __future__ import annotations

import threading

from ..conftest import app_pointed_at

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
