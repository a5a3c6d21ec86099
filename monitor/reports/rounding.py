"""Rounding amounts for a funder's form so that the rounded rows add up to the rounded total.

Rounding each row on its own can leave the rows a unit off their rounded total (three rows of
NOK 333.33 round to 0 + 0 + 0 thousand against a total of 1 thousand). The largest-remainder method
(Hamilton) rounds every row down, then gives the missing units to the rows that lost the most.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal


def round_total(value: Decimal, step: Decimal) -> Decimal:
    """value to the nearest multiple of step, halves away from zero (how a total is rounded on its own)."""
    return (Decimal(value) / step).quantize(Decimal(1), ROUND_HALF_UP) * step


def largest_remainder(values: Sequence[Decimal], step: Decimal, target: Decimal | None = None) -> list[Decimal]:
    """Each value rounded to a multiple of step, the parts adding up to target.

    target defaults to the exact sum rounded half away from zero; a caller rounding nested groups
    passes the group's own rounded total. It must lie between the sums of the rows rounded down and
    rounded up, which holds for any rounding of the exact sum to a neighbouring multiple.
    Ties go to the earlier row, so the result does not depend on anything but the order given.
    """
    units = [Decimal(v) / step for v in values]
    floors = [u.to_integral_value(ROUND_FLOOR) for u in units]
    goal = round_total(sum(units, Decimal(0)) * step, step) if target is None else Decimal(target)
    missing = int(goal / step - sum(floors, Decimal(0)))
    if not 0 <= missing <= len(values):
        raise ValueError(f"target {target} cannot be reached by rounding {list(values)} to {step}")
    order = sorted(range(len(units)), key=lambda i: (-(units[i] - floors[i]), i))
    for index in order[:missing]:
        floors[index] += 1
    return [f * step for f in floors]
