"""The ledger formats, collected from the reader modules of this package: every module declaring a `FORMAT`
(a LedgerFormat) is one. A new format is one new module here; the import, the command line's choices and the
upload's file types all ask this registry.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

from monitor.config import Config
from monitor.errors import Notice
from monitor.ledger.readers.common import FileRefused
from monitor.ledger.readers.interface import LedgerFormat, LedgerReader, ReadRequest

SNIFF_BYTES = 64


@cache
def _registry() -> dict[str, LedgerFormat]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        declared = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FORMAT", None)
        if isinstance(declared, LedgerFormat):
            found.append(declared)
    plain = [f.name for f in found if not f.starts]
    if len(plain) != 1:
        raise RuntimeError(f"exactly one ledger format may claim no start bytes (the fallback), not {plain}")
    return {f.name: f for f in sorted(found, key=lambda f: f.rank)}


def formats() -> tuple[str, ...]:
    """The formats' names, in their rank order: saft, csv, xlsx."""
    return tuple(_registry())


def suffixes() -> tuple[str, ...]:
    """Every suffix a format is told by (with the dot), in rank order: what an upload may be."""
    return tuple(suffix for f in _registry().values() for suffix in f.suffixes)


def get(fmt: str) -> LedgerFormat:
    """The format named fmt; FileRefused (naming the known ones) for any other name."""
    if fmt not in _registry():
        raise FileRefused(Notice("import.why.unknown_format", format=repr(fmt), formats=", ".join(formats())))
    return _registry()[fmt]


def detect_format(path: Path, fmt: str | None, name: str | None = None) -> str:
    """The format given, else the one the file's suffix tells, else the one its first bytes tell."""
    if fmt:
        return get(fmt).name
    suffix = Path(path).suffix.lower()
    for known in _registry().values():
        if suffix in (known.refused_suffixes or {}):
            raise FileRefused(Notice(known.refused_suffixes[suffix], file=name or Path(path).name))
    for known in _registry().values():
        if suffix in known.suffixes:
            return known.name
    with Path(path).open("rb") as handle:
        start = handle.read(SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
    sniffed = [f.name for f in _registry().values() if any(start.startswith(s) for s in f.starts)]
    return sniffed[0] if sniffed else next(f.name for f in _registry().values() if not f.starts)


def open_reader(fmt: str, request: ReadRequest, settings: Config) -> LedgerReader:
    return get(fmt).open(request, settings)


def file_header(path: Path, fmt: str, settings: Config, name: str | None = None) -> list[str]:
    """The header row of a file in a format with columns (CSV, Excel), for choosing them; [] for one without
    (SAF-T). Messages name the file by `name`."""
    header = get(fmt).header
    return header(Path(path), settings, name) if header else []


def takes_dimension(fmt: str) -> bool:
    """Whether the format selects a project's lines by an analysis dimension (SAF-T)."""
    return fmt in _registry() and _registry()[fmt].dimensions is not None
