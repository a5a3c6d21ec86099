"""The readers' shared parsers (monitor/ledger/readers/common.py): amounts and dates in Norwegian conventions."""

import datetime as dt
from decimal import Decimal

import pytest

from monitor.ledger.readers.common import nb_date, nok_amount


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234,50", "1234.50"),
        ("1\u00a0234,50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1234,5", "1234.50"),
        ("−100", "-100.00"),
        ("-100,00", "-100.00"),
        ("1234.50", "1234.50"),
        ("1.234.567", "1234567.00"),
        ("12 345 678,90", "12345678.90"),
        ("0", "0.00"),
        ("+5", "5.00"),
    ],
)
def test_amounts_by_the_documented_rule(text, expected):
    assert nok_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["12,345", "12.345", "(100)", "100-", "", "NaN", "inf", "1e309", "1 23,00", "1,2,3", "12.3456", "abc", "1.234.5"],
)
def test_amounts_refused(text):
    with pytest.raises(ValueError):
        nok_amount(text)


@pytest.mark.parametrize(
    "text, expected",
    [("05.01.2024", dt.date(2024, 1, 5)), ("5.1.2024", dt.date(2024, 1, 5)), ("2024-01-05", dt.date(2024, 1, 5))],
)
def test_dates(text, expected):
    assert nb_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2025", "05.01.24", "45678", "2024/01/05", "2024-13-01"])
def test_dates_refused(text):
    with pytest.raises(ValueError):
        nb_date(text)
