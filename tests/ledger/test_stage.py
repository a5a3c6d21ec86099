"""Staging a ledger file (monitor/ledger/stage.py; issue 12, items 3-5): lines outside the project period, a
source key back with other content, a preview that matches nothing, and outsiders refused before anything is
staged. Expected figures come from the files (read here with the standard library) or by hand."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import openpyxl
import pytest

from monitor.access.scope import AccessDenied
from monitor.ledger.commit import ImportBlocked, commit
from monitor.ledger.stage import ImportRequest, prepare
from tests.ledger.helpers import (
    EXAMPLE_888,
    OURS,
    TESTER,
    company_file,
    ledger_sum,
    rows_written,
    run_import,
    saft_file,
    saft_line,
    transaction,
)

N = "{urn:StandardAuditFile-Taxation-Financial:NO}"


P202 = {"dimension": "P:202", "partner_id": "usn"}


def cost_lines_of(path, dimension: str) -> list[tuple[dt.date, str, Decimal]]:
    """(date, account, amount) of the file's cost-account lines (4000-7999) on a P dimension, read with ElementTree:
    the analysis amount where present, else the line's; credit negative."""
    found = []
    for txn in ET.parse(path).getroot().iter(N + "Transaction"):
        day = dt.date.fromisoformat(txn.findtext(N + "TransactionDate"))
        for line in txn.iter(N + "Line"):
            account = line.findtext(N + "AccountID")
            for part in line.findall(N + "Analysis"):
                if (part.findtext(N + "AnalysisType"), part.findtext(N + "AnalysisID")) == (
                    "P",
                    dimension,
                ) and 4000 <= int(account) <= 7999:
                    debit = line.findtext(f"{N}DebitAmount/{N}Amount")
                    own = part.findtext(f"{N}AnalysisAmount/{N}Amount")
                    amount = Decimal(own or debit or line.findtext(f"{N}CreditAmount/{N}Amount"))
                    found.append((day, account, amount if debit is not None else -amount))
    return found


def edges_saft(tmp_path):
    # mwinc runs 2021-12-01 to 2025-11-30: the first and last day are in, the day before and after are out, and
    # a line dated 2023 but booked in the accounting year 2019 (PeriodYear) would land in a 2019 budget row.
    return saft_file(
        tmp_path / "edges.xml",
        [
            transaction("T1", "2021-11-30", [saft_line(1, "6790", "Debit", "100.00", OURS)]),
            transaction("T2", "2021-12-01", [saft_line(1, "6790", "Debit", "200.00", OURS)]),
            transaction("T3", "2025-11-30", [saft_line(1, "7140", "Debit", "300.00", OURS)]),
            transaction("T4", "2025-12-01", [saft_line(1, "7140", "Debit", "400.00", OURS)]),
            transaction("T5", "2023-05-02", [saft_line(1, "7140", "Debit", "500.00", OURS)]).replace(
                "<PeriodYear>2023</PeriodYear>", "<PeriodYear>2019</PeriodYear>"
            ),
        ],
    )


CSV_EDGES = (
    "Dato;Konto;Beløp\r\n30.11.2021;6790;100,00\r\n01.12.2021;6790;200,00\r\n"
    "30.11.2025;7140;300,00\r\n01.12.2025;7140;400,00\r\n"
)


def edges_xlsx(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Dato", "Konto", "Beløp"])
    for day, account, amount in (
        (dt.date(2021, 11, 30), "6790", 100),
        (dt.date(2021, 12, 1), "6790", 200),
        (dt.date(2025, 11, 30), "7140", 300),
        (dt.date(2025, 12, 1), "7140", 400),
    ):
        sheet.append([day, account, amount])
    book.save(path)
    return path


def staged(con) -> bool:
    return (
        con.execute("select count(*) from information_schema.tables where table_name = 'import_stage'").fetchone()[0]
        > 0
    )


def test_the_real_888_file_is_all_before_the_project_and_refused_line_by_line(con, settings):
    expected = cost_lines_of(EXAMPLE_888, "202")
    assert len(expected) == 6 and all(day.year == 2017 for day, _, _ in expected)  # mwinc starts 2021-12-01
    request = ImportRequest(path=EXAMPLE_888, project_id="mwinc", **P202)
    preview = prepare(con, request, TESTER, settings)
    listed = [(line.posting_date, line.account, line.amount, line.reason) for line in preview.out_of_period_lines]
    assert sorted(listed) == sorted((day, account, amount, "before") for day, account, amount in expected)
    assert preview.out_of_period == 6 and preview.out_of_period_amount == sum(a for _, _, a in expected)
    assert preview.out_of_period_amount == Decimal("74562.00")  # 10000 + 5000 + 25000 + 14562 + 12000 + 8000
    assert preview.rows_to_insert == 0 and not preview.has_work and preview.blocked
    assert "6 are dated outside the project period" in preview.blockers[0]
    with pytest.raises(ImportBlocked):
        commit(con, preview, TESTER, settings)
    assert ledger_sum(con) == (0, 0)


@pytest.mark.parametrize("kind", ["saft", "csv", "xlsx"])
def test_only_lines_inside_the_period_are_written_in_every_format(con, settings, tmp_path, kind):
    if kind == "saft":
        path, outside = edges_saft(tmp_path), 3
    elif kind == "csv":
        path, outside = tmp_path / "edges.csv", 2
        path.write_bytes(CSV_EDGES.encode("utf-8"))
    else:
        path, outside = edges_xlsx(tmp_path / "edges.xlsx"), 2
    preview, result = run_import(con, settings, path, partner_id="usn")
    reasons = {line.posting_date: line.reason for line in preview.out_of_period_lines}
    assert reasons[dt.date(2021, 11, 30)] == "before" and reasons[dt.date(2025, 12, 1)] == "after"
    assert preview.out_of_period == outside
    assert (result.rows_inserted, result.amount_total) == (2, Decimal("500.00"))  # 200 + 300, the two days inside
    written = con.execute(
        "select min(posting_date), max(posting_date), min(year), max(year) from ledger_entry where batch_id = ?",
        [result.batch_id],
    ).fetchone()
    assert written == (dt.date(2021, 12, 1), dt.date(2025, 11, 30), 2021, 2025)


def test_a_line_booked_in_an_accounting_year_outside_the_project_is_skipped(con, settings, tmp_path):
    preview = prepare(
        con, ImportRequest(path=edges_saft(tmp_path), project_id="mwinc", partner_id="usn"), TESTER, settings
    )
    booked = [line for line in preview.out_of_period_lines if line.reason == "year"]
    assert [(line.posting_date, line.year, line.amount) for line in booked] == [
        (dt.date(2023, 5, 2), 2019, Decimal("500.00"))
    ]


@pytest.mark.parametrize("change", [{"amount_t2": "260.00"}, {"account_t2": "7140"}, {"day_t2": "2023-04-03"}])
def test_a_key_back_with_other_content_refuses_the_whole_file(con, settings, tmp_path, change):
    _, first = run_import(con, settings, company_file(tmp_path / "system-a.xml"), partner_id="usn")
    assert (first.rows_inserted, first.amount_total) == (2, Decimal("1250.00"))  # 1000 + 250
    second = company_file(tmp_path / "system-b.xml", **change)  # same company, transactions and records
    request = ImportRequest(path=second, project_id="mwinc", partner_id="usn")
    preview = prepare(con, request, TESTER, settings)
    assert preview.blocked and preview.conflict_count == 1 and preview.rows_existing == 1  # T1 is identical
    blocker = next(b for b in preview.blockers if "source key" in b)
    assert f"batch {first.batch_id} (system-a.xml)" in blocker and "saft:912345678:2023:GL:T2:1" in blocker
    assert preview.conflicts["row_no"].tolist() == [preview.conflicts["row_no"].iloc[0]]
    with pytest.raises(ImportBlocked):
        commit(con, preview, TESTER, settings)
    assert ledger_sum(con) == (Decimal("1250.00"), 2)


def test_identical_lines_in_another_file_stay_already_imported(con, settings, tmp_path):
    _, first = run_import(con, settings, company_file(tmp_path / "system-a.xml"), partner_id="usn")
    copy = tmp_path / "copy.xml"
    copy.write_bytes((tmp_path / "system-a.xml").read_bytes().replace(b"Testfirma AS", b"Testfirma AS (kopi)"))
    preview, again = run_import(con, settings, copy, partner_id="usn")
    assert not preview.blocked and preview.rows_existing == 2 and preview.conflict_count == 0
    assert again.batch_id is None and "already in the ledger" in again.message
    assert ledger_sum(con) == (Decimal("1250.00"), 2)


def test_a_preview_that_matches_nothing_says_why_and_which_dimensions_the_file_holds(con, settings):
    # The defaults: no partner chosen (from the file's company), the project's dimension P:326917.
    request = ImportRequest(path=EXAMPLE_888, project_id="mwinc")
    preview = prepare(con, request, TESTER, settings)
    expected = Counter()
    for line in ET.parse(EXAMPLE_888).getroot().iter(N + "Line"):
        expected.update(
            {f"{a.findtext(N + 'AnalysisType')}:{a.findtext(N + 'AnalysisID')}" for a in line.findall(N + "Analysis")}
        )
    assert preview.dimensions_found == dict(expected) and preview.dimensions_found["P:202"] == 15
    assert preview.blocked and not preview.has_work and preview.rows_read == 170
    said = " ".join(preview.blockers)
    assert "company 888888888 is not the organisation number of any partner" in said
    assert "no line of the file carries the dimension P:326917" in said and "P:202 (15)" in said
    with pytest.raises(ImportBlocked):
        commit(con, preview, TESTER, settings)


def test_an_empty_csv_is_not_ready_to_import(con, settings, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes("Dato;Konto;Beløp\r\n".encode())
    preview = prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)
    assert preview.blocked and preview.blockers == ["the file holds no ledger lines; nothing to import"]


def test_an_outsider_may_not_prepare_an_import(con, settings, request_for_mwinc, outsider):
    before = rows_written(con)
    with pytest.raises(AccessDenied):
        prepare(con, request_for_mwinc, outsider, settings)
    assert rows_written(con) == before and not staged(con)
