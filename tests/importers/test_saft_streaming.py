"""SAF-T reader in its streaming form: which analyses count, the tree freed in runs, and the CLI's
memory cap with room for the commit. Expected amounts are worked out by hand in the comments."""

from decimal import Decimal

import duckdb

from monitor.importers import saft
from monitor.importers.saft import SaftReader
from monitor.ledger_import import COMMIT_BYTES_PER_LINE, _make_room_for_commit, _memory_limit, limit_memory
from tests.importers.helpers import analysis, run_import, saft_file, saft_line, transaction

OURS = "P", "326917"


def test_only_our_type_and_id_count_and_twice_on_a_line_adds_both_shares(con, settings, tmp_path):
    path = saft_file(tmp_path / "edge.xml", transactions=[
        transaction("E1", "2023-05-02", [
            # our dimension twice on one line: 100.00 + 50.00 = 150.00
            saft_line(1, "5000", "Debit", "200.00", analysis(*OURS, "100.00", "Debit") + analysis(*OURS, "50.00", "Debit")),
            # our id under another type: not ours
            saft_line(2, "6790", "Debit", "70.00", analysis("X", "326917", "70.00", "Debit")),
            # our id with spaces around it: ours, 30.00
            saft_line(3, "7140", "Debit", "30.00", analysis("P", " 326917 ", "30.00", "Debit")),
            saft_line(4, "1920", "Credit", "300.00")]),
    ])
    preview, result = run_import(con, settings, path, partner_id="usn")
    assert preview.rows_read == 4 and preview.rows_selected == 2
    assert result.amount_total == Decimal("180.00")  # 150.00 + 30.00
    got = dict(con.execute("select account, amount from ledger_entry where batch_id = ?", [result.batch_id]).fetchall())
    assert got == {"5000": Decimal("150.00"), "7140": Decimal("30.00")}


def test_analysis_id_outside_a_line_analysis_is_not_a_line(tmp_path):
    # An AnalysisID with our id in the master files (AnalysisTypeTable) is not a ledger line.
    path = saft_file(tmp_path / "table.xml", transactions=[
        transaction("T1", "2023-01-10", [saft_line(1, "5000", "Debit", "10.00", analysis(*OURS))])])
    text = path.read_text(encoding="utf-8").replace(
        "<MasterFiles>", "<MasterFiles><AnalysisTypeTable><AnalysisTypeTableEntry><AnalysisType>P</AnalysisType>"
        "<AnalysisID>326917</AnalysisID><AnalysisIDDescription>Prosjekt</AnalysisIDDescription>"
        "</AnalysisTypeTableEntry></AnalysisTypeTable>", 1)
    path.write_text(text, encoding="utf-8")
    reader = SaftReader(path, OURS)
    lines = list(reader.lines())
    assert [(line.account, line.amount) for line in lines] == [("5000", Decimal("10.00"))]
    assert reader.info.lines_read == 1


def test_read_transactions_are_freed_in_runs(tmp_path):
    # 1 000 transactions of our dimension: without freeing, the journal would hold all 1 000 at the end.
    # It holds at most one run (FREE_EVERY) plus those lxml parsed ahead in its current chunk.
    count = 1_000
    path = saft_file(tmp_path / "many.xml", transactions=[
        transaction(f"T{n}", "2023-02-01", [saft_line(1, "5000", "Debit", "1.00", analysis(*OURS))])
        for n in range(count)])
    reader = SaftReader(path, OURS)
    most = 0
    for _ in reader.lines():
        most = max(most, sum(1 for child in reader._journal if child.tag == saft.TRANSACTION))
    assert reader.info.lines_read == count
    assert most <= saft.FREE_EVERY + 100 < count


def test_cli_cap_makes_room_for_the_commit_and_leaves_the_app_alone():
    capped, app = duckdb.connect(), duckdb.connect()
    limit_memory(capped)
    assert _memory_limit(capped) == 64 * 1024 * 1024
    _make_room_for_commit(capped, 100_000)  # 100 000 x 256 B = 25.6 MB: the 64 MiB cap is room enough
    assert _memory_limit(capped) == 64 * 1024 * 1024
    _make_room_for_commit(capped, 1_000_000)  # 1 000 000 x 256 B = 256 000 000 B = 244.1 MiB, rounded up to 245 MiB
    assert COMMIT_BYTES_PER_LINE == 256 and _memory_limit(capped) == 245 * 1024 * 1024
    before = _memory_limit(app)  # the app's default (a share of the machine's RAM) is far above both
    _make_room_for_commit(app, 1_000_000)
    assert _memory_limit(app) == before


def test_our_id_in_a_freed_master_record_is_not_a_line(tmp_path):
    # A Customer (freed as soon as read) carrying an Analysis with our type and id, then one real line of 10.00.
    path = saft_file(tmp_path / "customer.xml", transactions=[
        transaction("T1", "2023-01-10", [saft_line(1, "5000", "Debit", "10.00", analysis(*OURS))])])
    text = path.read_text(encoding="utf-8").replace(
        "</GeneralLedgerAccounts>", "</GeneralLedgerAccounts><Customers><Customer><CustomerID>1</CustomerID>"
        + analysis(*OURS) + "</Customer></Customers>", 1)
    path.write_text(text, encoding="utf-8")
    reader = SaftReader(path, OURS)
    assert [(line.account, line.amount) for line in reader.lines()] == [("5000", Decimal("10.00"))]
