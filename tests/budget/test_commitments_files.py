"""Open purchase orders imported into the commitments register as an accounting system writes them (CSV with ';'
and a decimal comma, and Excel): a bad line refuses the whole file with its row and column and writes nothing;
the corrected file is accepted, audited, and its orders count as open commitments."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from monitor.access.scope import AccessDenied
from monitor.budget import commitments
from monitor.cli import main
from monitor.errors import Invalid
from monitor.project import load as store
from monitor.registers import files as register_io
from tests.scopes import LEADER, NAV

TODAY = dt.date(2025, 11, 1)
AS_OF = dt.date(2025, 10, 31)
HEADER = "partner_id;cost_category;wp_code;ordered_date;expected_date;amount;supplier;reference;commitment_status;note"

# Three open orders, in the Norwegian way: ';' between columns, a decimal comma, thousands grouped with a space
# or a dot, CRLF line ends, a byte-order mark. Line 3's amount is not an amount.
BAD_CSV = (
    "\ufeff" + HEADER + "\r\n"
    "usn;other_operating;WP3;2025-10-02;2025-11-25;12 345,67;Lydbok Tekst AS;PO-7001;open;Transkribering\r\n"
    "usn;other_operating;WP3;2025-10-03;;1.234,5x;Trykk og Papir AS;PO-7002;open;Plakater\r\n"
    "nav_vt;personnel_indirect;WP1;2025-10-04;2025-11-26;800,00;Kurs AS;PO-7003;open;Kursdag\r\n"
)
GOOD_CSV = BAD_CSV.replace("1.234,5x", "1.234,50")


def written(con) -> tuple[int, int]:
    return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("commitment", "audit_log"))  # noqa: S608


def problems(error: Invalid) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in error.problems]


def open_sums(con) -> dict:
    return commitments.totals(store.load_project(con, "mwinc", AS_OF, LEADER).commitments)


def test_a_bad_csv_line_is_refused_with_row_and_column_then_the_fixed_file_is_accepted(con):
    before = written(con)
    with pytest.raises(Invalid) as refused:
        register_io.import_file(con, "commitments", "mwinc", BAD_CSV.encode(), "po.csv", LEADER, TODAY)
    assert problems(refused.value) == [(3, "amount", "not_money")]
    assert "Rad 3" in refused.value.text("nb")[0] and "1.234,5x" in refused.value.text("nb")[0]
    assert written(con) == before
    # the seed's open orders on 31 Oct 2025: 42 500 (15 Sep) + 12 400 (1 Oct) + 18 750 (20 Oct) = 73 650.00
    assert open_sums(con)["open"] == D("73650.00")

    result = register_io.import_file(con, "commitments", "mwinc", GOOD_CSV.encode(), "po.csv", LEADER, TODAY)
    assert (result.added, result.updated) == (3, 0)
    rows = con.execute("select reference, amount from commitment where reference like 'PO-7%' order by 1").fetchall()
    assert [(r, D(a)) for r, a in rows] == [
        ("PO-7001", D("12345.67")),
        ("PO-7002", D("1234.50")),
        ("PO-7003", D("800.00")),
    ]
    sums = open_sums(con)
    # 73 650.00 + 12 345.67 + 1 234.50 + 800.00 = 88 030.17
    assert sums["open"] == D("88030.17")
    # by year: PO-7002 has no expected date, so its order year 2025; PO-7003 expected 26 Nov 2025: all 2025
    assert sums["by_year"] == {"2025": D("88030.17")}
    # by category: personnel 800.00 (NAV); other operating 73 650.00 + 12 345.67 + 1 234.50 = 87 230.17
    assert sums["by_category"] == {"other_operating": D("87230.17"), "personnel_indirect": D("800.00")}
    # every imported field is in the audit log, under the importing user
    logged = con.execute(
        "select count(distinct row_key) from audit_log where table_name = 'commitment' and user_name = 'annett'"
    ).fetchone()[0]
    assert logged == 3


def test_an_order_outside_the_project_or_with_an_unknown_work_package_is_refused(con):
    text = (
        HEADER + "\r\n"
        "usn;other_operating;WP9;2025-10-02;;100,00;X;PO-1;open;\r\n"
        "usn;travel;WP1;2025-10-02;;100,00;X;PO-2;open;\r\n"
        "usn;other_operating;WP1;2019-10-02;;100,00;X;PO-3;ordered;\r\n"
    )
    before = written(con)
    with pytest.raises(Invalid) as refused:
        register_io.import_file(con, "commitments", "mwinc", text.encode(), "po.csv", LEADER, TODAY)
    assert sorted(problems(refused.value)) == [
        (2, "wp_code", "unknown_wp"),
        (3, "cost_category", "not_choice"),
        (4, "commitment_status", "not_choice"),
        (4, "ordered_date", "outside_period"),  # the project ran from 1 Dec 2021
    ]
    assert written(con) == before


def workbook(amount) -> bytes:
    """An Excel export of open orders: amounts as number cells, dates as date cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(["usn", "other_operating", "WP3", dt.date(2025, 10, 6), dt.date(2025, 11, 20), 4567.89, "Lokale AS",
                  "PO-8001", "open", "Sluttseminar"])  # fmt: skip
    sheet.append(["usn", "other_operating", "WP1", dt.date(2025, 10, 7), None, amount, "Tolk AS", "PO-8002", "open",
                  None])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_file_is_refused_on_a_bad_line_then_accepted(con):
    before = written(con)
    with pytest.raises(Invalid) as refused:
        register_io.import_file(con, "commitments", "mwinc", workbook("tusen"), "po.xlsx", LEADER, TODAY)
    assert problems(refused.value) == [(3, "amount", "not_money")]
    assert written(con) == before
    register_io.import_file(con, "commitments", "mwinc", workbook(1000.1), "po.xlsx", LEADER, TODAY)
    # 73 650.00 + 4 567.89 + 1 000.10 = 79 217.99
    assert open_sums(con)["open"] == D("79217.99")


def test_a_partner_may_not_import_orders(con):
    before = written(con)
    with pytest.raises(AccessDenied):
        register_io.import_file(con, "commitments", "mwinc", GOOD_CSV.encode(), "po.csv", NAV, TODAY)
    assert written(con) == before


def test_the_command_line_imports_the_same_file(db_path, tmp_path, capsys):
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    good.write_text(GOOD_CSV, encoding="utf-8")
    common = ["registers", "import", "--register", "commitments", "--db", str(db_path), "--project", "mwinc"]
    assert main([*common, str(bad)]) == 2
    assert "row 3" in capsys.readouterr().err
    assert main([*common, str(good)]) == 0
    capsys.readouterr()
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--as-of", AS_OF.isoformat(), "--json"]) == 0
    assert '"open": "88030.17"' in capsys.readouterr().out
