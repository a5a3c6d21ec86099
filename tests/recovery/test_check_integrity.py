"""Issue 13, case 6: committed changes that went missing are reported by `monitor check` where they can be
detected: a batch's recorded lines and total against the ledger, the audit log against the batches, and a
write-ahead log DuckDB could not replay."""

from __future__ import annotations

import os
from decimal import Decimal

import duckdb

from monitor import db
from monitor.access.scope import local_user
from monitor.ledger.commit import commit
from monitor.ledger.stage import ImportRequest, prepare
from monitor.project import checks

from ..importers.helpers import TESTER, analysis, saft_file, saft_line, transaction
from .helpers import cli, commit_into_wal_only


def _import_two_lines(con, settings, tmp_path) -> int:
    """Two cost lines on mwinc's dimension, 1000.00 + 250.50 = 1250.50 (each balanced by a bank line)."""
    path = saft_file(
        tmp_path / "two.xml",
        [
            transaction(
                "1",
                "2023-03-01",
                [
                    saft_line(1, "5000", "Debit", "1000.00", analysis("P", "326917")),
                    saft_line(2, "1920", "Credit", "1000.00"),
                ],
            ),
            transaction(
                "2",
                "2023-03-02",
                [
                    saft_line(1, "6790", "Debit", "250.50", analysis("P", "326917")),
                    saft_line(2, "1920", "Credit", "250.50"),
                ],
            ),
        ],
    )
    request = ImportRequest(path=path, project_id="mwinc", partner_id="usn", dimension="P:326917")
    return commit(con, prepare(con, request, TESTER, settings), TESTER, settings).batch_id


def _codes(con, settings):
    return [
        (f.code, f.values)
        for f in checks.check_project(con, "mwinc", settings, local_user())
        if f.code.startswith(("batch_", "audit_", "lines_without"))
    ]


def test_a_clean_import_gives_no_finding(con, settings, tmp_path):
    _import_two_lines(con, settings, tmp_path)
    assert _codes(con, settings) == []


def test_a_batch_whose_lines_are_missing_or_changed_is_reported(con, settings, tmp_path):
    batch = _import_two_lines(con, settings, tmp_path)
    con.execute("delete from ledger_entry where batch_id = ? and amount = 250.50", [batch])
    [(code, values)] = _codes(con, settings)
    assert code == "batch_lines_differ"
    assert (values["lines"], values["declared"], values["found"], values["amount"]) == (
        2,
        Decimal("1250.50"),
        1,
        Decimal("1000.00"),
    )
    con.execute("update ledger_entry set amount = 999.00 where batch_id = ?", [batch])
    [(code, values)] = _codes(con, settings)
    assert (values["found"], values["amount"]) == (1, Decimal("999.00"))


def test_a_lost_batch_row_is_found_through_the_audit_log_and_its_orphan_lines(con, settings, tmp_path):
    batch = _import_two_lines(con, settings, tmp_path)
    con.execute("delete from import_batch where batch_id = ?", [batch])
    found = dict(_codes(con, settings))
    assert found["audit_without_batch"]["batch"] == batch
    assert (found["lines_without_batch"]["found"], found["lines_without_batch"]["amount"]) == (2, Decimal("1250.50"))


def test_an_undo_in_the_audit_log_with_the_batch_still_active_is_reported(con, settings, tmp_path):
    batch = _import_two_lines(con, settings, tmp_path)
    con.execute(
        "insert into audit_log (project_id, user_name, action, table_name, row_key) "
        "values ('mwinc', 'tester', 'undo_import', 'import_batch', ?)",
        [str(batch)],
    )
    assert _codes(con, settings) == [("audit_undo_not_marked", {"batch": batch, "file": "two.xml"})]


def test_a_write_ahead_log_replaced_by_random_bytes_is_reported_by_check(db_path):
    wal = commit_into_wal_only(db_path)
    garbage = os.urandom(wal.stat().st_size)
    wal.write_bytes(garbage)  # DuckDB ignores such a log: the committed row is gone
    result = cli("check", "--db", db_path, "--lang", "en")
    assert "Traceback" not in result.stderr
    assert "database: 0 error(s), 1 warning(s)" in result.stdout
    assert "DuckDB could not read the database's write-ahead log" in result.stdout
    [kept] = db.unreplayed_wals(db_path)
    assert kept.read_bytes() == garbage  # the evidence is kept
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select count(*) from audit_log where action = 'committed-change'").fetchone() == (0,)
    con.close()


def test_a_valid_write_ahead_log_is_replayed_and_reported_by_nobody(db_path):
    commit_into_wal_only(db_path)
    result = cli("check", "--db", db_path, "--lang", "en")
    assert "database: 0 error(s), 0 warning(s)" in result.stdout
    assert db.unreplayed_wals(db_path) == []
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select count(*) from audit_log where action = 'committed-change'").fetchone() == (1,)
    con.close()
