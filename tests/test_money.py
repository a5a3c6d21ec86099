"""money.share: the one rounding rule of shares and percentages (issue 14: it was written three ways)."""

from decimal import Decimal

from monitor.money import share


def test_a_share_has_four_places_rounded_half_up():
    assert share(Decimal(1), Decimal(3)) == Decimal("0.3333")
    assert share(Decimal(2), Decimal(3)) == Decimal("0.6667")
    assert share(Decimal(1), Decimal(8)) == Decimal("0.1250")
    # 1 / 20 000 = 0.00005 exactly: half up gives 0.0001 (half to even, one of the three old rules, gave 0.0000)
    assert share(Decimal(1), Decimal(20000)) == Decimal("0.0001")
    assert share(Decimal("-1.50"), Decimal("4.00")) == Decimal("-0.3750")


def test_no_share_of_nothing():
    assert share(Decimal(5), Decimal(0)) is None
    assert share(Decimal(0), Decimal("0.00")) is None


def test_a_table_with_fewer_decimals_rounds_once():
    # 12.345 % printed with one decimal: 12.3 when rounded once; rounding to four places first (0.1235) and then
    # to one decimal would print 12.4.
    assert share(Decimal("12345"), Decimal("100000"), places=Decimal("0.001")) == Decimal("0.123")
    assert share(Decimal("12355"), Decimal("100000"), places=Decimal("0.001")) == Decimal("0.124")


def test_split_rounds_down_and_puts_the_ore_left_over_on_the_last_part():
    from monitor.money import split

    # 100 / 3 = 33.333..: 33.33 + 33.33, the last 100 − 66.66 = 33.34
    assert split(Decimal("100.00"), [1, 1, 1]) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    # 2 298 000 × 4/11 = 835 636.3636.. twice, the last 2 298 000 − 1 671 272.72 = 626 727.28
    assert split(Decimal("2298000"), [4, 4, 3]) == [Decimal("835636.36"), Decimal("835636.36"), Decimal("626727.28")]
    assert split(Decimal("10.00"), [0, 1]) == [Decimal("0.00"), Decimal("10.00")]
    assert split(Decimal("10.00"), [0, 0]) == [Decimal("0.00"), Decimal("10.00")]  # no weight: all on the last
    assert split(Decimal("10.00"), []) == []
