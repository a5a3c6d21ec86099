"""CSV ledger exports as Norwegian users produce them.

Encoding rule (import.csv_encoding = auto): valid UTF-8 (with or without a BOM) is UTF-8; anything
else is Windows-1252, the encoding of Excel's "CSV (semikolondelt)". Text that shows the marks of a
wrong decoding somewhere before us (mojibake such as `Ã¸`, or U+FFFD) is refused, never guessed at.
UTF-16 and UTF-32 (Excel's "Unicode text", some exports) are refused by name, with or without a BOM, asking
for "CSV UTF-8": not read, because Excel writes that format tab-separated, which no other rule here expects.
Separator rule: `;` when the header row has one, else `,`. No sniffing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from monitor.config import Config
from monitor.errors import Notice, Problem
from monitor.ledger.readers.common import FileRefused, SourceLine
from monitor.ledger.readers.interface import LedgerFormat, ReadRequest
from monitor.ledger.readers.tabular import TableReader

MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€|Â[\u00a0-\u00bf]"
)
BINARY_MAGIC = (b"PK\x03\x04", b"MZ", b"\x7fELF", b"%PDF", b"\xd0\xcf\x11\xe0")


def decode(data: bytes, encoding: str, file: str) -> str:
    wide = wide_encoding(data)
    if wide:
        raise FileRefused(Notice("import.why.utf16", file=file, encoding=wide))
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise FileRefused(Notice("import.why.binary", file=file))
    text = _decode(data, encoding, file)
    _refuse_damaged(text, file, encoding)
    return text


# Byte-order marks of the wide encodings; UTF-32's first, as UTF-32-LE's begins with UTF-16-LE's.
WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)


def wide_encoding(data: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding the data is in, by its byte-order mark or, without one, by where
    its zero bytes fall (ASCII text in UTF-16-LE has a zero after every character); None for anything else."""
    for bom, name in WIDE_BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    zeros_even, zeros_odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    if zeros_odd > pairs * 0.4 and zeros_even < pairs * 0.1:
        return "UTF-16 (little-endian)"
    if zeros_even > pairs * 0.4 and zeros_odd < pairs * 0.1:
        return "UTF-16 (big-endian)"
    return None


def _decode(data: bytes, encoding: str, file: str) -> str:
    if encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if encoding == "utf-8":
                raise FileRefused(Notice("import.why.not_utf8", file=file, byte=error.start)) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileRefused(Notice("import.why.no_encoding", file=file, byte=error.start)) from None


def _refuse_damaged(text: str, file: str, encoding: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        found = MOJIBAKE.search(line)
        if found:
            key = "import.why.mojibake_now" if encoding == "cp1252" else "import.why.mojibake_before"
            raise FileRefused(Notice(key, file=file, row=number, text=repr(found.group())))
        if "\ufffd" in line:
            raise FileRefused(Notice("import.why.replacement_char", file=file, row=number))


def separator(header_line: str) -> str:
    return ";" if ";" in header_line else ","


def read_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(first))
    header = next(reader, None)
    if not header:
        raise FileRefused(Notice("import.why.no_header"))
    return header, ((reader.line_num, row) for row in reader)


def header_of(path: Path, encoding: str, name: str | None = None) -> list[str]:
    """The header row, for choosing columns in the app."""
    return read_rows(decode(path.read_bytes(), encoding, name or path.name))[0]


class CsvReader:
    dimension = None  # a CSV file's lines are the project's already (or carry its partner column)

    def __init__(
        self, path: Path, columns: dict[str, Any], encoding: str, partner_id: str | None, name: str | None = None
    ):
        self.path, self.columns, self.encoding, self.partner_id = Path(path), columns, encoding, partner_id
        self.name = name or self.path.name  # in messages and problems: the upload's name, never a temporary path
        self.table: TableReader | None = None

    @property
    def info(self):
        return self.table.info if self.table else None

    def lines(self) -> Iterator[SourceLine | Problem]:
        text = decode(self.path.read_bytes(), self.encoding, self.name)
        try:
            header, rows = read_rows(text)
        except FileRefused:
            raise FileRefused(Notice("import.why.no_header_in", file=self.name)) from None
        self.table = TableReader(self.name, "csv", header, self.columns, self.partner_id)
        try:
            yield from self.table.lines(rows)
        except csv.Error as error:
            raise FileRefused(Notice("import.why.bad_csv", file=self.name, error=str(error))) from None


def open_reader(request: ReadRequest, settings: Config) -> CsvReader:
    columns = request.columns or settings["import.csv_columns"]
    return CsvReader(request.path, columns, settings["import.csv_encoding"], request.partner_id, request.name)


def header(path: Path, settings: Config, name: str | None = None) -> list[str]:
    return header_of(path, settings["import.csv_encoding"], name)


# Plain text: the format of a file whose suffix and first bytes tell nothing else (it claims no start bytes).
FORMAT = LedgerFormat(name="csv", rank=2, suffixes=(".csv", ".txt"), open=open_reader, header=header)
