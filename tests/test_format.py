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
