"""Planned against actual, and attribution of actual cost to funding sources."""

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.budget import phasing, pivot

START, END = dt.date(2023, 1, 1), dt.date(2024, 12, 31)
FUNDING = pd.DataFrame(
    {
        "year": [2023, 2023],
        "funding_source": ["own", "funder"],
        "partner_id": ["p", "p"],
        "amount": [D("100.00"), D("300.00")],
    }
)


def _actual(*rows):
    return pd.DataFrame(rows, columns=["source", "year", "cost_category", "partner_id", "wp_code", "amount"])


def test_attribution_splits_exactly_and_in_kind_is_own():
    actual = _actual(
        ("ledger", 2023, "equipment", "p", None, D("1000.01")),
        ("ledger", 2023, "equipment", "p", None, D("-1000.01")),  # a credit note
        ("inkind", 2023, "personnel_indirect", "p", None, D("50.00")),
        ("ledger", 2023, "equipment", "q", None, D("7.00")),
    )  # no funding plan for q
    split = pivot.attribute(actual, FUNDING)
    pairs = list(zip(split["funding_source"], split["amount"], strict=True))
    # 1000.01 x 300/400 = 750.0075 -> 750.00 for funder (sorted first), own gets 1000.01 - 750.00 = 250.01
    assert pairs == [
        ("funder", D("750.00")),
        ("own", D("250.01")),
        ("funder", D("-750.00")),
        ("own", D("-250.01")),  # truncated toward zero, like the cost
        ("own", D("50.00")),
        ("", D("7.00")),
    ]


@pytest.mark.parametrize(
    ("amount", "weights", "parts"),
    [
        (100, {"a": 1, "b": 1, "c": 1}, [33, 33, 34]),
        (-100, {"a": 1, "b": 1, "c": 1}, [-33, -33, -34]),
        (1, {"a": 1, "b": 1}, [0, 1]),
    ],
)
def test_split_by(amount, weights, parts):
    assert pivot.split_by(amount, weights) == parts


def _inputs(actual):
    plan = pd.DataFrame(
        {
            "year": [2023, 2024],
            "cost_category": ["equipment", "equipment"],
            "partner_id": ["p", "p"],
            "wp_code": [None, None],
            "amount": [D("1200.00"), D("2400.00")],
        }
    )
    plan = phasing.with_to_date(plan, START, END, dt.date(2024, 3, 31))
    return pivot.PivotInputs(
        plan=plan,
        baseline=plan,
        funding=phasing.with_to_date(FUNDING, START, END, dt.date(2024, 3, 31)),
        baseline_funding=phasing.with_to_date(FUNDING, START, END, dt.date(2024, 3, 31)),
        actual=actual,
    )


def test_variance_by_year():
    actual = _actual(
        ("ledger", 2023, "equipment", "p", None, D("1300.00")), ("ledger", 2024, "equipment", "p", None, D("500.00"))
    )
    table = pivot.planned_vs_actual(_inputs(actual), ["year"])
    assert table["year"].tolist() == ["2023", "2024"]
    assert table["planned"].tolist() == [D("1200.00"), D("2400.00")]
    # 2024 to 31 March: 3 of 12 months of 2400 = 600
    assert table["planned_to_date"].tolist() == [D("1200.00"), D("600.00")]
    # variance = actual - planned to date: 1300 - 1200 = 100 (+8.33 %), 500 - 600 = -100 (-16.67 %)
    assert table["variance"].tolist() == [D("100.00"), D("-100.00")]
    assert table["variance_pct"].tolist() == [D("0.0833"), D("-0.1667")]


def test_nothing_spent_yet():
    table = pivot.planned_vs_actual(_inputs(_actual()), ["year", "cost_category"])
    assert table["actual"].tolist() == [D("0.00"), D("0.00")]
    assert table["variance_pct"].tolist() == [D("-1.0000"), D("-1.0000")]


def test_funding_source_by_year_uses_the_funding_plan():
    table = pivot.planned_vs_actual(
        _inputs(_actual(("ledger", 2023, "equipment", "p", None, D("400.00")))), ["funding_source"]
    )
    assert dict(zip(table["funding_source"], table["planned"], strict=True)) == {
        "funder": D("300.00"),
        "own": D("100.00"),
    }
    assert dict(zip(table["funding_source"], table["actual"], strict=True)) == {
        "funder": D("300.00"),
        "own": D("100.00"),
    }


@pytest.mark.parametrize("dims", [[], ["year", "year"], ["year", "wp_code", "partner_id"], ["colour"]])
def test_refuses_bad_dimensions(dims):
    with pytest.raises(ValueError):
        pivot.planned_vs_actual(_inputs(_actual()), dims)
