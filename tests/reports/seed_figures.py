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
