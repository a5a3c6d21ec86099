"""What a ledger format is, in one object each reader module declares as `FORMAT` (the registry in
monitor/ledger/readers/__init__.py collects them): its name, how a file is recognised, how a reader is opened
and, for formats with columns, how the header row is read for choosing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from monitor.config import Config
from monitor.errors import Problem
from monitor.ledger.readers.common import ReadResult, SourceLine


class ReadRequest(Protocol):
    """What a reader is opened with: the import's request (monitor.ledger.stage.ImportRequest) fits it."""

    path: Path
    project_id: str
    partner_id: str | None
    dimension: str | None
    columns: dict[str, Any] | None

    @property
    def name(self) -> str: ...  # the file's name in messages (the upload's name, never a temporary path)


class LedgerReader(Protocol):
    """Streams a file's lines; `info` is filled as it reads. `dimension` (TYPE:ID) is the one a SAF-T reader
    selects lines by, None for a format without dimensions."""

    dimension: tuple[str, str] | None

    @property
    def info(self) -> ReadResult | None: ...

    def lines(self) -> Iterator[SourceLine | Problem]: ...


@dataclass(frozen=True)
class LedgerFormat:
    name: str  # the name in --format, the batch list and the catalog's import.format.<name>
    rank: int  # place in the list of formats (the CLI's choices, the upload's file types)
    suffixes: tuple[str, ...]  # file suffixes that tell the format, lower case with the dot
    open: Callable[[ReadRequest, Config], LedgerReader]  # raises FileRefused for options it cannot read with
    starts: tuple[bytes, ...] = ()  # what the file begins with (after a BOM and blanks) when its suffix tells nothing;
    # the one format claiming nothing (plain text: CSV) is taken when no other's start matches
    refused_suffixes: dict[str, str] | None = None  # suffix -> catalog key of why such a file is refused by name
    header: Callable[[Path, Config, str | None], list[str]] | None = None  # the header row, for choosing columns
    dimensions: Callable[[Path, str | None], dict[str, int]] | None = None  # the file's dimensions (TYPE:ID -> lines),
    # named when the chosen one matched nothing
