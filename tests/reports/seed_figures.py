"""Expected figures computed straight from data/seed/mwinc/*.csv with the csv module and Decimal,
independently of the app's code: actual cost is the tests' one spent oracle (tests/oracle.py); the plan
sums and the cash rule are written out here by hand from the seed files and the Partners page's
documented rule."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from tests import oracle

CENT = Decimal("0.01")


def rows(name: str) -> list[dict]:
    return oracle.rows(name)


def actual_cost(as_of: dt.date) -> dict[tuple[int, str], Decimal]:
    """(year, category) -> ledger + approved in-kind (in-kind is personnel cost)."""
    return oracle.spent_by(("year", "category"), as_of)


def planned_cost() -> dict[tuple[int, str], Decimal]:
    """(year, category) -> the current plan (the contract with the approved change request: see oracle)."""
    sums: dict[tuple[int, str], Decimal] = {}
    for r in oracle.current_plan("cost_plan"):
        key = (int(r["year"]), r["cost_category"])
        sums[key] = sums.get(key, Decimal(0)) + Decimal(r["amount"])
    return sums


def own_financing(year: int, as_of: dt.date) -> Decimal:
    """Sum over partners of approved in-kind + ledger cost x own / all planned funding (half up to the øre)."""
    total = Decimal(0)
    partners = {r["partner_id"] for r in rows("partners")}
    for partner in partners:
        cost = oracle.spent(as_of, partner_id=partner, year=year, source=oracle.LEDGER)
        kind = oracle.spent(as_of, partner_id=partner, year=year, source=oracle.INKIND)
        funding = oracle.current_plan("funding_plan")
        plan = [r for r in funding if r["partner_id"] == partner and int(r["year"]) == year]
        own = sum((Decimal(r["amount"]) for r in plan if r["funding_source"] == "own"), Decimal(0))
        whole = sum((Decimal(r["amount"]) for r in plan), Decimal(0))
        cash = cost if whole <= 0 else (cost * own / whole).quantize(CENT, ROUND_HALF_UP)
        total += kind + cash
    return total


# --- the person-month table (issue 17), by hand from people.csv, effort_plan.csv, hours.csv and inkind.csv -------
# The sums of tests/effort/test_load.py's docstring: PM = SUMMED hours × 12 / 1 628, half up to two places; the
# plan is the whole current plan (the seed has the baseline only); only approved hours count (in-kind hours included).
# (wp, partner) -> (planned PM, approved hours, actual PM) with every approved hour (the final report):
#   WP1 NAV ØV 408.5 h -> 4 902 / 1 628 = 3.0111 -> 3.01;  WP1 NAV VT 402.6 h -> 4 831.2 / 1 628 = 2.9676 -> 2.97
#   WP1 USN PhD 410 + Ole 60 + Annett 10 = 480 h -> 5 760 / 1 628 = 3.5381 -> 3.54
#   WP2 NHO VT 22 + in kind 305.5 = 327.5 h -> 3 930 / 1 628 = 2.4140 -> 2.41
#   WP2 USN postdoc 400 + Lars 80 = 480 h -> 3.54 (as above);  WP2 VTFK 446.7 h -> 5 360.4 / 1 628 = 3.2926 -> 3.29
#   WP3 MRFK 442.5 h -> 5 310 / 1 628 = 3.2617 -> 3.26;  WP3 USN Cathrine 125 + Annett 90 = 215 h -> 2 580 / 1 628
#   = 1.5848 -> 1.58
D = Decimal
EFFORT_ALL = {
    ("WP1", "nav_ov"): (D("3.50"), D("408.5"), D("3.01")),
    ("WP1", "nav_vt"): (D("3.50"), D("402.6"), D("2.97")),
    ("WP1", "usn"): (D("42.00"), D("480"), D("3.54")),
    ("WP2", "nho_vt"): (D("3.50"), D("327.5"), D("2.41")),
    ("WP2", "usn"): (D("35.75"), D("480"), D("3.54")),
    ("WP2", "vtfk"): (D("3.50"), D("446.7"), D("3.29")),
    ("WP3", "mrfk"): (D("3.50"), D("442.5"), D("3.26")),
    ("WP3", "usn"): (D("29.50"), D("215"), D("1.58")),
}
# Total: planned 42 + 35.75 + 29.5 + 5 × 3.5 = 124.75; hours 1 197 + 2 005.8 = 3 202.8 -> 38 433.6 / 1 628 = 23.6078
# -> 23.61 (converted once, not the sum of the rows, 23.60); deviation 23.61 − 124.75 = −101.14
EFFORT_TOTAL_ALL = (D("124.75"), D("3202.8"), D("23.61"), D("-101.14"))
# The accounts report for 2024 counts hours of months up to 31.12.2024: the approved in-kind reports of 2025
# (28.03 and 28.06) are left out: NAV VT 26.0 + 24.8 = 50.8, NAV ØV 22.8 + 26.2 = 49.0, NHO VT 11.1 + 11.0 = 22.1,
# MRFK 23.5 + 24.2 = 47.7, VTFK 22.8 + 22.0 = 44.8; 50.8 + 49.0 + 22.1 + 47.7 + 44.8 = 214.4.
# Hours 3 202.8 − 214.4 = 2 988.4 -> 35 860.8 / 1 628 = 22.0275 -> 22.03; deviation 22.03 − 124.75 = −102.72.
# NAV VT in WP1: 402.6 − 50.8 = 351.8 h -> 4 221.6 / 1 628 = 2.5931 -> 2.59
EFFORT_TOTAL_2024 = (D("124.75"), D("2988.4"), D("22.03"), D("-102.72"))
EFFORT_NAV_VT_2024 = (D("3.50"), D("351.8"), D("2.59"))
