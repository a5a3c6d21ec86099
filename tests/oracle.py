"""What a project has spent, computed from its seed files alone: the tests' one oracle for "spent".

Spent up to an as-of date = every ledger line posted on or before it + every approved in-kind row worked on or
before it, at hours × hourly rate rounded to the øre. Reported (not yet approved) and rejected hours count
nowhere. The files are read with the csv module and summed in Decimal; nothing comes from monitor/, so a
mistake in the code cannot hide in the expected figures. What the code would look up elsewhere is written out
here by hand: the account → cost category mapping (config.yaml accounts.mapping.default: 5xxx personnel,
65xx equipment, other 4xxx-7xxx other operating) and where in-kind lands (personnel cost, account 'inkind',
as `summary --json` documents its by_account map).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "seed" / "mwinc"
CENT = Decimal("0.01")
LEDGER, INKIND = "ledger", "inkind"


@dataclass(frozen=True)
class Cost:
    """One line of actual cost: a ledger line or an approved in-kind row."""

    source: str  # LEDGER or INKIND
    partner_id: str
    wp_code: str
    day: dt.date
    year: int
    category: str
    account: str  # the ledger account, 'inkind' for in-kind hours
    amount: Decimal


def rows(name: str, folder: Path = SEED) -> list[dict[str, str]]:
    """A seed CSV file (name without .csv) as dicts of text; a file the seed does not have is no rows."""
    path = folder / f"{name}.csv"
    if not path.exists():  # e.g. the projects without in-kind hours
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def category(account: str) -> str:
    number = int(account)
    if 5000 <= number <= 5999:
        return "personnel_indirect"
    if 6500 <= number <= 6599:
        return "equipment"
    return "other_operating"


def inkind_amount(row: dict[str, str]) -> Decimal:
    return (Decimal(row["hours"]) * Decimal(row["hourly_rate"])).quantize(CENT)


def costs(as_of: dt.date, folder: Path = SEED) -> list[Cost]:
    """Every line of actual cost up to and including the as-of day."""
    return [c for c in (*_ledger(folder), *_inkind(folder)) if c.day <= as_of]


def _ledger(folder: Path) -> Iterable[Cost]:
    for r in rows("ledger", folder):
        day = dt.date.fromisoformat(r["posting_date"])
        yield Cost(
            LEDGER,
            r["partner_id"],
            r["wp_code"],
            day,
            day.year,
            category(r["account"]),
            r["account"],
            Decimal(r["amount"]),
        )


def _inkind(folder: Path) -> Iterable[Cost]:
    for r in rows("inkind", folder):
        if r["status"] == "approved":
            day = dt.date.fromisoformat(r["work_date"])
            yield Cost(
                INKIND, r["partner_id"], r["wp_code"], day, day.year, "personnel_indirect", "inkind", inkind_amount(r)
            )


def spent(as_of: dt.date, folder: Path = SEED, **only) -> Decimal:
    """The total up to as-of, of the lines whose fields have the given values (partner_id="nav_vt", year=2022)."""
    _check_fields(only)
    chosen = (c for c in costs(as_of, folder) if all(getattr(c, name) == value for name, value in only.items()))
    return sum((c.amount for c in chosen), Decimal("0.00"))


def spent_by(field: str | tuple[str, ...], as_of: dt.date, folder: Path = SEED) -> dict:
    """{value of the field: total} up to as-of; field is one of Cost's ("partner_id", "year", "account"...), or a
    tuple of them for keys that are tuples (("year", "category") -> {(2022, "equipment"): ...})."""
    names = field if isinstance(field, tuple) else (field,)
    _check_fields(names)
    sums: dict = {}
    for c in costs(as_of, folder):
        key = tuple(getattr(c, name) for name in names) if isinstance(field, tuple) else getattr(c, field)
        sums[key] = sums.get(key, Decimal("0.00")) + c.amount
    return sums


def _check_fields(names: Iterable[str]) -> None:
    unknown = set(names) - {f.name for f in fields(Cost)}
    assert not unknown, f"no such field of a cost line: {unknown}"  # a typo would otherwise sum nothing


# --- the plan the project runs on: the contract with its approved change requests ------------------------------


def current_plan(name: str, folder: Path = SEED) -> list[dict[str, str]]:
    """cost_plan.csv or funding_plan.csv (name without .csv) as the project runs on it now: the contract's lines
    with every approved change request applied, amounts as text like the file's.

    A request's lines (change_request_lines.csv) are cost plan lines with their proposed amount. The funding
    follows the cost: a partner's change of cost in a year moves that partner's funder line of that year by the
    same amount (the grant follows the cost it pays for; MW Inc's one request moves 100 000 of USN's personnel
    cost, WP2 in 2023 to WP3 in 2024, and USN's funder line with it, so every year stays balanced)."""
    lines = rows(name, folder)
    approved = {r["request"] for r in rows("change_requests", folder) if r["status"] == "approved"}
    changed = [r for r in rows("change_request_lines", folder) if r["request"] in approved]
    cost_key = ("year", "cost_category", "partner_id", "wp_code")
    costs = {tuple(r[k] for k in cost_key): r for r in rows("cost_plan", folder)}
    if name == "cost_plan":
        for change in changed:
            costs[tuple(change[k] for k in cost_key)]["amount"] = change["amount"]
        return list(costs.values())
    for change in changed:
        old = Decimal(costs[tuple(change[k] for k in cost_key)]["amount"])
        (funder,) = [
            r
            for r in lines
            if (r["year"], r["partner_id"], r["funding_source"]) == (change["year"], change["partner_id"], "funder")
        ]
        funder["amount"] = str(Decimal(funder["amount"]) + Decimal(change["amount"]) - old)
    return lines
