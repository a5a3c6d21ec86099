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
