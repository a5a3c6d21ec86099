"""CSV and Excel ledger files in Norwegian conventions, and every bad input the issue names."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from monitor.ledger.readers.common import FileRefused
from monitor.ledger.stage import ImportRequest, prepare
from tests.ledger.helpers import (
    TESTER,
    USN,
    ledger_sum,
    preview_of,
    run_import,
    with_settings,
)

HEADER = "Bilagsnr;Dato;Konto;Kontonavn;Tekst;Beløp;Arbeidspakke"


ROWS = [
    "B1;05.01.2024;5000;Lønn til ansatte;Lønn januar – Ærlig Østbø;1 234,50;WP1",
    "B2;2024-02-10;6790;Annen fremmed tjeneste;Transkribering;12\u00a0000,00;WP2",
    "B3;11.03.2024;7140;Reisekostnad;Kreditnota reise;−100,25;",
]


# 1234.50 + 12000.00 - 100.25 = 13134.25
TOTAL = Decimal("13134.25")


def write_csv(tmp_path, rows, encoding, header=HEADER, name="ledger.csv", bom=False):
    path = tmp_path / name
    data = "\r\n".join([header, *rows]).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def imported(con):
    return con.execute(
        "select account, amount, text, wp_code, posting_date from ledger_entry "
        "where batch_id is not null order by account"
    ).fetchall()


def workbook(tmp_path, rows, name="ledger.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Dato", "Konto", "Kontonavn", "Tekst", "Beløp", "Bilagsnr"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


ARABIC_123, FULLWIDTH_123 = "\u0661\u0662\u0663", "\uff11\uff12\uff13"  # ١٢٣ and １２３


def _rejected(preview) -> list[tuple]:
    return [(p.row, p.column, str(p.reason)) for p in preview.rejected]


# Rows 2-5 each hold one foreign digit (amount, full-width amount, date, account); row 6 is the only good one.
FOREIGN_ROWS = [
    ("Dato", "Konto", "Beløp"),
    ("05.01.2024", "5000", ARABIC_123),
    ("06.01.2024", "5000", FULLWIDTH_123 + ",\uff10\uff10"),
    ("\u0660\u0667.01.2024", "5000", "10,00"),
    ("08.01.2024", "\u0665\u0660\u0660\u0660", "10,00"),
    ("09.01.2024", "5000", "10,00"),
]


FOREIGN_EXPECTED = [
    (2, "Beløp", "ARABIC-INDIC DIGIT ONE"),
    (3, "Beløp", "FULLWIDTH DIGIT ONE"),
    (4, "Dato", "ARABIC-INDIC DIGIT ZERO"),
    (5, "Konto", "ARABIC-INDIC DIGIT FIVE"),
]


def _check_foreign(preview):
    found = _rejected(preview)
    assert [(row, column) for row, column, _ in found] == [(r, c) for r, c, _ in FOREIGN_EXPECTED]
    for (_, _, reason), (_, _, digit) in zip(found, FOREIGN_EXPECTED, strict=True):
        assert digit in reason and "0–9" in reason
    assert preview.rows_staged == 1 and preview.blocked  # only row 6 (10.00) is read; the rejections block


@pytest.mark.parametrize("encoding, bom", [("cp1252", False), ("utf-8", True), ("utf-8", False)])
def test_norwegian_csv_in_every_encoding_gives_the_same_ledger(con, settings, tmp_path, encoding, bom):
    rows = [r.replace("−", "-") for r in ROWS] if encoding == "cp1252" else ROWS  # cp1252 has no U+2212
    path = write_csv(tmp_path, rows, encoding, bom=bom)
    preview, result = run_import(con, settings, path, partner_id="usn")
    assert preview.rows_read == 3 and result.amount_total == TOTAL
    assert imported(con) == [
        ("5000", Decimal("1234.50"), "Lønn januar – Ærlig Østbø", "WP1", dt.date(2024, 1, 5)),
        ("6790", Decimal("12000.00"), "Transkribering", "WP2", dt.date(2024, 2, 10)),
        ("7140", Decimal("-100.25"), "Kreditnota reise", None, dt.date(2024, 3, 11)),
    ]


def test_comma_separated_with_debit_and_credit_columns(con, settings, tmp_path):
    path = write_csv(
        tmp_path, ['2024-05-01,5000,"1 000,00",', "2024-05-02,6790,,250"], "utf-8", header="Dato,Konto,Debet,Kredit"
    )
    _, result = run_import(con, settings, path, partner_id="usn")
    assert result.amount_total == Decimal("750.00")  # 1000.00 debit - 250 credit


def test_column_mapping_chosen_by_the_user(con, settings, tmp_path):
    path = write_csv(tmp_path, ["01.06.2024;5400;99,90"], "utf-8", header="Posted;Acct;Sum")
    _, result = run_import(
        con, settings, path, partner_id="usn", columns={"date": "Posted", "account": "Acct", "amount": "Sum"}
    )
    assert result.amount_total == Decimal("99.90")


def test_missing_columns_named(con, settings, tmp_path):
    path = write_csv(tmp_path, ["01.06.2024;5400"], "utf-8", header="Dato;Konto")
    with pytest.raises(FileRefused, match=r"no column for amount \(or debit/credit\); the header has: Dato, Konto"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_mojibake_refused(con, settings, tmp_path):
    # UTF-8 text once decoded as Windows-1252 and saved again as UTF-8: "Østbø" became "Ã˜stbÃ¸".
    damaged = "Lønn Østbø".encode().decode("cp1252")
    path = write_csv(tmp_path, [f"B1;05.01.2024;5000;x;{damaged};1,00;"], "utf-8")
    with pytest.raises(FileRefused, match="row 2: .* is mojibake"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_utf8_forced_as_cp1252_is_refused_naming_the_probable_encoding(con, settings, tmp_path):
    path = write_csv(tmp_path, ROWS, "utf-8")
    cp1252 = with_settings(settings, **{"import.csv_encoding": "cp1252"})
    with pytest.raises(FileRefused, match="probably UTF-8 read as Windows-1252"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, cp1252)


def test_cp1252_refused_when_utf8_is_required(con, settings, tmp_path):
    path = write_csv(tmp_path, [r.replace("−", "-") for r in ROWS], "cp1252")
    strict = with_settings(settings, **{"import.csv_encoding": "utf-8"})
    with pytest.raises(FileRefused, match="probably Windows-1252"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, strict)


def test_executable_renamed_csv_refused(con, settings, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200))
    with pytest.raises(FileRefused, match="not a text file"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_one_bad_row_among_many_blocks_everything_and_is_the_only_one_listed(con, settings, tmp_path):
    rows = [f"B{i};05.01.2024;5000;Lønn;Linje {i};100,00;WP1" for i in range(2000)]
    rows[1430] = "B1430;31.02.2024;5000;Lønn;Linje 1430;100,00;WP1"
    path = write_csv(tmp_path, rows, "utf-8")
    request = ImportRequest(path=path, project_id="mwinc", partner_id="usn")
    preview = prepare(con, request, TESTER, settings)
    assert preview.rejected_count == 1
    problem = preview.rejected[0]
    assert (problem.row, problem.column) == (1432, "Dato")  # header is row 1, first data row is row 2
    assert preview.blocked and ledger_sum(con) == (0, 0)
    rows[1430] = "B1430;28.02.2024;5000;Lønn;Linje 1430;100,00;WP1"
    _, result = run_import(con, settings, write_csv(tmp_path, rows, "utf-8", name="fixed.csv"), partner_id="usn")
    assert result.rows_inserted == 2000 and result.amount_total == Decimal("200000.00")  # 2000 x 100


def test_unknown_partner_and_work_package_block(con, settings, tmp_path):
    path = write_csv(tmp_path, ["B1;05.01.2024;5000;x;y;1,00;WP9;nobody"], "utf-8", header=HEADER + ";Partner")
    preview = prepare(con, ImportRequest(path=path, project_id="mwinc"), TESTER, settings)
    assert any("nobody" in b for b in preview.blockers) and any("WP9" in b for b in preview.blockers)


def test_csv_without_partner_needs_one(con, settings, tmp_path):
    preview = prepare(con, ImportRequest(path=write_csv(tmp_path, ROWS, "utf-8"), project_id="mwinc"), TESTER, settings)
    assert any("without a partner" in b for b in preview.blockers)


def test_excel_with_dates_numbers_and_text_amounts(con, settings, tmp_path):
    path = workbook(
        tmp_path,
        [
            [dt.datetime(2024, 1, 5), 5000, "Lønn", "Lønn januar", 1234.5, "B1"],
            ["10.02.2024", "6790", "Tjeneste", "@SUM(1)", "12 000,00", "B2"],
            [45366, 7140, "Reise", "Serial date", -100.25, "B3"],  # 45366 = 2024-03-15 in Excel's 1900 system
        ],
    )
    preview, result = run_import(con, settings, path, partner_id="usn")
    assert result.amount_total == TOTAL  # 1234.50 + 12000.00 - 100.25
    rows = con.execute(
        "select account, posting_date, text from ledger_entry where batch_id is not null order by account"
    ).fetchall()
    assert rows == [
        ("5000", dt.date(2024, 1, 5), "Lønn januar"),
        ("6790", dt.date(2024, 2, 10), "@SUM(1)"),  # formula-looking text stored verbatim
        ("7140", dt.date(2024, 3, 15), "Serial date"),
    ]


def test_excel_three_decimals_rejected(con, settings, tmp_path):
    path = workbook(tmp_path, [[dt.datetime(2024, 1, 5), 5000, "Lønn", "x", 10.125, "B1"]])
    preview = prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)
    assert preview.rejected[0].column == "Beløp" and "more than two decimals" in preview.rejected[0].reason


def test_excel_zip_bomb_refused(con, settings, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    with pytest.raises(FileRefused, match="zip bomb"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_macro_workbook_refused(con, settings, tmp_path):
    path = workbook(tmp_path, [])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(FileRefused, match="macros"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)
    xlsm = tmp_path / "ledger.xlsm"
    xlsm.write_bytes(b"PK\x03\x04")
    with pytest.raises(FileRefused, match="xlsm"):
        prepare(con, ImportRequest(path=xlsm, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_entity_expansion_inside_excel_refused(con, settings, tmp_path):
    path = workbook(tmp_path, [[dt.datetime(2024, 1, 5), 5000, "Lønn", "x", 1, "B1"]])
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[-1]
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + body
            target.writestr(item, data)
    with pytest.raises(FileRefused, match="cannot be read safely|not a readable"):
        prepare(con, ImportRequest(path=hostile, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_not_a_workbook(con, settings, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(io.BytesIO(b"Dato;Konto\n").getvalue())
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), TESTER, settings)


def test_csv_amounts_dates_and_accounts_with_foreign_digits_are_rejected_by_row_and_column(con, settings, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("".join(";".join(row) + "\r\n" for row in FOREIGN_ROWS), encoding="utf-8")
    _check_foreign(preview_of(con, settings, path, **USN))


def test_excel_text_cells_with_foreign_digits_are_rejected_by_row_and_column(con, settings, tmp_path):
    book = openpyxl.Workbook()
    for row in FOREIGN_ROWS:
        book.active.append(list(row))
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    _check_foreign(preview_of(con, settings, path, **USN))


def test_ascii_amounts_and_the_typographic_minus_still_read(con, settings, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "Dato;Konto;Beløp\r\n05.01.2024;5000;1\u00a0234,50\r\n06.01.2024;5000;\u221234,50\r\n", encoding="utf-8"
    )
    preview = preview_of(con, settings, path, **USN)
    assert not preview.rejected and preview.total == Decimal("1200.00")  # 1234.50 - 34.50
