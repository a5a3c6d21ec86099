"""Largest-remainder rounding, table-driven; every expected list worked out by hand in the comment."""

from decimal import Decimal as D

import pytest

from monitor.reports.rounding import largest_remainder, round_total


@pytest.mark.parametrize(
    ("values", "step", "target", "expected"),
    [
        # 1.4 + 1.4 + 1.2 = 4.0: floors 1, 1, 1 (= 3); one unit to the largest remainder .4 (the first of the tie)
        ([D("1.4"), D("1.4"), D("1.2")], D(1), None, [D(2), D(1), D(1)]),
        # three thirds of NOK 1,000: floors 0, 0, 0; the total rounds to 1 thousand; .33334 is the largest remainder
        ([D("333.33"), D("333.33"), D("333.34")], D(1000), None, [D(0), D(0), D(1000)]),
        # a credit: -1.5 + 2.7 = 1.2 -> 1; floors -2 and 2 (= 0); remainders .5 and .7, the unit goes to 2.7
        ([D("-1.5"), D("2.7")], D(1), None, [D(-2), D(3)]),
        # already whole øre: nothing moves
        ([D("10.00"), D("20.00")], D("0.01"), None, [D("10.00"), D("20.00")]),
        # a nested group whose rounded total was given from above: 1.5 + 1.5 to 2 -> 1 + 1; to 3 -> 2 + 1
        ([D("1.5"), D("1.5")], D(1), D(2), [D(1), D(1)]),
        ([D("1.5"), D("1.5")], D(1), D(3), [D(2), D(1)]),
        # thousands: 20.000 + 12.120 + 169.196 = 201.316 -> 201; floors 20, 12, 169 = 201: nothing to add
        ([D("20000"), D("12120"), D("169196")], D(1000), None, [D(20000), D(12000), D(169000)]),
        # 0.6 + 0.6 + 0.6 = 1.8 -> 2: each alone would round to 1 (sum 3); floors 0, the first two get a unit
        ([D("0.6"), D("0.6"), D("0.6")], D(1), None, [D(1), D(1), D(0)]),
        ([], D(1), None, []),
    ],
)
def test_largest_remainder(values, step, target, expected):
    result = largest_remainder(values, step, target)
    assert result == expected
    assert sum(result, D(0)) == (round_total(sum(values, D(0)), step) if target is None else target)


def test_half_rounds_away_from_zero():
    assert round_total(D("2.5"), D(1)) == D(3)
    assert round_total(D("-2.5"), D(1)) == D(-3)
    assert round_total(D("1500"), D(1000)) == D(2000)


def test_unreachable_target_is_refused():
    with pytest.raises(ValueError):
        largest_remainder([D("1.2")], D(1), D(5))
