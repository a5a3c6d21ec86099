"""What every ledger reader shares: the line it yields, problems, file checks and Norwegian value parsers.

Readers turn a file into `SourceLine`s and `Problem`s and never touch the database; the import
itself (mapping, validation against the project, preview) lives in monitor/ledger/stage.py, the write in commit.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from monitor.errors import Notice

CENT = Decimal("0.01")
MINUS_SIGNS = "-\u2212"  # hyphen-minus and the typographic minus U+2212
GROUP_SEPARATORS = " \u00a0\u202f"  # space, no-break space, narrow no-break space
MAX_AMOUNT = Decimal("9999999999999999.99")  # DECIMAL(18,2)


def reason_of(error: Exception) -> str:
    """The message an error was raised with: a Notice keeps its catalog key (str(error) would drop it)."""
    return error.args[0] if error.args and isinstance(error.args[0], str) else str(error)


class FileRefused(ValueError):
    """The whole file is refused (hostile, too big, wrong format); nothing is read or written."""


class SourceLine(NamedTuple):
    """One ledger line as read from a file, before mapping. amount: + cost (debit), − credit.

    Immutable; a named tuple rather than a frozen dataclass because a large file yields hundreds of
    thousands of them and a tuple is built several times faster; staging appends its fields as they are."""

    row: int  # line number (XML) or row number (CSV/Excel) for messages
    source_key: str  # natural key, the same whichever file carries this line
    posting_date: dt.date
    year: int
    period: int
    account: str
    account_name: str | None
    amount: Decimal
    text: str | None = None
    voucher: str | None = None
    partner_id: str | None = None
    wp_code: str | None = None


@dataclass
class ReadResult:
    """Everything a reader learned from a file besides its lines (which it streams)."""

    lines_read: int = 0  # ledger lines in the file
    company_number: str | None = None  # SAF-T: the company's registration number
    schema_version: str | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_size(path: Path, max_mb: int, name: str | None = None) -> None:
    size, name = path.stat().st_size, name or path.name
    if size > max_mb * 1024 * 1024:
        raise FileRefused(Notice("import.why.too_large", file=name, size=f"{size / 1024 / 1024:.0f}", limit=max_mb))
    if size == 0:
        raise FileRefused(Notice("import.why.empty_file", file=name))


def refuse_foreign_digits(raw: str) -> None:
    """Only 0-9 are digits in a file: Python's int(), Decimal() and str.isdigit() also take Arabic-Indic (١٢٣),
    full-width (１２３) and every other Unicode digit, which would store them as 123. So every number, date,
    account and id is matched with [0-9] (never \\d), and a value holding another digit is refused saying which."""
    if raw.isascii():
        return
    for char in raw:
        if not char.isascii() and (char.isdigit() or unicodedata.category(char) == "Nd"):
            raise ValueError(
                Notice(
                    "import.why.foreign_digit",
                    value=repr(raw),
                    char=char,
                    name=unicodedata.name(char, f"U+{ord(char):04X}"),
                )
            )


_NO_COMMA_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
_GROUPED = re.compile(r"^[0-9]{1,3}([ .][0-9]{3})+$")


def nok_amount(text: str) -> Decimal:
    """An amount as Norwegian files write it, to Decimal; ValueError with the rule when it breaks it.

    Rule: optional leading minus (- or −); decimal comma (or a dot followed by one or two digits);
    space, no-break space or dot between groups of three digits; at most two decimals.
    `(100)`, `100-`, NaN, infinity and exponents are refused, and so is `12.345` (thousands or decimals?).
    """
    raw = text.strip()
    refuse_foreign_digits(raw)
    body = raw
    negative = bool(body) and body[0] in MINUS_SIGNS
    if negative or body.startswith("+"):
        body = body[1:].strip()
    for separator in GROUP_SEPARATORS:
        body = body.replace(separator, " ")
    whole, comma, decimals = body.partition(",")
    if comma:
        if not re.fullmatch(r"[0-9]+", decimals):
            raise ValueError(Notice("import.why.not_amount", value=repr(raw)))
        if len(decimals) > 2:
            raise ValueError(Notice("import.why.decimals", value=repr(raw)))
        return _signed(_whole_part(whole, raw) + "." + decimals, negative)
    if " " not in whole and _NO_COMMA_DECIMAL.match(whole):
        return _signed(whole, negative)
    if re.fullmatch(r"[0-9]{1,3}\.[0-9]{3}", whole):
        raise ValueError(Notice("import.why.ambiguous", value=repr(raw)))
    if re.fullmatch(r"[0-9]+\.[0-9]{3,}", whole):
        raise ValueError(Notice("import.why.decimals", value=repr(raw)))
    return _signed(_whole_part(whole, raw), negative)


def _whole_part(whole: str, raw: str) -> str:
    if re.fullmatch(r"[0-9]+", whole):
        return whole
    if _GROUPED.match(whole) and len({c for c in whole if c in " ."}) == 1:
        return re.sub(r"[ .]", "", whole)
    raise ValueError(Notice("import.why.amount_rule", value=repr(raw)))


def _signed(digits: str, negative: bool) -> Decimal:
    value = Decimal(digits).quantize(CENT)
    if value > MAX_AMOUNT:
        raise ValueError(Notice("import.why.too_large_amount", value=digits))
    return -value if negative else value


_XML_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_XML_PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,2})?")  # always valid: at most 16 + 2 digits


def xml_amount(text: str | None) -> Decimal:
    """An amount in SAF-T (xs:decimal, dot as decimal mark), at most two decimals."""
    raw = (text or "").strip()
    if _XML_PLAIN_AMOUNT.fullmatch(raw):  # the common case, in one test; the rest explain what is wrong
        return Decimal(raw).quantize(CENT)
    refuse_foreign_digits(raw)
    if not _XML_DECIMAL.fullmatch(raw):
        raise ValueError(Notice("import.why.not_an_amount", value=repr(raw)))
    value = Decimal(raw)
    if value != value.quantize(CENT):
        raise ValueError(Notice("import.why.decimals", value=repr(raw)))
    if abs(value) > MAX_AMOUNT:
        raise ValueError(Notice("import.why.too_large_amount", value=repr(raw)))
    return value.quantize(CENT)


def nb_date(text: str) -> dt.date:
    """dd.mm.yyyy (day and month may have one digit) or ISO yyyy-mm-dd; impossible dates refused."""
    raw = text.strip()
    refuse_foreign_digits(raw)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        parts = [int(p) for p in raw.split("-")]
        year, month, day = parts
    elif re.fullmatch(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}", raw):
        day, month, year = (int(p) for p in raw.split("."))
    else:
        raise ValueError(Notice("import.why.not_date", value=repr(raw)))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(Notice("import.why.not_real_date", value=repr(raw))) from None


def clean_text(value: str | None, limit: int = 500) -> str | None:
    """Imported text is stored verbatim (exports neutralise formulas), only trimmed and capped."""
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] or None


def natural_key(prefix: str, *parts: object) -> str:
    """A readable, stable key for a source line; hashed when it would be long."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{prefix}:{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:32]}"


def xml_error(error: Exception) -> str:
    """Where and what an lxml parse error is, from the parser's own log: an iterparse error's message is often
    "no element found" at line 0 while the log holds the real one (an undeclared entity at line 54). The log's
    last error is this parse's; the file's name on the server is never part of it."""
    entries = [entry for entry in getattr(error, "error_log", []) or [] if entry.level_name in ("ERROR", "FATAL")]
    if entries:
        last = entries[-1]
        return f"line {last.line}, column {last.column}: {last.message.strip()}"
    line, column = getattr(error, "position", None) or (0, 0)
    message = (getattr(error, "msg", "") or "").strip() or "malformed XML"
    return f"line {line}, column {column}: {message}" if line else message
