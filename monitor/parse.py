"""Strict parsers for values read from files: each returns the value or raises ValueError with a reason.

No float ever touches money: amounts go straight from text to Decimal. Only the ASCII digits 0-9 are digits:
Python's \\d, int() and Decimal() also take Arabic-Indic (١٢٣) or full-width (１２３)
digits as 123, so every pattern spells [0-9].
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_PLAIN_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def money(text: str) -> Decimal:
    """A plain decimal amount with at most two decimals ('1234.50', '-10')."""
    text = text.strip()
    if not _PLAIN_AMOUNT.fullmatch(text):
        raise ValueError(f"{text!r} is not an amount like 1234.50 (dot as decimal mark, at most two decimals)")
    return Decimal(text).quantize(Decimal("0.01"))


def decimal(text: str) -> Decimal:
    """A plain decimal number ('7.5', '-3'); NaN, infinity, exponents and non-ASCII digits refused."""
    if not _DECIMAL.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not a number like 7.5 (digits 0-9, dot as decimal mark)")
    try:
        return Decimal(text.strip())
    except InvalidOperation:  # cannot happen after the pattern; kept so no error other than ValueError escapes
        raise ValueError(f"{text!r} is not a number") from None


def iso_date(text: str) -> dt.date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD") from None


def whole_number(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]+", text.strip()):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "ja", "1"):
        return True
    if lowered in ("false", "no", "nei", "0"):
        return False
    raise ValueError(f"{text!r} is not true or false")
