"""Excel (.xlsx) ledger exports: the first sheet, header in row 1, through the same rules as CSV.

The workbook is read by monitor/ledger/readers/workbook.py: checked before openpyxl sees it (a zip, no macros
(xlsm), no zip bomb), its shared strings read streaming under a cap on the bytes expanded, its sheet
streamed, so memory stays bounded whatever the file. openpyxl parses its XML with defusedxml (installed), so
entity expansion inside the workbook is refused too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from monitor.config import Config
from monitor.errors import Notice, Problem
from monitor.ledger.readers.common import FileRefused, SourceLine
from monitor.ledger.readers.interface import LedgerFormat, ReadRequest
from monitor.ledger.readers.tabular import TableReader
from monitor.ledger.readers.workbook import WorkbookRefused, sheet_rows

MIN_UNPACKED_LIMIT = 64 * 1024 * 1024

# A refusal's kind (workbook.py) -> its message in the import catalog.
MESSAGES = {
    "not_xlsx": "import.why.not_xlsx",
    "damaged": "import.why.damaged_xlsx",
    "macros": "import.why.macros",
    "not_workbook": "import.why.zip_not_xlsx",
    "zip_bomb": "import.why.zip_bomb",
    "part_too_large": "import.why.xlsx_part_too_large",
    "unreadable": "import.why.unreadable_xlsx",
    "no_sheet": "import.why.no_sheet",
    "unsafe_sheet": "import.why.unsafe_sheet",
}


def unpacked_limit(max_mb: int) -> int:
    return max(MIN_UNPACKED_LIMIT, max_mb * 1024 * 1024)


def _rows(path: Path, max_mb: int, name: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet; a refused workbook becomes FileRefused naming the file by `name`
    (the upload's name in the app, never the temporary file's path)."""
    try:
        yield from enumerate(sheet_rows(Path(path), unpacked_limit(max_mb)), start=1)
    except WorkbookRefused as refused:
        raise FileRefused(Notice(MESSAGES[refused.kind], file=name, **refused.values)) from None


class XlsxReader:
    dimension = None

    def __init__(
        self, path: Path, columns: dict[str, Any], max_mb: int, partner_id: str | None, name: str | None = None
    ):
        self.path, self.columns, self.max_mb, self.partner_id = Path(path), columns, max_mb, partner_id
        self.name = name or self.path.name
        self.table: TableReader | None = None

    @property
    def info(self):
        return self.table.info if self.table else None

    def lines(self) -> Iterator[SourceLine | Problem]:
        rows = _rows(self.path, self.max_mb, self.name)
        try:
            header = next(rows, (1, []))[1]
            self.table = TableReader(self.name, "xlsx", header, self.columns, self.partner_id)
            yield from self.table.lines(rows)
        finally:
            rows.close()


def header_of(path: Path, max_mb: int, name: str | None = None) -> list[str]:
    rows = _rows(path, max_mb, name or Path(path).name)
    try:
        return [str(c) if c is not None else "" for c in next(rows, (1, []))[1]]
    finally:
        rows.close()


def open_reader(request: ReadRequest, settings: Config) -> XlsxReader:
    columns = request.columns or settings["import.csv_columns"]
    return XlsxReader(request.path, columns, settings["import.max_file_mb"], request.partner_id, request.name)


def header(path: Path, settings: Config, name: str | None = None) -> list[str]:
    return header_of(path, settings["import.max_file_mb"], name)


FORMAT = LedgerFormat(
    name="xlsx",
    rank=3,
    suffixes=(".xlsx",),
    starts=(b"PK",),  # a zip
    refused_suffixes={".xlsm": "import.why.xlsm"},  # a workbook with macros, refused by its name
    open=open_reader,
    header=header,
)
