"""SAF-T reader in its streaming form: which analyses count, the tree freed in runs, and a commit whose
memory does not grow with the file. Expected amounts are worked out by hand in the comments."""

from decimal import Decimal

import duckdb
import pytest

from monitor import db
from monitor.ledger.commit import CLI_MEMORY_LIMIT
from monitor.ledger.readers import saft
from monitor.ledger.readers.saft import SaftReader
from tests.importers.helpers import analysis, run_import, saft_file, saft_line, transaction

OURS = "P", "326917"


def test_only_our_type_and_id_count_and_twice_on_a_line_adds_both_shares(con, settings, tmp_path):
    path = saft_file(
        tmp_path / "edge.xml",
        transactions=[
            transaction(
                "E1",
                "2023-05-02",
                [
                    # our dimension twice on one line: 100.00 + 50.00 = 150.00
                    saft_line(
                        1,
                        "5000",
                        "Debit",
                        "200.00",
                        analysis(*OURS, "100.00", "Debit") + analysis(*OURS, "50.00", "Debit"),
                    ),
                    # our id under another type: not ours
                    saft_line(2, "6790", "Debit", "70.00", analysis("X", "326917", "70.00", "Debit")),
                    # our id with spaces around it: ours, 30.00
                    saft_line(3, "7140", "Debit", "30.00", analysis("P", " 326917 ", "30.00", "Debit")),
                    saft_line(4, "1920", "Credit", "300.00"),
                ],
            ),
        ],
    )
    preview, result = run_import(con, settings, path, partner_id="usn")
    assert preview.rows_read == 4 and preview.rows_selected == 2
    assert result.amount_total == Decimal("180.00")  # 150.00 + 30.00
    got = dict(con.execute("select account, amount from ledger_entry where batch_id = ?", [result.batch_id]).fetchall())
    assert got == {"5000": Decimal("150.00"), "7140": Decimal("30.00")}


def test_analysis_id_outside_a_line_analysis_is_not_a_line(tmp_path):
    # An AnalysisID with our id in the master files (AnalysisTypeTable) is not a ledger line.
    path = saft_file(
        tmp_path / "table.xml",
        transactions=[transaction("T1", "2023-01-10", [saft_line(1, "5000", "Debit", "10.00", analysis(*OURS))])],
    )
    text = path.read_text(encoding="utf-8").replace(
        "<MasterFiles>",
        "<MasterFiles><AnalysisTypeTable><AnalysisTypeTableEntry><AnalysisType>P</AnalysisType>"
        "<AnalysisID>326917</AnalysisID><AnalysisIDDescription>Prosjekt</AnalysisIDDescription>"
        "</AnalysisTypeTableEntry></AnalysisTypeTable>",
        1,
    )
    path.write_text(text, encoding="utf-8")
    reader = SaftReader(path, OURS)
    lines = list(reader.lines())
    assert [(line.account, line.amount) for line in lines] == [("5000", Decimal("10.00"))]
    assert reader.info.lines_read == 1


def test_read_transactions_are_freed_in_runs(tmp_path):
    # 1 000 transactions of our dimension: without freeing, the journal would hold all 1 000 at the end.
    # It holds at most one run (FREE_EVERY) plus those lxml parsed ahead in its current chunk.
    count = 1_000
    path = saft_file(
        tmp_path / "many.xml",
        transactions=[
            transaction(f"T{n}", "2023-02-01", [saft_line(1, "5000", "Debit", "1.00", analysis(*OURS))])
            for n in range(count)
        ],
    )
    reader = SaftReader(path, OURS)
    most = 0
    for _ in reader.lines():
        most = max(most, sum(1 for child in reader._journal if child.tag == saft.TRANSACTION))
    assert reader.info.lines_read == count
    assert most <= saft.FREE_EVERY + 100 < count


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


def test_our_id_in_a_freed_master_record_is_not_a_line(tmp_path):
    # A Customer (freed as soon as read) carrying an Analysis with our type and id, then one real line of 10.00.
    path = saft_file(
        tmp_path / "customer.xml",
        transactions=[transaction("T1", "2023-01-10", [saft_line(1, "5000", "Debit", "10.00", analysis(*OURS))])],
    )
    text = path.read_text(encoding="utf-8").replace(
        "</GeneralLedgerAccounts>",
        "</GeneralLedgerAccounts><Customers><Customer><CustomerID>1</CustomerID>"
        + analysis(*OURS)
        + "</Customer></Customers>",
        1,
    )
    path.write_text(text, encoding="utf-8")
    reader = SaftReader(path, OURS)
    assert [(line.account, line.amount) for line in reader.lines()] == [("5000", Decimal("10.00"))]
