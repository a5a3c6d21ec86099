"""Earned value (indicative for research projects), as DOMAIN.md defines it.

BAC = approved budget (current plan); PV = planned cost to the as-of date (monitor.budget.phasing);
AC = actual cost to date (ledger lines + approved in-kind); EV = budget earned by completed work:

  * each work package earns its budget in proportion to its completed items (milestones and
    deliverables done by the as-of date): budget_wp x done_wp / items_wp, rounded to the øre;
  * budget not tied to a work package, or tied to one without any milestone or deliverable, is
    earned at the project's overall completion (done items / all items of the project);
  * a project without any milestone or deliverable earns nothing (EV = 0): there is no evidence.

SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC, EAC = BAC / CPI (when CPI is defined and
not zero, else AC + (BAC - EV)), ETC = EAC - AC, VAC = BAC - EAC. SPI is undefined (None) when PV is
zero, CPI when AC is not positive (no actuals yet, or credits exceeding costs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

import pandas as pd

from monitor.money import CENT, ZERO, share, sum_by, total

RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class EarnedValue:
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: Decimal | None
    cpi: Decimal | None
    eac: Decimal
    etc: Decimal
    vac: Decimal
    eac_method: str  # "cpi" (BAC / CPI) or "remaining" (AC + (BAC - EV))

    def as_dict(self) -> dict:
        return asdict(self)


def earned_value_figures(bac: Decimal, pv: Decimal, ev: Decimal, ac: Decimal) -> EarnedValue:
    """Every derived figure from the four inputs. Ratios to four places; amounts to the øre."""
    spi = share(ev, pv)
    cpi = share(ev, ac) if ac > 0 else None
    if cpi:  # BAC / CPI computed as BAC x AC / EV to avoid rounding the ratio first
        eac, method = (bac * ac / ev).quantize(CENT), "cpi"
    else:
        eac, method = (ac + (bac - ev)).quantize(CENT), "remaining"
    return EarnedValue(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=ev - pv,
        cv=ev - ac,
        spi=spi,
        cpi=cpi,
        eac=eac,
        etc=eac - ac,
        vac=bac - eac,
        eac_method=method,
    )


def done_items(milestones: pd.DataFrame, deliverables: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """All milestones and deliverables as (wp_code, is_done): done when finished by the as-of date."""
    frames = [
        pd.DataFrame({"wp_code": items["wp_code"].tolist(), "is_done": [_done(d, as_of) for d in items[column]]})
        for items, column in ((milestones, "achieved_date"), (deliverables, "delivered_date"))
    ]
    return pd.concat(frames, ignore_index=True)


def _done(finished: dt.date | None, as_of: dt.date) -> bool:
    return finished is not None and not pd.isna(finished) and finished <= as_of


def earned(plan: pd.DataFrame, items: pd.DataFrame) -> Decimal:
    """EV by the completion rule in the module docstring."""
    return total(completion_by_wp(plan, items)["ev"])


def completion_by_wp(plan: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per work package ('' = not tied to one): budget, items done / all, earned value."""
    overall = (int(items["is_done"].sum()), len(items)) if len(items) else (0, 0)
    rows = []
    for wp_code, budget in sum_by(plan, "wp_code").items():
        mine = items[items["wp_code"] == wp_code] if wp_code and len(items) else items.iloc[0:0]
        done, count = (int(mine["is_done"].sum()), len(mine)) if len(mine) else overall
        ev = (budget * done / count).quantize(CENT) if count else ZERO
        rows.append({"wp_code": wp_code, "budget": budget, "done": done, "items": count, "ev": ev})
    return pd.DataFrame(rows, columns=["wp_code", "budget", "done", "items", "ev"])


def earned_value(plan_to_date: pd.DataFrame, actual: pd.DataFrame, items: pd.DataFrame) -> EarnedValue:
    """The figures for a plan whose rows carry `amount` and `to_date` (monitor.budget.phasing.with_to_date)."""
    bac = total(plan_to_date["amount"])
    pv = total(plan_to_date["to_date"])
    return earned_value_figures(bac, pv, earned(plan_to_date, items), total(actual["amount"]))


def as_json(figures: EarnedValue) -> dict:
    """summary --json form: amounts with two places, ratios with four, None where undefined."""

    def text(value, places):
        return None if value is None else str(Decimal(value).quantize(places))

    values = figures.as_dict()
    return {
        key: text(values[key], RATIO if key in ("spi", "cpi") else CENT)
        for key in ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac")
    }
