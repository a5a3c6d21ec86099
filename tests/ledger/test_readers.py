"""The registry of ledger formats (monitor/ledger/readers/__init__.py): every reader module's FORMAT, in rank
order, and the format of a file told by what was asked, its suffix, else its first bytes."""

from __future__ import annotations

import pytest

from monitor.ledger import readers
from monitor.ledger.readers.common import FileRefused


def test_the_three_formats_and_their_suffixes_come_from_the_reader_modules():
    assert readers.formats() == ("saft", "csv", "xlsx")
    assert readers.suffixes() == (".xml", ".csv", ".txt", ".xlsx")
    assert [readers.takes_dimension(f) for f in ("saft", "csv", "xlsx", "")] == [True, False, False, False]


@pytest.mark.parametrize(
    ("name", "start", "expected"),
    [
        ("ledger.XML", b"anything", "saft"),  # the suffix decides, in any case
        ("ledger.txt", b"<AuditFile", "csv"),
        ("ledger.dat", b"\xef\xbb\xbf \r\n<?xml", "saft"),  # no known suffix: the first bytes after a BOM, blanks
        ("ledger.dat", b"PK\x03\x04", "xlsx"),
        ("ledger.dat", b"Dato;Konto;Bel\xc3\xb8p", "csv"),  # nothing else matches: plain text
    ],
)
def test_a_files_format_is_told_by_its_suffix_else_its_first_bytes(tmp_path, name, start, expected):
    path = tmp_path / name
    path.write_bytes(start)
    assert readers.detect_format(path, None) == expected


def test_a_format_asked_for_wins_and_an_unknown_one_or_a_macro_workbook_is_refused(tmp_path):
    path = tmp_path / "ledger.xlsm"
    path.write_bytes(b"PK\x03\x04")
    assert readers.detect_format(path, "csv") == "csv"
    with pytest.raises(FileRefused, match="'ods'.*saft, csv, xlsx"):
        readers.detect_format(path, "ods")
    with pytest.raises(FileRefused) as refused:
        readers.detect_format(path, None, "budsjett.xlsm")
    assert refused.value.args[0].key == "import.why.xlsm" and "budsjett.xlsm" in str(refused.value)


def test_the_header_row_is_read_for_formats_with_columns_only(tmp_path, settings):
    path = tmp_path / "ledger.csv"
    path.write_text("Dato;Konto;Beløp\r\n05.01.2024;5000;100,00\r\n", encoding="utf-8")
    assert readers.file_header(path, "csv", settings) == ["Dato", "Konto", "Beløp"]
    assert readers.file_header(path, "saft", settings) == []
