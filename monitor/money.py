"""Exact sums of Decimal amounts. Money never passes through float; round only for display."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")  # a share to four places: 0.1234 = 12.34 %


def total(amounts: Iterable) -> Decimal:
    import pandas as pd  # here, not at the top: the login form reads the config, which imports this module

    return sum((Decimal(a) for a in amounts if a is not None and not pd.isna(a)), ZERO).quantize(CENT)


def sum_by(frame: pd.DataFrame, key: str, amount: str = "amount") -> dict[str, Decimal]:
    """{key value as text: exact sum}, keys sorted; a missing key value is grouped under ''."""
    import pandas as pd

    sums: dict[str, Decimal] = {}
    for value, part in zip(frame[key].tolist(), frame[amount].tolist(), strict=True):
        name = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        sums[name] = sums.get(name, ZERO) + Decimal(part)
    return {name: sums[name].quantize(CENT) for name in sorted(sums)}


def as_text(amount: Decimal | None) -> str | None:
    """The JSON form of an amount: an exact decimal string with two places ("15102000.00")."""
    return None if amount is None else str(Decimal(amount).quantize(CENT))


def share(part: Decimal, whole: Decimal, places: Decimal = SHARE_PLACES) -> Decimal | None:
    """part / whole as a fraction to four places, half up (0.1234 = 12.34 %); None when the whole is zero (no
    share of nothing). The one rounding rule of every share and percentage the app shows or decides by; a table
    that prints fewer decimals asks for fewer `places` (rounded once, never twice)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(places, ROUND_HALF_UP)


def split(amount: Decimal, weights: Iterable[int]) -> list[Decimal]:
    """`amount` in parts proportional to `weights` (whole numbers, such as months), to the øre: every part but
    the last rounded down, the last the rest, so the parts add up to the amount exactly and the øre left over
    land on the last part. A zero weight gets nothing; with no weight at all, the whole amount on the last."""
    weights = [int(w) for w in weights]
    whole, amount = sum(weights), Decimal(amount).quantize(CENT)
    if not weights:
        return []
    if whole <= 0:
        return [ZERO] * (len(weights) - 1) + [amount]
    parts = [(amount * w / whole).quantize(CENT, ROUND_DOWN) for w in weights[:-1]]
    return [*parts, (amount - sum(parts, ZERO)).quantize(CENT)]


# Sums over many rows are done in whole øre (int64), exactly, and turned back into Decimal NOK once.


def to_ore(amount) -> int:
    """Decimal NOK -> whole øre, exactly. DECIMAL(18,2) values take the fast path (x 100 is whole)."""
    if isinstance(amount, Decimal):
        scaled = amount * 100
        whole = int(scaled)
        if whole == scaled:
            return whole
    return int(Decimal(amount).quantize(CENT) * 100)


def to_ore_column(amounts) -> list[int]:
    return [to_ore(a) for a in amounts]


def from_ore(ore_amount: int) -> Decimal:
    """Whole øre -> Decimal NOK with two places."""
    return (Decimal(int(ore_amount)) / 100).quantize(CENT)
