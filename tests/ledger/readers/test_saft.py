"""SAF-T Financial: the Tax Administration's example files and generated 1.10/1.30 files."""

import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

import pytest

from monitor.errors import Problem
from monitor.ledger.commit import ImportBlocked, commit
from monitor.ledger.readers import saft
from monitor.ledger.readers.common import FileRefused
from monitor.ledger.readers.saft import SaftReader
from monitor.ledger.stage import ImportRequest, prepare
from tests.ledger.helpers import (
    EXAMPLE_888,
    EXAMPLE_999,
    TESTER,
    analysis,
    ledger_sum,
    moved_into_period,
    run_import,
    saft_file,
    saft_line,
    transaction,
    with_settings,
)

N = "{urn:StandardAuditFile-Taxation-Financial:NO}"


def independent_totals(path, kind: str) -> dict[str, dict[str, Decimal]]:
    """Totals per analysis id and account, read with the standard library's ElementTree (not the importer):
    the analysis amount where present, else the line's; debit adds, credit subtracts."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in ET.parse(path).getroot().iter(N + "Line"):
        debit = line.findtext(f"{N}DebitAmount/{N}Amount")
        sign = 1 if debit is not None else -1
        line_amount = Decimal(debit if debit is not None else line.findtext(f"{N}CreditAmount/{N}Amount"))
        for part in line.findall(N + "Analysis"):
            if part.findtext(N + "AnalysisType") == kind:
                own = part.findtext(f"{N}AnalysisAmount/{N}Amount")
                amount = Decimal(own) if own is not None else line_amount
                totals[part.findtext(N + "AnalysisID")][line.findtext(N + "AccountID")] += sign * amount
    return totals


def test_reference_files_are_where_ci_has_them():
    assert EXAMPLE_888.is_file() and EXAMPLE_999.is_file()


def test_project_200_by_hand(con, settings, example_888):
    # From the XML: P:200 is on five lines. Cost accounts: txn 1008 line 1, 7320 debit, AnalysisAmount 25000;
    # txn 1010 line 1, 4000 debit, AnalysisAmount 10740. Account 3000 (sales, txns 1005, 1006, 1033) is skipped.
    preview, result = run_import(con, settings, example_888, dimension="P:200", partner_id="usn")
    assert preview.rows_read == 170  # every <Line> in the file
    assert preview.rows_selected == 5 and preview.skipped_accounts == {"3000": 3}
    assert result.rows_inserted == 2 and result.amount_total == Decimal("35740.00")  # 25000 + 10740
    rows = con.execute(
        "select account, amount, account_name, voucher, period, year, partner_id from ledger_entry "
        "where batch_id = ? order by account",
        [result.batch_id],
    ).fetchall()
    assert rows == [
        ("4000", Decimal("10740.00"), "Varekjøp", "1010", 1, 2023, "usn"),
        ("7320", Decimal("25000.00"), "Reklameannonser", "1008", 1, 2023, "usn"),
    ]


@pytest.mark.parametrize("project", ["90", "200", "202", "203"])
def test_example_888_totals_per_project_and_account(con, settings, project, example_888):
    expected = {
        account: amount
        for account, amount in independent_totals(example_888, "P")[project].items()
        if 4000 <= int(account) <= 7999
    }
    _, result = run_import(con, settings, example_888, dimension=f"P:{project}", partner_id="usn")
    got = dict(
        con.execute(
            "select account, sum(amount) from ledger_entry where batch_id = ? group by account", [result.batch_id]
        ).fetchall()
    )
    assert got == expected


def test_example_999_line_without_analysis_amount_takes_the_line_amount(con, settings, tmp_path):
    # The one P:2000 line: account 4000, debit 10000, Analysis without an amount (dated 2015: moved into mwinc's period).
    in_period = moved_into_period(EXAMPLE_999, tmp_path, from_year="2015")
    _, result = run_import(con, settings, in_period, dimension="P:2000", partner_id="usn")
    assert (result.rows_inserted, result.amount_total) == (1, Decimal("10000.00"))


def generated_130(tmp_path, prefix=None):
    ours = "P", "326917"
    return saft_file(
        tmp_path / "ledger130.xml",
        prefix=prefix,
        transactions=[
            transaction(
                "T1",
                "2023-03-10",
                [
                    saft_line(1, "5000", "Debit", "1000.00", analysis(*ours, "600.00", "Debit") + analysis("A", "7")),
                    saft_line(2, "1920", "Credit", "1000.00"),
                ],
            ),
            transaction(
                "T2",
                "2023-04-02",
                [  # a credit note on a cost account reduces the cost
                    saft_line(1, "6790", "Credit", "250.50", analysis(*ours, "250.50", "Credit")),
                    saft_line(2, "2400", "Debit", "250.50"),
                ],
            ),
            transaction(
                "T3",
                "2024-01-15",
                [  # an Analysis without an amount: the whole line
                    saft_line(1, "7140", "Debit", "99.99", analysis(*ours)),
                    saft_line(2, "1920", "Credit", "99.99", analysis(*ours)),
                ],
            ),  # not a cost account: skipped
            transaction("T4", "2024-01-16", [saft_line(1, "7140", "Debit", "500.00", analysis("P", "999"))]),
        ],
    )


@pytest.mark.parametrize("prefix", [None, "n1"])
def test_generated_130_file(con, settings, tmp_path, prefix):
    path = generated_130(tmp_path, prefix)
    preview, result = run_import(con, settings, path, partner_id="usn")  # dimension from config: P:326917
    assert preview.dimension == "P:326917" and preview.company_number == "912345678"
    assert preview.skipped_accounts == {"1920": 1}
    # 600.00 (analysis share of 1000) - 250.50 (credit note) + 99.99 (whole line) = 449.49
    assert result.amount_total == Decimal("449.49")
    by_year_category = {(r["year"], r["cost_category"]): r["amount"] for r in preview.totals.to_dict("records")}
    assert by_year_category == {
        (2023, "personnel_indirect"): Decimal("600.00"),
        (2023, "other_operating"): Decimal("-250.50"),
        (2024, "other_operating"): Decimal("99.99"),
    }
    categories = dict(
        con.execute("select account, cost_category from ledger_entry where batch_id = ?", [result.batch_id]).fetchall()
    )
    assert categories == {"5000": "personnel_indirect", "6790": "other_operating", "7140": "other_operating"}


def test_company_number_identifies_the_partner(con, settings, tmp_path):
    con.execute("update partner set org_number = '912 345 678' where project_id = 'mwinc' and partner_id = 'nav_vt'")
    preview, _ = run_import(con, settings, generated_130(tmp_path))
    assert preview.partner_id == "nav_vt"


def test_unknown_company_blocks_without_partner(con, settings, tmp_path):
    request = ImportRequest(path=generated_130(tmp_path), project_id="mwinc")
    preview = prepare(con, request, TESTER, settings)
    assert preview.blocked and "912345678" in preview.blockers[0]
    with pytest.raises(ImportBlocked):
        commit(con, preview, TESTER, settings)
    assert ledger_sum(con) == (0, 0)


def test_unmapped_accounts_block_the_import(con, settings, tmp_path):
    narrow = with_settings(
        settings, **{"accounts.mapping": {"default": [{"accounts": "5000-5999", "category": "personnel_indirect"}]}}
    )
    request = ImportRequest(path=generated_130(tmp_path), project_id="mwinc", partner_id="usn")
    preview = prepare(con, request, TESTER, narrow)
    assert preview.unmapped["account"].tolist() == ["6790", "7140"]
    with pytest.raises(ImportBlocked, match="6790, 7140"):
        commit(con, preview, TESTER, narrow)


def test_three_decimals_rejected_with_row_and_column(con, settings, tmp_path):
    path = saft_file(
        tmp_path / "bad.xml",
        [transaction("T1", "2023-03-10", [saft_line(1, "5000", "Debit", "10.005", analysis("P", "326917"))])],
    )
    preview = prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)
    assert preview.blocked and preview.rejected_count == 1
    problem = preview.rejected[0]
    assert (problem.file, problem.row, problem.column) == ("bad.xml", 2, "Amount")
    assert "more than two decimals" in problem.reason


def test_impossible_date_rejected(con, settings, tmp_path):
    path = saft_file(
        tmp_path / "bad.xml",
        [transaction("T1", "2023-02-31", [saft_line(1, "5000", "Debit", "10.00", analysis("P", "326917"))])],
    )
    preview = prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)
    assert preview.rejected[0].column == "TransactionDate"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO"><Header>&lol2;</Header></AuditFile>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE AuditFile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO"><Header>&secret;</Header></AuditFile>
"""


@pytest.mark.parametrize(
    "content, reason",
    [
        (BILLION_LAUGHS, "DTD"),
        (XXE, "DTD"),
        ('<AuditFile xmlns="urn:something:else"><Header/></AuditFile>', "namespace"),
        ("Bilagsnr;Dato\n1;01.01.2024\n", "not a well-formed XML"),
        ('<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO"><Header><Company>', "breaks off"),
    ],
)
def test_hostile_or_broken_xml_is_refused(con, settings, tmp_path, content, reason):
    path = tmp_path / "hostile.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FileRefused, match=reason):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)
    assert ledger_sum(con) == (0, 0)


def test_truncated_real_file_is_refused(con, settings, tmp_path):
    path = tmp_path / "truncated.xml"
    path.write_bytes(EXAMPLE_888.read_bytes()[:100_000])
    with pytest.raises(FileRefused, match="breaks off"):
        prepare(
            con, ImportRequest(path=path, project_id="mwinc", partner_id="usn", dimension="P:202"), TESTER, settings
        )
    assert con.execute("select count(*) from import_batch").fetchone() == (0,)


def test_size_cap(con, settings, tmp_path):
    path = tmp_path / "big.xml"
    path.write_bytes(b" " * (1024 * 1024 + 1))
    with pytest.raises(FileRefused, match="larger than the limit of 1 MB"):
        prepare(
            con,
            ImportRequest(path=path, project_id="mwinc"),
            TESTER,
            with_settings(settings, **{"import.max_file_mb": 1}),
        )


def test_reader_frees_transactions_as_it_goes(tmp_path):
    # Streaming: after the file is read, the tree holds no transactions (each was freed when read).
    path = generated_130(tmp_path)
    reader = SaftReader(path, ("P", "326917"))
    seen = []
    for item in reader.lines():
        seen.append(item)
    assert len(seen) == 4 and reader.info.lines_read == 7


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


def test_saft_amounts_accounts_ids_and_years_with_foreign_digits_are_rejected(tmp_path):
    ours = analysis("P", "1")
    path = saft_file(
        tmp_path / "saft.xml",
        [
            transaction("T1", "2023-01-02", [saft_line(1, "6790", "Debit", "\u0661\u0660\u0660.\u0660\u0660", ours)]),
            transaction("T2", "2023-01-03", [saft_line(1, "\u0666\u0667\u0669\u0660", "Debit", "100.00", ours)]),
            transaction("T3", "2023-01-04", [saft_line(1, "6790", "Debit", "100.00", ours)]).replace(
                "<PeriodYear>2023</PeriodYear>", "<PeriodYear>\uff12\uff10\uff12\uff13</PeriodYear>"
            ),
            transaction("T\u0664", "2023-01-05", [saft_line(1, "6790", "Debit", "100.00", ours)]),
            transaction("T5", "2023-01-06", [saft_line(1, "6790", "Debit", "25.00", ours)]),
        ],
    )
    items = list(SaftReader(path, ("P", "1")).lines())
    problems = [(p.column, str(p.reason)) for p in items if isinstance(p, Problem)]
    assert [column for column, _ in problems] == ["Amount", "AccountID", "PeriodYear", "TransactionID"]
    assert all("digit other than 0–9" in reason for _, reason in problems)
    assert [line.amount for line in items if not isinstance(line, Problem)] == [Decimal("25.00")]
