"""Strict parsers for values read from files: each returns the value or raises ValueError with a reason.

No float ever touches money: amounts go straight from text to Decimal.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_PLAIN_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


def money(text: str) -> Decimal:
    """A plain decimal amount with at most two decimals ('1234.50', '-10')."""
    text = text.strip()
    if not _PLAIN_AMOUNT.match(text):
        raise ValueError(f"{text!r} is not an amount like 1234.50 (dot as decimal mark, at most two decimals)")
    return Decimal(text).quantize(Decimal("0.01"))


def decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return value


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD") from None


def whole_number(text: str) -> int:
    if not re.fullmatch(r"-?\d+", text.strip()):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "ja", "1"):
        return True
    if lowered in ("false", "no", "nei", "0"):
        return False
    raise ValueError(f"{text!r} is not true or false")
