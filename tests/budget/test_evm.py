"""Earned value: every figure by hand, including the edge cases."""

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.budget import evm

N = None


@pytest.mark.parametrize(
    ("case", "bac", "pv", "ev", "ac", "expected"),
    [
        # SV = 300-400, CV = 300-500, SPI = 300/400, CPI = 300/500, EAC = 1000 x 500 / 300 = 1666.666..
        (
            "normal",
            "1000",
            "400",
            "300",
            "500",
            dict(
                sv="-100",
                cv="-200",
                spi="0.7500",
                cpi="0.6000",
                eac="1666.67",
                etc="1166.67",
                vac="-666.67",
                eac_method="cpi",
            ),
        ),
        (
            "nothing planned yet",
            "0",
            "0",
            "0",
            "0",
            dict(sv="0", cv="0", spi=N, cpi=N, eac="0", etc="0", vac="0", eac_method="remaining"),
        ),
        # no actuals: CPI undefined, so EAC = AC + (BAC - EV) = 0 + 1000 - 0
        (
            "no actuals yet",
            "1000",
            "100",
            "0",
            "0",
            dict(sv="-100", cv="0", spi="0.0000", cpi=N, eac="1000", etc="1000", vac="0", eac_method="remaining"),
        ),
        (
            "not started",
            "1000",
            "0",
            "0",
            "0",
            dict(sv="0", cv="0", spi=N, cpi=N, eac="1000", etc="1000", vac="0", eac_method="remaining"),
        ),
        # ended: CPI = 1000 / 1100 = 0.90909.. ; EAC = 1000 x 1100 / 1000 = 1100
        (
            "ended",
            "1000",
            "1000",
            "1000",
            "1100",
            dict(sv="0", cv="-100", spi="1.0000", cpi="0.9091", eac="1100", etc="0", vac="-100", eac_method="cpi"),
        ),
        # credits larger than costs: AC negative, CPI undefined; EAC = -50 + (1000 - 0) = 950, ETC = 950 - (-50)
        (
            "net credit",
            "1000",
            "200",
            "0",
            "-50",
            dict(sv="-200", cv="50", spi="0.0000", cpi=N, eac="950", etc="1000", vac="50", eac_method="remaining"),
        ),
        # spent but nothing earned: CPI = 0, BAC / 0 undefined -> AC + (BAC - EV) = 300 + 1000
        (
            "spent, nothing earned",
            "1000",
            "200",
            "0",
            "300",
            dict(
                sv="-200",
                cv="-300",
                spi="0.0000",
                cpi="0.0000",
                eac="1300",
                etc="1000",
                vac="-300",
                eac_method="remaining",
            ),
        ),
    ],
)
def test_figures(case, bac, pv, ev, ac, expected):
    figures = evm.earned_value_figures(D(bac), D(pv), D(ev), D(ac)).as_dict()
    for key, value in expected.items():
        want = value if key == "eac_method" or value is None else D(value)
        assert figures[key] == want, (case, key)


def test_json_form_has_fixed_places_and_nulls():
    figures = evm.earned_value_figures(D("1000.00"), D("0.00"), D("0.00"), D("0.00"))
    assert evm.as_json(figures) == {
        "bac": "1000.00",
        "pv": "0.00",
        "ev": "0.00",
        "ac": "0.00",
        "sv": "0.00",
        "cv": "0.00",
        "spi": None,
        "cpi": None,
        "eac": "1000.00",
        "etc": "1000.00",
        "vac": "0.00",
    }


def _plan(*rows):
    return pd.DataFrame(rows, columns=["wp_code", "amount"])


def _items(*rows):
    return pd.DataFrame(rows, columns=["wp_code", "is_done"])


def test_earned_by_work_package_completion():
    plan = _plan(("WP1", D("600.00")), ("WP2", D("300.00")), (None, D("100.00")))
    items = _items(("WP1", True), ("WP1", False), (None, True))
    # WP1: 600 x 1/2 = 300; WP2 has no items: project completion 2/3 -> 200; no WP: 100 x 2/3 = 66.67
    assert evm.earned(plan, items) == D("566.67")


def test_nothing_earned_without_items():
    assert evm.earned(_plan(("WP1", D("600.00"))), _items()) == D("0.00")


def test_done_items_counts_only_what_is_done_by_the_as_of_date():
    milestones = pd.DataFrame({"wp_code": ["WP1", "WP1"], "achieved_date": [dt.date(2024, 1, 31), None]})
    deliverables = pd.DataFrame({"wp_code": ["WP2"], "delivered_date": [dt.date(2024, 3, 1)]})
    items = evm.done_items(milestones, deliverables, dt.date(2024, 2, 29))
    assert items["is_done"].tolist() == [True, False, False]
