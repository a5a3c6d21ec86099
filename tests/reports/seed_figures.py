"""Expected figures computed straight from data/seed/mwinc/*.csv with the csv module and Decimal,
independently of the app's code: the account mapping and the cash rule are written out here by hand
from DOMAIN.md and the Partners page's documented rule."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "mwinc"
CENT = Decimal("0.01")


def rows(name: str) -> list[dict]:
    with open(SEED / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def category(account: str) -> str:
    # DOMAIN.md default mapping: 5xxx personnel, 65xx equipment, other 4xxx-7xxx other operating.
    number = int(account)
    if 5000 <= number <= 5999:
        return "personnel_indirect"
    if 6500 <= number <= 6599:
        return "equipment"
    return "other_operating"


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def ledger(as_of: dt.date) -> list[dict]:
    return [r for r in rows("ledger") if _day(r["posting_date"]) <= as_of]


def inkind(as_of: dt.date) -> list[dict]:
    return [r for r in rows("inkind") if r["status"] == "approved" and _day(r["work_date"]) <= as_of]


def inkind_amount(row: dict) -> Decimal:
    return (Decimal(row["hours"]) * Decimal(row["hourly_rate"])).quantize(CENT)


def actual_cost(as_of: dt.date) -> dict[tuple[int, str], Decimal]:
    """(year, category) -> ledger + approved in-kind (in-kind is personnel cost)."""
    sums: dict[tuple[int, str], Decimal] = {}
    for r in ledger(as_of):
        key = (_day(r["posting_date"]).year, category(r["account"]))
        sums[key] = sums.get(key, Decimal(0)) + Decimal(r["amount"])
    for r in inkind(as_of):
        key = (_day(r["work_date"]).year, "personnel_indirect")
        sums[key] = sums.get(key, Decimal(0)) + inkind_amount(r)
    return sums


def planned_cost() -> dict[tuple[int, str], Decimal]:
    sums: dict[tuple[int, str], Decimal] = {}
    for r in rows("cost_plan"):
        key = (int(r["year"]), r["cost_category"])
        sums[key] = sums.get(key, Decimal(0)) + Decimal(r["amount"])
    return sums


def own_financing(year: int, as_of: dt.date) -> Decimal:
    """Sum over partners of approved in-kind + ledger cost x own / all planned funding (half up to the øre)."""
    total = Decimal(0)
    partners = {r["partner_id"] for r in rows("partners")}
    for partner in partners:
        cost = sum(
            (
                Decimal(r["amount"])
                for r in ledger(as_of)
                if r["partner_id"] == partner and _day(r["posting_date"]).year == year
            ),
            Decimal(0),
        )
        kind = sum(
            (
                inkind_amount(r)
                for r in inkind(as_of)
                if r["partner_id"] == partner and _day(r["work_date"]).year == year
            ),
            Decimal(0),
        )
        plan = [r for r in rows("funding_plan") if r["partner_id"] == partner and int(r["year"]) == year]
        own = sum((Decimal(r["amount"]) for r in plan if r["funding_source"] == "own"), Decimal(0))
        whole = sum((Decimal(r["amount"]) for r in plan), Decimal(0))
        cash = cost if whole <= 0 else (cost * own / whole).quantize(CENT, ROUND_HALF_UP)
        total += kind + cash
    return total
