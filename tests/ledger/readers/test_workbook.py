"""Issue 13, cases 8-11: non-ASCII digits, UTF-16 CSV, a workbook that expands to hundreds of MB, and messages
that name the upload (never a server path), render as plain text and say each thing once.

Expected values are written by hand from the files built here; hostile files are built in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from monitor import parse
from monitor.errors import Problem
from monitor.ledger.readers.common import FileRefused
from monitor.ledger.readers.saft import SaftReader
from monitor.ledger.stage import ImportRequest, prepare
from tests.conftest import ROOT
from tests.importers.helpers import TESTER, analysis, saft_file, saft_line, transaction

USN = {"partner_id": "usn"}
ARABIC_123, FULLWIDTH_123 = "\u0661\u0662\u0663", "\uff11\uff12\uff13"  # ١٢٣ and １２３


def _preview(con, settings, path: Path, name: str | None = None, **options):
    return prepare(con, ImportRequest(path=path, project_id="mwinc", file_name=name, **options), TESTER, settings)


def _rejected(preview) -> list[tuple]:
    return [(p.row, p.column, str(p.reason)) for p in preview.rejected]


# --- case 8: only ASCII digits are digits -------------------------------------------------------------

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


def test_csv_amounts_dates_and_accounts_with_foreign_digits_are_rejected_by_row_and_column(con, settings, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("".join(";".join(row) + "\r\n" for row in FOREIGN_ROWS), encoding="utf-8")
    _check_foreign(_preview(con, settings, path, **USN))


def test_excel_text_cells_with_foreign_digits_are_rejected_by_row_and_column(con, settings, tmp_path):
    book = openpyxl.Workbook()
    for row in FOREIGN_ROWS:
        book.active.append(list(row))
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    _check_foreign(_preview(con, settings, path, **USN))


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


@pytest.mark.parametrize(
    "parser, text",
    [
        (parse.money, ARABIC_123),
        (parse.money, FULLWIDTH_123 + ".00"),
        (parse.decimal, ARABIC_123),
        (parse.whole_number, FULLWIDTH_123),
        (parse.iso_date, "\u0662\u0660\u0662\u0664-01-01"),
    ],
)
def test_seed_parsers_take_ascii_digits_only(parser, text):
    with pytest.raises(ValueError):
        parser(text)


def test_ascii_amounts_and_the_typographic_minus_still_read(con, settings, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "Dato;Konto;Beløp\r\n05.01.2024;5000;1\u00a0234,50\r\n06.01.2024;5000;\u221234,50\r\n", encoding="utf-8"
    )
    preview = _preview(con, settings, path, **USN)
    assert not preview.rejected and preview.total == Decimal("1200.00")  # 1234.50 - 34.50


# --- case 9: UTF-16 CSV is named and sent back as CSV UTF-8 ----------------------------------------------


@pytest.mark.parametrize(
    "codec, named",
    [
        ("utf-16", "UTF-16 (little-endian)"),  # with a BOM
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
    ],
)
def test_a_utf16_csv_is_refused_naming_its_encoding(con, settings, tmp_path, codec, named):
    path = tmp_path / "ledger.csv"
    path.write_bytes("Dato;Konto;Beløp\r\n05.01.2024;5000;100,00\r\n".encode(codec))
    with pytest.raises(FileRefused) as refused:
        _preview(con, settings, path, **USN)
    message = str(refused.value)
    assert message == (
        f"ledger.csv: the file is {named} text, not UTF-8 or Windows-1252; "
        f"save it as 'CSV UTF-8 (comma delimited)' and import that"
    )


# --- case 10: a workbook under every cap that expands to hundreds of MB ------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEET = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>6790</v></c><c r="C2"><v>100</v></c></row>'
)
# Dato, Konto, Beløp (as two runs, with a phonetic hint that is not part of the text), 01.01.2023
FIRST_STRINGS = (
    "<si><t>Dato</t></si><si><t>Konto</t></si>"
    "<si><r><t>Bel</t></r><r><t>øp</t></r><rPh sb='0' eb='1'><t>x</t></rPh></si><si><t>01.01.2023</t></si>"
)


def shared_strings_workbook(path: Path, megabytes: int) -> Path:
    """A minimal xlsx whose sheet takes its texts from xl/sharedStrings.xml, followed by `megabytes` MB of
    distinct 200-character strings: about 71:1 compressed, under the 100:1 ratio and the 1 GB unpacked caps."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{SHEET}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}">{FIRST_STRINGS}'.encode())
            block = "".join(f"<si><t>{'x' * 200}{n}</t></si>" for n in range(20_000)).encode()
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                part.write(block)
            part.write(b"</sst>")
    return path


def test_a_workbook_with_shared_strings_reads_them(con, settings, tmp_path):
    preview = _preview(con, settings, shared_strings_workbook(tmp_path / "ledger.xlsx", 1), **USN)
    assert not preview.rejected and preview.rows_staged == 1 and preview.total == Decimal("100.00")


PEAK_RSS = """
import sys
from pathlib import Path
from monitor.cli import main
code = main(sys.argv[1:])
peak = [line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:")][0]
print(f"peak_kb={peak.split()[1]}", file=sys.stderr)
sys.exit(code)
"""


def test_a_workbook_expanding_to_hundreds_of_mb_is_refused_in_bounded_memory(db_path, tmp_path):
    path = shared_strings_workbook(tmp_path / "ledger.xlsx", 200)
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    assert info.file_size > 190 * 1024 * 1024 and info.file_size / info.compress_size < 100  # under the old caps
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_RSS,
            "import",
            str(path),
            "--project",
            "mwinc",
            "--partner",
            "usn",
            "--dry-run",
            "--db",
            str(db_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MONITOR_CONFIG": str(ROOT / "config.yaml"), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2, result.stderr
    assert "ledger.xlsx: the workbook's part xl/sharedStrings.xml unpacks to more than 48 MB" in result.stderr
    peak_mb = int(result.stderr.rsplit("peak_kb=", 1)[1].split()[0]) / 1024
    assert peak_mb < 300, f"peak {peak_mb:.0f} MB"


def test_a_whole_read_part_over_its_cap_is_refused(con, settings, tmp_path):
    path = shared_strings_workbook(tmp_path / "ledger.xlsx", 0)
    with zipfile.ZipFile(path, "a") as archive:  # 2 MB of distinct defined names: compresses ~10:1
        names = "".join(f'<definedName name="n{n}">Ark1!$A${n}</definedName>' for n in range(50_000))
        archive.writestr("xl/extra.xml", f"<x>{names}</x>")
    with pytest.raises(FileRefused, match="part xl/extra.xml unpacks to more than 1 MB"):
        _preview(con, settings, path, **USN)


# --- case 11: messages name the upload, once, in one sentence ---------------------------------------------


def _workbook_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Dato", "Konto", "Beløp"])
    book.save(path)
    original = zipfile.ZipFile(path)
    parts = {info.filename: original.read(info.filename) for info in original.infolist()}
    original.close()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "sheet",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="' + MAIN.encode() + b'"><sheetData/></worksheet>',
        b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData>&undeclared;</sheetData></worksheet>',
    ],
)
def test_an_excel_refusal_names_the_upload_never_the_server_path(con, settings, tmp_path, sheet):
    path = _workbook_with_sheet(tmp_path / "upload.xlsx", sheet)  # as the app saves an upload
    with pytest.raises(FileRefused) as refused:
        _preview(con, settings, path, name="Regnskap 2024.xlsx", **USN)
    message = str(refused.value)
    assert message.startswith("Regnskap 2024.xlsx: ") and str(tmp_path) not in message
    assert "\n" not in message and "upload.xlsx" not in message


def test_an_undeclared_entity_is_reported_where_it_is_and_nothing_imported_is_said_once(db_path, tmp_path):
    path = saft_file(tmp_path / "saft.xml", [transaction("T1", "2023-01-02", [saft_line(1, "6790", "Debit", "1.00")])])
    text = path.read_text(encoding="utf-8").replace("><", ">\n<")
    lines = text.splitlines()
    at = next(number for number, line in enumerate(lines, start=1) if line.startswith("<Description>Bilag T1"))
    path.write_text(text.replace("Bilag T1", "Bilag &foo;"), encoding="utf-8")
    column = lines[at - 1].index("Bilag T1") + len("Bilag &foo;") + 1  # libxml2 points just past the reference
    from tests.importers.test_ledger_import import cli

    result = cli("import", path, "--project", "mwinc", "--partner", "usn", "--dimension", "P:1", "--db", db_path)
    assert result.returncode == 2
    assert (
        f"saft.xml: the XML breaks off or is malformed (line {at}, column {column}: Entity 'foo' not defined)"
        in result.stderr
    )
    assert result.stderr.count("nothing was imported") == 1


# --- the Data page: an upload's header is read once; a file name is text, not Markdown ---------------------


def test_the_data_page_reads_an_uploads_header_once_however_often_it_reruns(app_env, tmp_path, monkeypatch):
    from monitor.ledger import readers
    from tests.apptest import open_page

    reads = []
    real = readers.file_header
    monkeypatch.setattr(readers, "file_header", lambda *args, **kw: reads.append(args[0]) or real(*args, **kw))
    content = shared_strings_workbook(tmp_path / "ledger.xlsx", 1).read_bytes()
    at = open_page("ledger", user="leader", lang="en")
    at.file_uploader(key="import_file").set_value(("ledger.xlsx", content, "application/octet-stream"))
    at.run()
    at.selectbox(key="import_partner").set_value("usn").run()
    at.checkbox(key="import_replace").check().run()
    assert not at.exception
    assert at.selectbox(key="import_column_amount").value == "Beløp" and len(reads) == 1  # a shared string, read


def test_a_refused_uploads_name_is_shown_as_text_not_markdown(app_env):
    from tests.apptest import open_page
    from tests.importers.test_data_page import rendered, uploaded

    name = "[click](http://evil.example/x).csv"
    at = uploaded(open_page("ledger", user="leader", lang="en"), name, b"MZ\x90\x00 not a ledger")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("[click](" not in e for e in errors)  # the Markdown source: no link in it
    assert rendered(errors[0]) == (
        "The file was refused: [click](http://evil.example/x).csv: not a text file "
        "(binary content); export the ledger as CSV or choose Excel"
    )
