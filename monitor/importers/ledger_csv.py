"""CSV ledger exports as Norwegian users produce them.

Encoding rule (import.csv_encoding = auto): valid UTF-8 (with or without a BOM) is UTF-8; anything
else is Windows-1252, the encoding of Excel's "CSV (semikolondelt)". Text that shows the marks of a
wrong decoding somewhere before us (mojibake such as `Ã¸`, or U+FFFD) is refused, never guessed at.
Separator rule: `;` when the header row has one, else `,`. No sniffing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from monitor.importers.common import FileRefused, Problem, SourceLine
from monitor.importers.tabular import TableReader

MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€|Â[\u00a0-\u00bf]")
BINARY_MAGIC = (b"PK\x03\x04", b"MZ", b"\x7fELF", b"%PDF", b"\xd0\xcf\x11\xe0")


def decode(data: bytes, encoding: str, file: str) -> str:
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise FileRefused(f"{file}: not a text file (binary content); export the ledger as CSV or choose Excel")
    text = _decode(data, encoding, file)
    _refuse_damaged(text, file, encoding)
    return text


def _decode(data: bytes, encoding: str, file: str) -> str:
    if encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if encoding == "utf-8":
                raise FileRefused(f"{file}: not valid UTF-8 (byte {error.start}); the file is probably Windows-1252 "
                                  f"(Excel's 'CSV (semikolondelt)'): set import.csv_encoding: cp1252") from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileRefused(f"{file}: neither UTF-8 nor Windows-1252 (byte {error.start}); save it again as "
                          f"'CSV UTF-8'") from None


def _refuse_damaged(text: str, file: str, encoding: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        found = MOJIBAKE.search(line)
        if found:
            probable = "UTF-8 read as Windows-1252" if encoding == "cp1252" else "UTF-8 text that was once decoded as Windows-1252 and saved again"
            raise FileRefused(f"{file}, row {number}: {found.group()!r} is mojibake (probably {probable}); "
                              f"fix the file's encoding (æøå must read as æøå), then import again")
        if "\ufffd" in line:
            raise FileRefused(f"{file}, row {number}: the text contains U+FFFD (characters lost in an earlier "
                              f"wrong decoding); export the file again")


def separator(header_line: str) -> str:
    return ";" if ";" in header_line else ","


def read_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(first))
    header = next(reader, None)
    if not header:
        raise FileRefused("the file has no header row")
    return header, ((reader.line_num, row) for row in reader)


def header_of(path: Path, encoding: str) -> list[str]:
    """The header row, for choosing columns in the app."""
    return read_rows(decode(path.read_bytes(), encoding, path.name))[0]


class CsvReader:
    def __init__(self, path: Path, columns: dict[str, Any], encoding: str, partner_id: str | None):
        self.path, self.columns, self.encoding, self.partner_id = Path(path), columns, encoding, partner_id
        self.table: TableReader | None = None

    @property
    def info(self):
        return self.table.info if self.table else None

    def lines(self) -> Iterator[SourceLine | Problem]:
        text = decode(self.path.read_bytes(), self.encoding, self.path.name)
        try:
            header, rows = read_rows(text)
        except FileRefused as error:
            raise FileRefused(f"{self.path.name}: {error}") from None
        self.table = TableReader(self.path.name, "csv", header, self.columns, self.partner_id)
        try:
            yield from self.table.lines(rows)
        except csv.Error as error:
            raise FileRefused(f"{self.path.name}: not a readable CSV file ({error})") from None
