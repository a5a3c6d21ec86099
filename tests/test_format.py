import datetime as dt
from decimal import Decimal

import pytest

from monitor import format as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "amount, lang, text",
    [
        (Decimal("15102000"), "nb", f"15{NBSP}102{NBSP}000{NBSP}kr"),
        (Decimal("15102000"), "en", f"NOK{NBSP}15,102,000"),
        (Decimal("-603603.49"), "nb", f"-603{NBSP}603{NBSP}kr"),
        (Decimal("0.50"), "nb", f"1{NBSP}kr"),  # half-up to whole kroner for display
        (None, "nb", "–"),
    ],
)
def test_nok(amount, lang, text):
    assert fmt.nok(amount, lang) == text


@pytest.mark.parametrize(
    "amount, lang, text",
    [
        (Decimal("15102000"), "nb", f"15,1{NBSP}mill.{NBSP}kr"),
        (Decimal("15102000"), "en", f"NOK{NBSP}15.1m"),
        (Decimal("12345678"), "nb", f"12,3{NBSP}mill.{NBSP}kr"),
        (Decimal("950000"), "nb", f"950{NBSP}000{NBSP}kr"),
    ],
)
def test_nok_compact(amount, lang, text):
    assert fmt.nok_compact(amount, lang) == text


def test_percent_and_date():
    import datetime as dt

    assert fmt.percent(Decimal("0.956"), "nb") == f"96{NBSP}%"
    assert fmt.percent(Decimal("0.956"), "en", 1) == "95.6%"
    assert fmt.date(dt.date(2025, 11, 30), "nb") == "30.11.2025"
    assert fmt.date(dt.date(2025, 11, 30), "en") == "30 Nov 2025"


def test_a_month_in_running_text():
    assert fmt.month(dt.date(2024, 4, 1), "nb") == "april 2024"
    assert fmt.month(dt.date(2024, 4, 30), "en") == "April 2024"


def test_numbers_are_as_babel_formats_them():
    # format.number groups with Python and swaps in the language's symbols; babel's own formatting is the reference
    import random

    random.seed(19)
    values = [Decimal(0), Decimal("-0.004"), Decimal("0.005"), Decimal("-1234.5"), Decimal("999.995"), 0.1, -7]
    values += [Decimal(random.randint(-(10**12), 10**12)) / Decimal(10 ** random.randint(0, 4)) for _ in range(2000)]
    for lang in ("nb", "en"):
        for decimals in (0, 1, 2):
            assert [fmt.number(v, lang, decimals) for v in values] == [
                fmt.babel_number(v, lang, decimals) for v in values
            ]
