"""Commit, idempotency, replace, undo, audit, and the faults an import must survive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from monitor import db
from monitor.access.scope import AccessDenied, local_user
from monitor.ledger.batches import batches
from monitor.ledger.commit import (
    CLI_MEMORY_LIMIT,
    ImportBlocked,
    LedgerBusy,
    _insert_batch,
    _ledger_transaction,
    commit,
    undo,
)
from monitor.ledger.stage import ImportRequest, Preview, prepare
from tests.damage import cli
from tests.ledger.helpers import (
    TESTER,
    analysis,
    big_saft,
    company_file,
    ledger_sum,
    rows_written,
    run_import,
    saft_file,
    saft_line,
    transaction,
)

ROOT = Path(__file__).resolve().parents[2]


P202 = {"dimension": "P:202", "partner_id": "usn"}


# The commit's statement (monitor/sql/ledger/import_ledger_insert.sql) over a stage of `lines` generated lines.
def _insert_in_one_transaction(con, lines: int) -> None:
    con.execute(
        "create or replace temp table stage as select 'line ' || i || ' of a long natural key:saft:912345678'"
        " as source_line, (i % 1000)::decimal(18, 2) as amount from range(?) as r(i)",
        [lines],
    )
    with db.transaction(con):
        con.execute(
            "insert into ledger_entry (project_id, posting_date, year, period, account, partner_id, amount, "
            "source_line) select 'p', date '2024-01-31', 2024, 1, '5000', 'x', s.amount, s.source_line "
            "from stage as s where not exists (select 1 from ledger_entry as e "
            "where e.project_id = 'p' and e.source_line = s.source_line)"
        )


def test_same_file_again_changes_nothing(con, settings, db_path, example_888):
    _, first = run_import(con, settings, example_888, db_path=db_path, **P202)
    before = ledger_sum(con, imported_only=False)
    preview, second = run_import(con, settings, example_888, db_path=db_path, **P202)
    assert preview.same_file_batches == [first.batch_id] and preview.rows_to_insert == 0
    assert second.batch_id is None and "already imported" in second.message
    assert ledger_sum(con, imported_only=False) == before
    assert con.execute("select count(*) from import_batch").fetchone() == (1,)


def test_same_lines_in_another_file_are_not_doubled(con, settings, tmp_path, example_888):
    _, first = run_import(con, settings, example_888, **P202)
    copy = tmp_path / "renamed export.xml"
    copy.write_bytes(
        example_888.read_bytes().replace(b"<n1:AuditFileDateCreated>2018-01-10", b"<n1:AuditFileDateCreated>2018-02-11")
    )
    preview, second = run_import(con, settings, copy, **P202)
    assert preview.same_file_batches == [] and preview.rows_existing == first.rows_inserted
    assert second.rows_inserted == 0 and ledger_sum(con)[1] == first.rows_inserted


def test_replace_swaps_the_earlier_batch(con, settings, example_888):
    _, first = run_import(con, settings, example_888, **P202)
    preview, second = run_import(con, settings, example_888, replace=True, **P202)
    assert preview.replaces == [first.batch_id] and second.replaced == [first.batch_id]
    assert ledger_sum(con) == (second.amount_total, second.rows_inserted) == (first.amount_total, first.rows_inserted)
    rows = batches(con, "mwinc", TESTER)
    assert rows["undone_at"].isna().tolist() == [True, False]  # newest first: the new batch active, the old undone


def test_undo_removes_the_batch_and_allows_a_new_import(con, settings, example_888):
    before = ledger_sum(con, imported_only=False)
    _, result = run_import(con, settings, example_888, **P202)
    assert undo(con, "mwinc", result.batch_id, TESTER) == result.rows_inserted
    assert ledger_sum(con, imported_only=False) == before
    with pytest.raises(LookupError, match="already undone"):
        undo(con, "mwinc", result.batch_id, TESTER)
    _, again = run_import(con, settings, example_888, **P202)
    assert again.rows_inserted == result.rows_inserted


@pytest.mark.duckdb_only  # two connections interleaved in one thread: DuckDB's first-to-commit semantics
def test_two_imports_of_one_file_at_the_same_moment_write_it_once(con, settings, example_888):
    # Two sessions of the app share one database and import the same file at once. The other session has
    # written its lines but not committed when this one commits: the first to commit wins, the other is refused
    # and rolled back, so the file's lines are in the ledger once.
    request = ImportRequest(path=example_888, project_id="mwinc", **P202)
    preview = prepare(con, request, TESTER, settings)
    other = con.cursor()  # its own connection to the same database, with its own stage
    other_preview = prepare(other, request, TESTER, settings)
    with pytest.raises(LedgerBusy, match="another import or undo for project mwinc"):
        with _ledger_transaction(other, "mwinc", "other session", "import"):
            _insert_batch(other, other_preview, "tester")
            commit(con, preview, TESTER, settings)
    assert ledger_sum(con) == (preview.total, preview.rows_to_insert)
    assert len(batches(con, "mwinc", TESTER)) == 1


@pytest.mark.duckdb_only  # two connections interleaved in one thread: DuckDB's first-to-commit semantics
def test_an_undo_at_the_same_moment_as_an_import_is_refused(con, settings, example_888):
    _, earlier = run_import(con, settings, example_888, **P202)
    request = ImportRequest(path=example_888, project_id="mwinc", replace=True, **P202)
    preview = prepare(con, request, TESTER, settings)
    with pytest.raises(LedgerBusy):
        with _ledger_transaction(con.cursor(), "mwinc", "other session", "import"):
            undo(con, "mwinc", earlier.batch_id, TESTER)  # commits first: the open import is refused
    assert ledger_sum(con) == (0, 0) and batches(con, "mwinc", TESTER)["undone_at"].notna().tolist() == [True]
    result = commit(con, preview, TESTER, settings)  # the replace prepared before the undo writes what it showed
    assert ledger_sum(con) == (preview.total, preview.rows_to_insert) == (earlier.amount_total, earlier.rows_inserted)
    assert result.replaced == []  # the earlier batch was undone already: not replaced, not audited twice
    actions = con.execute(
        "select action from audit_log where row_key = ? order by audit_id", [str(earlier.batch_id)]
    ).fetchall()
    assert actions == [("import",), ("undo_import",)]


@pytest.mark.duckdb_only  # two connections interleaved in one thread: DuckDB's first-to-commit semantics
def test_a_ledger_changed_since_the_preview_is_not_written(con, settings, example_888):
    request = ImportRequest(path=example_888, project_id="mwinc", **P202)
    stale = prepare(con, request, TESTER, settings)
    other = con.cursor()
    commit(other, prepare(other, request, TESTER, settings), TESTER, settings)  # another session imported it meanwhile
    before = ledger_sum(con), len(batches(con, "mwinc", TESTER))
    with pytest.raises(
        ImportBlocked,
        match=f"0 line\\(s\\) totalling NOK\u00a00, but the preview showed "
        f"{stale.rows_to_insert} totalling NOK\u00a074,562",
    ):  # 6 lines, by hand
        commit(con, stale, TESTER, settings)
    assert (ledger_sum(con), len(batches(con, "mwinc", TESTER))) == before


@pytest.mark.duckdb_only  # DuckDB's memory cap (PostgreSQL's memory is the server's) and its range() rows
def test_a_large_import_and_its_replace_under_the_cli_cap_write_exactly_the_preview(con, settings):
    # 250 000 lines (three of DuckDB's row groups) under the CLI's 64 MiB cap. DuckDB 2.0 corrupts such an insert
    # when the same transaction has updated a row before it (seen as wrong totals and "Corrupted uncompressed string
    # segment"), which the first version of the claim and of --replace did; the commit now updates rows only after
    # its insert. Amounts: line i has (i mod 1000) / 100 NOK, so 250 runs of 0.00 + 0.01 + ... + 9.99 = 4 995.00.
    db.limit_memory(con, CLI_MEMORY_LIMIT)
    con.execute(db.sql_text("import_stage_create"))
    con.execute(
        "insert into import_stage select i, 'saft:912345678:2023:GL:T' || i || ':1', date '2023-01-01' + "
        "(i % 365)::integer, 2023, 1 + (i % 12), '6790', 'Annen fremmed tjeneste', 'other', 'usn', null, "
        "(i % 1000) / 100, 'Faktura ' || i || ' for prosjektarbeid', 'T' || i from range(250000) as r(i)"
    )
    total = Decimal("1248750.00")  # 250 x 4 995.00
    preview = Preview("big.xml", "0" * 64, "saft", "mwinc", partner_id="usn", rows_to_insert=250_000, total=total)
    first = commit(con, preview, TESTER, settings)
    replace = Preview(
        "big.xml",
        "0" * 64,
        "saft",
        "mwinc",
        partner_id="usn",
        rows_to_insert=250_000,
        total=total,
        replace=True,
        replaces=[first.batch_id],
    )
    second = commit(con, replace, TESTER, settings)
    assert (first.amount_total, second.amount_total, second.replaced) == (total, total, [first.batch_id])
    assert ledger_sum(con) == (total, 250_000)
    assert con.execute(
        "select count(distinct source_line), min(length(text)) from ledger_entry where batch_id = ?", [second.batch_id]
    ).fetchone() == (250_000, len("Faktura 0 for prosjektarbeid"))


@pytest.mark.duckdb_only  # fills the disk under the DuckDB file
def test_a_full_disk_during_the_commit_writes_nothing_and_says_so(con, settings, db_path, caplog, example_888):
    # RELIABILITY 15. The write-ahead log is pointed at /dev/full, where every write fails with "No space left on
    # device": a real failing write, not a mock. The user is told, an error is logged, nothing is written, and
    # after a restart (DuckDB keeps the log it opened, here /dev/full) the database is as before and the same
    # import succeeds.
    request = ImportRequest(path=example_888, project_id="mwinc", **P202)
    preview = prepare(con, request, TESTER, settings)
    before = ledger_sum(con, imported_only=False), len(batches(con, "mwinc", TESTER))
    con.execute("checkpoint")  # the log is empty and closed: the commit opens it afresh
    wal = Path(f"{db_path}.wal")
    wal.unlink(missing_ok=True)
    wal.symlink_to("/dev/full")
    try:
        with pytest.raises(ImportBlocked, match="the disk is full .*nothing was written"):
            commit(con, preview, TESTER, settings)
    finally:
        wal.unlink()
    assert (ledger_sum(con, imported_only=False), len(batches(con, "mwinc", TESTER))) == before
    assert "the disk is full" in caplog.text
    con.close()
    restarted = db.connect(db_path)
    assert (ledger_sum(restarted, imported_only=False), len(batches(restarted, "mwinc", TESTER))) == before
    result = commit(restarted, prepare(restarted, request, TESTER, settings), TESTER, settings)
    assert (result.amount_total, result.rows_inserted) == (preview.total, preview.rows_to_insert)
    restarted.close()


def test_batch_and_audit_rows(con, settings, example_888):
    _, result = run_import(con, settings, example_888, **P202)
    undo(con, "mwinc", result.batch_id, local_user("auditor"))
    batch = con.execute(
        "select file_name, length(sha256), format, rows_read, rows_inserted, rows_rejected, "
        "amount_total, imported_by from import_batch"
    ).fetchone()
    # P:202 cost lines, from test_saft's independent reading: 4000 49562.00 + 7320 25000.00 = 74562.00 in 6 lines
    assert batch == (example_888.name, 64, "saft", 170, 6, 0, Decimal("74562.00"), "tester")
    audit = con.execute(
        "select user_name, action, row_key from audit_log where table_name = 'import_batch' order by audit_id"
    ).fetchall()
    assert audit == [("tester", "import", str(result.batch_id)), ("auditor", "undo_import", str(result.batch_id))]


def test_sigkill_half_way_leaves_no_partial_batch_and_a_retry_succeeds(db_path, tmp_path):
    path = big_saft(tmp_path / "big.xml", 10_000)  # 30 000 cost lines on P:326917
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "monitor",
            "import",
            str(path),
            "--project",
            "mwinc",
            "--partner",
            "usn",
            "--db",
            str(db_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MONITOR_CONFIG": str(ROOT / "config.yaml")},
    )
    for line in process.stderr:  # progress lines; "writing" is printed inside the import, before the transaction
        if "writing" in line.lower():
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    con = db.connect(db_path)
    state = con.execute("select count(*), coalesce(sum(rows_inserted), 0) from import_batch").fetchone()
    lines = ledger_sum(con)[1]
    con.close()
    assert state in ((0, 0), (1, 10_000)) and lines == state[1]  # nothing, or everything if commit won the race
    retry = cli("import", path, "--project", "mwinc", "--partner", "usn", "--db", db_path)
    assert retry.returncode == 0
    con = db.connect(db_path)
    assert ledger_sum(con)[1] == 10_000
    con.close()


def test_readers_see_the_totals_before_or_after_never_between(con, settings, tmp_path):
    path = big_saft(tmp_path / "big.xml", 20_000)
    before = ledger_sum(con, imported_only=False)[0]
    seen, done = set(), threading.Event()

    def read() -> None:
        reader = con.cursor()
        while not done.is_set():
            seen.add(
                reader.execute(
                    "select coalesce(sum(amount), 0) from ledger_entry where project_id = 'mwinc'"
                ).fetchone()[0]
            )
        reader.close()

    thread = threading.Thread(target=read)
    writer = con.cursor()
    request = ImportRequest(path=path, project_id="mwinc", partner_id="usn")
    with db.session(writer):  # the writer's stage is a temp table: prepare and commit on one connection
        preview = prepare(writer, request, TESTER, settings)
        thread.start()
        result = commit(writer, preview, TESTER, settings)
    done.set()
    thread.join()
    assert seen <= {before, before + result.amount_total} and result.rows_inserted == 20_000


@pytest.mark.duckdb_only  # two connections interleaved in one thread: DuckDB's first-to-commit semantics
def test_concurrent_imports_of_different_files_all_land_and_readers_never_see_half(con, settings, tmp_path):
    # RELIABILITY 18: six sessions commit six different files at the same moment while another reads. Writers
    # that lose the race for the project's next generation retry; every batch lands once. File n (1..6) has
    # two project lines, 100.00 + n and 50.00: in all 600.00 + 21.00 + 6 x 50.00 = 921.00 over 12 lines.
    files = [
        saft_file(
            tmp_path / f"company{n}.xml",
            [
                transaction(
                    "T1",
                    "2023-04-03",
                    [
                        saft_line(1, "6790", "Debit", f"{100 + n}.00", analysis("P", "326917")),
                        saft_line(2, "7140", "Debit", "50.00", analysis("P", "326917")),
                        saft_line(3, "1920", "Credit", f"{150 + n}.00"),
                    ],
                )
            ],
            company=f"91234567{n}",
        )
        for n in range(1, 7)
    ]
    prepared = []
    for path in files:
        session = con.cursor()
        request = ImportRequest(path=path, project_id="mwinc", partner_id="usn")
        prepared.append((session, prepare(session, request, TESTER, settings), request))
    before = ledger_sum(con, imported_only=False)[0]
    start, done, results, errors, seen = threading.Barrier(len(prepared)), threading.Event(), [], [], set()

    def write(session, preview, request) -> None:
        start.wait()
        try:
            results.append(commit(session, preview, TESTER, settings))
        except Exception as error:  # collected, so a failure shows in the assertion below
            errors.append(error)

    def read() -> None:
        reader = con.cursor()
        while not done.is_set():
            seen.add(reader.execute("select count(*) from ledger_entry where batch_id is not null").fetchone()[0])

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=item) for item in prepared]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    assert errors == [] and len(results) == 6
    assert ledger_sum(con) == (Decimal("921.00"), 12)
    assert ledger_sum(con, imported_only=False)[0] == before + Decimal("921.00")
    assert seen <= {0, 2, 4, 6, 8, 10, 12}  # whole batches of two lines: never one line of a batch
    generations = con.execute(
        "select count(*), max(generation) from ledger_write where project_id = 'mwinc'"
    ).fetchone()
    assert generations == (6, 6)


def test_a_large_commit_fits_the_cli_memory_cap(tmp_path):
    # 600 000 lines in one transaction under the CLI's 64 MiB cap: DuckDB writes the new row groups to the
    # file as they fill. With a UNIQUE index on the source line (the first schema) the same insert fails,
    # because the index's new entries stay in memory (about 200 bytes a line): the control below.
    con = db.connect(tmp_path / "ledger.duckdb")
    db.limit_memory(con, CLI_MEMORY_LIMIT)
    _insert_in_one_transaction(con, 600_000)
    assert con.execute("select count(*), sum(amount) from ledger_entry where project_id = 'p'").fetchone() == (
        600_000,
        600 * 499_500,
    )  # 600 runs of 0 + 1 + ... + 999 = 600 x 499 500
    control = duckdb.connect(str(tmp_path / "control.duckdb"))
    control.execute(
        "create table ledger_entry (project_id varchar, posting_date date, year int, period int, "
        "account varchar, partner_id varchar, amount decimal(18, 2), source_line varchar, "
        "unique (project_id, source_line))"
    )
    db.limit_memory(control, CLI_MEMORY_LIMIT)
    with pytest.raises(duckdb.Error, match="memory|pin block"):
        _insert_in_one_transaction(control, 600_000)


def test_an_outsider_may_not_commit_an_editors_preview(con, settings, request_for_mwinc, outsider):
    preview = prepare(con, request_for_mwinc, TESTER, settings)
    assert (preview.rows_to_insert, str(preview.total)) == (2, "1200.00") and not preview.blocked
    before = rows_written(con)
    with pytest.raises(AccessDenied):
        commit(con, preview, outsider, settings)
    assert rows_written(con) == before


def test_replace_is_the_way_through_a_conflict(con, settings, tmp_path):
    _, first = run_import(con, settings, company_file(tmp_path / "system-a.xml"), partner_id="usn")
    preview, second = run_import(
        con, settings, company_file(tmp_path / "system-b.xml", amount_t2="260.00"), partner_id="usn", replace=True
    )
    assert not preview.blocked and preview.replaces == [first.batch_id] and second.replaced == [first.batch_id]
    assert ledger_sum(con) == (Decimal("1260.00"), 2)  # 1000 + 260: the new file's lines, once
