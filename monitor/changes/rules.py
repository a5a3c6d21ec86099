"""The Research Council's rules for change requests, as pure checks (DOMAIN.md, "Money flowing in and out").

- A change below NOK 10 000 needs no request: the amount a request moves is the sum of the positive differences
  per plan line against the current plan (money taken from one line and put on another counts once).
- One open request (draft or submitted) per project: the Council handles one at a time.
- Moving funds from year Y to a later year (Y's total goes down, a later year's up) may be submitted only by
  31 December of Y, or between 20 February and 15 March of Y+1 (`changes.move_windows`).

Each check returns the problems it found, each a Notice from the catalog (changes.rule.*); edit.py refuses the
step with them and writes nothing. A plan here is a frame of plan lines: year, cost_category, partner_id,
wp_code, amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor.config_rules import DEFAULT_MOVE_WINDOWS
from monitor.errors import Notice, Problem
from monitor.money import ZERO

KINDS = ("budget", "period", "partners")
STATUSES = ("draft", "submitted", "approved", "rejected")
OPEN = ("draft", "submitted")
PLAN_KINDS = ("budget", "partners")  # the kinds that carry a proposed cost plan
NO_REQUEST_BELOW = Decimal("10000")
LINE_KEYS = ("year", "cost_category", "partner_id", "wp_code")


@dataclass(frozen=True)
class Limits:
    """The configurable part of the rules: the amount below which no request is needed, and the two windows
    (first and last day, MM-DD) for moving funds to a later year."""

    no_request_below: Decimal = NO_REQUEST_BELOW
    same_year: tuple[str, str] = tuple(DEFAULT_MOVE_WINDOWS["same_year"])
    next_year: tuple[str, str] = tuple(DEFAULT_MOVE_WINDOWS["next_year"])


def limits_from(settings: Any) -> Limits:
    """The limits of a Config (changes.no_request_below, changes.move_windows)."""
    windows = settings["changes.move_windows"]
    return Limits(
        no_request_below=Decimal(settings["changes.no_request_below"]),
        same_year=tuple(windows["same_year"]),
        next_year=tuple(windows["next_year"]),
    )


def line_key(row: dict) -> tuple:
    """A plan line's identity: year, cost category, partner, work package (None for none)."""
    return tuple(None if _missing(row[k]) else (int(row[k]) if k == "year" else str(row[k])) for k in LINE_KEYS)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def by_line(plan: pd.DataFrame) -> dict[tuple, Decimal]:
    """{line key: amount}, lines with the same key summed."""
    amounts: dict[tuple, Decimal] = {}
    for row in plan.to_dict("records"):
        key = line_key(row)
        amounts[key] = amounts.get(key, ZERO) + Decimal(row["amount"])
    return amounts


def amount_moved(current: pd.DataFrame, proposed: pd.DataFrame) -> Decimal:
    """The sum of the positive differences per plan line, proposed against current (a line on one side only
    counts against 0). Moving 250 000 from one line to another moves 250 000, not 500 000."""
    before, after = by_line(current), by_line(proposed)
    return sum((max(after.get(k, ZERO) - before.get(k, ZERO), ZERO) for k in set(before) | set(after)), ZERO)


def year_totals(plan: pd.DataFrame) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for year, amount in zip(plan["year"], plan["amount"], strict=True):
        totals[int(year)] = totals.get(int(year), ZERO) + Decimal(amount)
    return totals


def years_changed(current: pd.DataFrame, proposed: pd.DataFrame) -> list[int]:
    """The years with at least one plan line that differs (what an approval rewrites)."""
    before, after = by_line(current), by_line(proposed)
    return sorted({k[0] for k in set(before) | set(after) if before.get(k, ZERO) != after.get(k, ZERO)})


def years_moved_from(current: pd.DataFrame, proposed: pd.DataFrame) -> list[int]:
    """Years whose total goes down while a later year's total goes up: funds moved to a later year."""
    before, after = year_totals(current), year_totals(proposed)
    change = {y: after.get(y, ZERO) - before.get(y, ZERO) for y in set(before) | set(after)}
    return sorted(y for y, d in change.items() if d < 0 and any(d2 > 0 for y2, d2 in change.items() if y2 > y))


def in_move_window(year: int, day: dt.date, limits: Limits) -> bool:
    """Whether a request moving funds out of `year` may be submitted on `day`: any day before `year`, a day of
    the same_year window in `year`, or of the next_year window in `year` + 1."""
    month_day = f"{day.month:02d}-{day.day:02d}"
    if day.year < year:
        return True
    if day.year == year:
        return limits.same_year[0] <= month_day <= limits.same_year[1]
    if day.year == year + 1:
        return limits.next_year[0] <= month_day <= limits.next_year[1]
    return False


def window_text(year: int, limits: Limits) -> dict[str, dt.date]:
    """The windows for moving funds out of `year`, as dates (for the message)."""

    def day(y: int, month_day: str) -> dt.date:
        return dt.date.fromisoformat(f"{y}-{month_day}")

    return {
        "until": day(year, limits.same_year[1]),
        "first": day(year + 1, limits.next_year[0]),
        "last": day(year + 1, limits.next_year[1]),
    }


def problem(code: str, column: str | None = None, **values: Any) -> Problem:
    """A refused step, told by the catalog text changes.rule.<code>."""
    return Problem(None, None, column, Notice(f"changes.rule.{code}", **values))


def submit_problems(
    kind: str, current: pd.DataFrame, proposed: pd.DataFrame, today: dt.date, limits: Limits
) -> list[Problem]:
    """The Council's rules on submitting a request on `today` that turns the `current` cost plan into `proposed`.
    (A period request carries no plan: nothing to check here.)"""
    if kind not in PLAN_KINDS:
        return []
    problems = []
    moved = amount_moved(current, proposed)
    if kind == "budget" and moved < limits.no_request_below:
        problems.append(problem("no_request_needed", moved=moved, limit=int(limits.no_request_below)))
    for year in years_moved_from(current, proposed):
        if not in_move_window(year, today, limits):
            problems.append(problem("outside_window", year=year, next=year + 1, day=today, **window_text(year, limits)))
    return problems


def open_problems(open_request: int | None) -> list[Problem]:
    """One open request per project: a second one is refused while `open_request` is a draft or submitted."""
    return [] if open_request is None else [problem("one_open", request=open_request)]


def period_problems(new_end: dt.date | None, start: dt.date, end: dt.date) -> list[Problem]:
    """A period request names a new end date after the start that differs from the present end."""
    if new_end is None:
        return [problem("end_required", "new_end_date")]
    if new_end <= start:
        return [problem("end_before_start", "new_end_date", end=new_end, start=start)]
    if new_end == end:
        return [problem("end_unchanged", "new_end_date", end=new_end)]
    return []


def line_problems(
    lines: Iterable[dict],
    years: range,
    categories: Iterable[str],
    partners: Iterable[str],
    work_packages: Iterable[str],
) -> list[Problem]:
    """Lines of a proposed plan that name a year outside the project, or an unknown category, partner or work
    package, each told at its row (1-based)."""
    categories, partners, work_packages = set(categories), set(partners), set(work_packages)
    problems = []
    for number, line in enumerate(lines, start=1):
        year, category, partner, wp = line_key(line)
        if year not in years:
            problems.append(_at(number, "year", "unknown_year", value=year))
        if category not in categories:
            problems.append(_at(number, "cost_category", "unknown_value", value=category))
        if partner not in partners:
            problems.append(_at(number, "partner_id", "unknown_value", value=partner))
        if wp is not None and wp not in work_packages:
            problems.append(_at(number, "wp_code", "unknown_value", value=wp))
    return problems


def _at(row: int, column: str, code: str, **values: Any) -> Problem:
    return Problem(None, row, column, Notice(f"changes.rule.{code}", **values))


def funding_following(funding: pd.DataFrame, current: pd.DataFrame, proposed: pd.DataFrame) -> pd.DataFrame:
    """The funding plan after a cost re-plan, so that each year stays balanced: each partner's change of cost in
    a year moves the same amount of that partner's funding in that year, on its funder line where it has one
    (the grant follows the cost it pays for), else on its own-financing line, else on a new line of the source
    the partner uses in other years (funder first). Columns: year, funding_source, partner_id, amount."""
    rows = [dict(r) for r in funding[["year", "funding_source", "partner_id", "amount"]].to_dict("records")]
    for (year, partner), change in _cost_change(current, proposed).items():
        if change == ZERO:
            continue
        line = _funding_line(rows, year, partner)
        line["amount"] = Decimal(line["amount"]) + change
    return pd.DataFrame(rows, columns=["year", "funding_source", "partner_id", "amount"])


def _cost_change(current: pd.DataFrame, proposed: pd.DataFrame) -> dict[tuple[int, str], Decimal]:
    change: dict[tuple[int, str], Decimal] = {}
    for plan, sign in ((proposed, 1), (current, -1)):
        for row in plan.to_dict("records"):
            key = (int(row["year"]), str(row["partner_id"]))
            change[key] = change.get(key, ZERO) + sign * Decimal(row["amount"])
    return change


def _funding_line(rows: list[dict], year: int, partner: str) -> dict:
    mine = [r for r in rows if str(r["partner_id"]) == partner]
    for source in ("funder", "own"):
        found = [r for r in mine if int(r["year"]) == year and r["funding_source"] == source]
        if found:
            return found[0]
    source = "funder" if any(r["funding_source"] == "funder" for r in mine) else "own"
    rows.append({"year": year, "funding_source": source, "partner_id": partner, "amount": ZERO})
    return rows[-1]
