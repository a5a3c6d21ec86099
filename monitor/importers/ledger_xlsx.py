"""Excel (.xlsx) ledger exports: the first sheet, header in row 1, through the same rules as CSV.

Checked before openpyxl sees the file: it must be a zip (xlsx), carry no macros (xlsm), and not
unpack to more than a bounded size or ratio (zip bombs). openpyxl parses its XML with defusedxml
(installed), so entity expansion inside the workbook is refused too.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from monitor.importers.common import FileRefused, Notice, Problem, SourceLine
from monitor.importers.tabular import TableReader

MAX_RATIO = 100  # uncompressed / compressed per member; real sheets compress about 5-20x
MIN_UNPACKED_LIMIT = 64 * 1024 * 1024


def check_workbook(path: Path, max_mb: int) -> None:
    with path.open("rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            raise FileRefused(Notice("import.why.not_xlsx", file=path.name))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise FileRefused(Notice("import.why.damaged_xlsx", file=path.name, error=str(error))) from None
    names = {m.filename.lower() for m in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise FileRefused(Notice("import.why.macros", file=path.name))
    if "xl/workbook.xml" not in names:
        raise FileRefused(Notice("import.why.zip_not_xlsx", file=path.name))
    _refuse_bomb(path, members, max_mb)


def _refuse_bomb(path: Path, members: list[zipfile.ZipInfo], max_mb: int) -> None:
    limit = max(MIN_UNPACKED_LIMIT, max_mb * 1024 * 1024)
    unpacked = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if unpacked > limit or ratio > MAX_RATIO:
        raise FileRefused(Notice("import.why.zip_bomb", file=path.name, size=f"{unpacked / 1024 / 1024:.0f}",
                                 ratio=f"{ratio:.0f}"))


def _rows(sheet) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, list(row)


class XlsxReader:
    def __init__(self, path: Path, columns: dict[str, Any], max_mb: int, partner_id: str | None):
        self.path, self.columns, self.max_mb, self.partner_id = Path(path), columns, max_mb, partner_id
        self.table: TableReader | None = None

    @property
    def info(self):
        return self.table.info if self.table else None

    def lines(self) -> Iterator[SourceLine | Problem]:
        check_workbook(self.path, self.max_mb)
        workbook = _open(self.path)
        try:
            rows = _rows(workbook.worksheets[0])
            header = next(rows, (1, []))[1]
            self.table = TableReader(self.path.name, "xlsx", header, self.columns, self.partner_id)
            yield from self.table.lines(_guarded(rows, self.path))
        finally:
            workbook.close()


def header_of(path: Path, max_mb: int) -> list[str]:
    check_workbook(path, max_mb)
    workbook = _open(path)
    try:
        return [str(c) if c is not None else "" for c in next(_rows(workbook.worksheets[0]), (1, []))[1]]
    finally:
        workbook.close()


def _open(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl and defusedxml raise many kinds; all mean "cannot read safely"
        raise FileRefused(Notice("import.why.unreadable_xlsx", file=path.name,
                                 error=f"{type(error).__name__}: {error}")) from None


def _guarded(rows, path: Path):
    try:
        yield from rows
    except Exception as error:  # a sheet's XML can be hostile or broken; say so instead of a traceback
        raise FileRefused(Notice("import.why.unsafe_sheet", file=path.name,
                                 error=f"{type(error).__name__}: {error}")) from None
