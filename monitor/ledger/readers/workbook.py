"""Excel workbooks (.xlsx) read safely and in bounded memory: the ledger import and the register imports.

openpyxl's read-only mode streams a worksheet, but reads the rest of a workbook whole: the shared strings
(every distinct text of the workbook, often most of its bytes) as one Python string each, and the styles,
the workbook and its relations as XML trees. A workbook under every size and ratio cap can still expand to
hundreds of MB there (shared strings compress 75:1), so before and while openpyxl reads:

- the zip is checked: an xlsx (xl/workbook.xml), no macros, no member over MAX_RATIO, and no more unpacked in
  all than the caller's limit;
- every XML part openpyxl reads whole (all but the worksheets and the shared strings) may declare at most
  MAX_PART_BYTES; zipfile stops reading a member at its declared size, so a false declaration cannot pass;
- the shared strings are read here, streaming, counting their bytes as they are expanded: past
  MAX_SHARED_STRINGS_BYTES the file is refused, whatever the zip declared. They are kept as UTF-8 in blocks
  (SharedStrings), a few bytes per string beyond its text where a Python string costs about fifty.

Every refusal is a WorkbookRefused naming its kind; each import tells it in its own catalog.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from lxml import etree

from monitor.ledger.readers.common import xml_error

MAX_RATIO = 100  # uncompressed / compressed per member; real sheets compress about 5-20x
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024  # a million rows of distinct 30-character texts; the CLI stays < 300 MB
MAX_PART_BYTES = (
    1024 * 1024
)  # styles, workbook, relations: real ones are tens of kB; openpyxl makes a 1 MB styles.xml ~30 MB of objects
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SI, _T, _R = f"{{{MAIN_NS}}}si", f"{{{MAIN_NS}}}t", f"{{{MAIN_NS}}}r"
_XML_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


class WorkbookRefused(Exception):  # noqa: N818 - read as "the workbook is refused"
    """Why a workbook is not read: `kind` (not_xlsx, damaged, macros, not_workbook, zip_bomb, part_too_large,
    unreadable, no_sheet, unsafe_sheet) and the values its message needs. Not a ValueError: openpyxl wraps those
    in a message of its own that names the file's path on the server."""

    def __init__(self, kind: str, **values: Any):
        super().__init__(kind, values)
        self.kind, self.values = kind, values


Source = Path | bytes


def sheet_rows(source: Source, max_unpacked: int) -> Iterator[list[Any]]:
    """The first worksheet's rows, as lists of cell values, read streaming; the workbook is closed when the
    iteration ends or is closed. Raises WorkbookRefused, never another error, for a file it will not read."""
    with _opened(source) as handle:
        check(handle, max_unpacked)
        workbook = _load(handle)
        try:
            if not workbook.worksheets:
                raise WorkbookRefused("no_sheet")
            try:
                for row in workbook.worksheets[0].iter_rows(values_only=True):
                    yield list(row)
            except WorkbookRefused:
                raise
            except Exception as error:  # a sheet's XML can be hostile or broken; said, never a traceback
                raise WorkbookRefused("unsafe_sheet", error=describe(error)) from None
        finally:
            workbook.close()


@contextmanager
def _opened(source: Source) -> Iterator[IO[bytes]]:
    # openpyxl gets an open file, not a path: it would refuse a path without an Excel suffix, and put the path
    # (on the server, a temporary one) into its messages.
    if isinstance(source, bytes):
        yield io.BytesIO(source)
        return
    with Path(source).open("rb") as handle:
        yield handle


def check(handle: IO[bytes], max_unpacked: int) -> None:
    """Refuse what is not an xlsx, carries macros, or would unpack beyond the caps; before openpyxl sees it."""
    if handle.read(4) != b"PK\x03\x04":
        raise WorkbookRefused("not_xlsx")
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookRefused("damaged", error=describe(error)) from None
    finally:
        handle.seek(0)
    names = {m.filename.lower() for m in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused("macros")
    if "xl/workbook.xml" not in names:
        raise WorkbookRefused("not_workbook")
    unpacked = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if unpacked > max_unpacked or ratio > MAX_RATIO:
        raise WorkbookRefused(
            "zip_bomb", size=f"{unpacked / 1024 / 1024:.0f}", ratio=f"{ratio:.0f}", limit=max_unpacked // (1024 * 1024)
        )
    for member in members:
        if _read_whole(member.filename) and member.file_size > MAX_PART_BYTES:
            raise WorkbookRefused("part_too_large", part=member.filename, limit=MAX_PART_BYTES // (1024 * 1024))


def _read_whole(name: str) -> bool:
    """An XML part openpyxl parses whole in read-only mode (the worksheets stream; the shared strings are ours)."""
    lowered = name.lower()
    return (
        lowered.endswith((".xml", ".rels"))
        and not lowered.startswith("xl/worksheets/sheet")
        and not lowered.endswith("sharedstrings.xml")
    )


def _load(handle: IO[bytes]):
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class Reader(ExcelReader):
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                self.shared_strings = read_shared_strings(self.archive, part.PartName[1:])

    try:
        reader = Reader(handle, read_only=True, data_only=True, keep_links=False)
        reader.read()
    except WorkbookRefused:
        raise
    except Exception as error:  # openpyxl and defusedxml raise many kinds; all mean "cannot read safely"
        cause = error.__cause__ if isinstance(error.__cause__, WorkbookRefused) else None
        if cause is not None:
            raise cause from None
        raise WorkbookRefused("unreadable", error=describe(error)) from None
    return reader.wb


def describe(error: BaseException) -> str:
    """An error as one short line: the innermost cause (openpyxl wraps the real one in three sentences naming
    the file's path), its type and the first line of its message."""
    while error.__cause__ is not None:
        error = error.__cause__
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else ""
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# --- shared strings ----------------------------------------------------------------------------------


class SharedStrings:
    """The workbook's shared strings as UTF-8, BLOCK strings to a bytes object, with their end offsets: memory
    follows the text read (which is capped), not the number of strings. Indexed like openpyxl's list."""

    BLOCK = 4096

    def __init__(self) -> None:
        self._blocks: list[bytes] = []
        self._ends: list[array] = []
        self._pending: list[str] = []
        self._count = 0

    def append(self, text: str) -> None:
        self._pending.append(text)
        self._count += 1
        if len(self._pending) == self.BLOCK:
            self._seal()

    def _seal(self) -> None:
        encoded = [text.encode("utf-8") for text in self._pending]
        self._blocks.append(b"".join(encoded))
        self._ends.append(array("Q", itertools.accumulate(map(len, encoded))))
        self._pending = []

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < self._count:  # a cell may name any number; a list would take -1 as the last
            raise IndexError(f"no shared string {index} (the workbook has {self._count})")
        block, position = divmod(index, self.BLOCK)
        if block == len(self._blocks):
            return self._pending[position]
        ends = self._ends[block]
        start = ends[position - 1] if position else 0
        return self._blocks[block][start : ends[position]].decode("utf-8")


class _Capped(io.RawIOBase):
    """A member being expanded, read through a count: past `limit` bytes it ends early and says so."""

    def __init__(self, stream: IO[bytes], limit: int):
        self.stream, self.limit, self.read_bytes, self.exceeded = stream, limit, 0, False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.exceeded:
            return b""
        data = self.stream.read(min(size if size and size > 0 else 1 << 16, 1 << 20))
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            self.exceeded = True
            return b""
        return data


def read_shared_strings(archive: zipfile.ZipFile, part: str, limit: int | None = None) -> SharedStrings:
    """Each <si>'s text as openpyxl reads it (its <t>, or the <t>s of its runs; phonetic hints left out)."""
    limit = MAX_SHARED_STRINGS_BYTES if limit is None else limit
    strings = SharedStrings()
    with archive.open(part) as member:
        source = _Capped(member, limit)
        try:
            for _, si in etree.iterparse(source, events=("end",), tag=_SI, **_XML_OPTIONS):
                if si.getroottree().docinfo.doctype:
                    raise WorkbookRefused("unreadable", error="the shared strings have a DTD (<!DOCTYPE>)")
                strings.append(_si_text(si))
                si.clear()
                while si.getprevious() is not None:  # the <si>s read so far: the tree stays small
                    del si.getparent()[0]
        except etree.XMLSyntaxError as error:
            if not source.exceeded:
                raise WorkbookRefused("unreadable", error=xml_error(error)) from None
        if source.exceeded:
            raise WorkbookRefused("part_too_large", part=part, limit=limit // (1024 * 1024))
    return strings


def _si_text(si) -> str:
    parts = []
    for child in si:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child.iterchildren(_T))
    return "".join(parts).replace("x005F_", "")  # as openpyxl does
