"""Commitments: costs ordered but not yet invoiced (open purchase orders), beside the actual cost, and the
forecast at completion that counts them.

An *open commitment* is a row of the commitments register (monitor/registers/edit.py) whose status is open and
that was ordered on or before the as-of date; monitor/sql/budget/open_commitments.sql reads them, within the
scope (a partner its own only), into `ProjectData.commitments`. Each counts in the year its invoice is expected,
else the year it was ordered. Once the invoice is booked the ledger holds the cost and the row is set to
invoiced, so it leaves these sums; a cancelled order never counted.

The forecast with commitments (`forecast_with_commitments`) is a second forecast beside the project's forecast
at completion, which stays as it is (the run rate of the Overview's tile: spend to date ÷ share of time elapsed,
monitor.budget.load.run_rate_forecast) and which knows nothing of orders. See its docstring for the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from monitor import db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.budget import phasing
from monitor.budget.load import run_rate_forecast
from monitor.i18n import label, t
from monitor.money import ZERO, as_text, from_ore, sum_by, to_ore_column, total
from monitor.project.load import ProjectData
from monitor.registers import edit as register_edit
from monitor.shown import Tile

RUN_RATE, COMMITTED = "run_rate", "commitments"  # which figure the forecast with commitments took
FIGURES = ("planned", "actual", "committed", "actual_committed", "remaining")


# --- sums -------------------------------------------------------------------------------------------


def summed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`amount` summed exactly (in whole øre) by the keys; a missing key value is grouped under ''."""
    if frame.empty:
        return pd.DataFrame(columns=[*keys, "amount"])
    grouped = frame[keys].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
    grouped = grouped.assign(ore=to_ore_column(frame["amount"])).groupby(keys, as_index=False)["ore"].sum()
    return grouped.assign(amount=[from_ore(v) for v in grouped["ore"]]).drop(columns="ore")


def by_year_category(commitments: pd.DataFrame) -> pd.DataFrame:
    """Open commitments by year (invoice expected, else ordered) x cost category: year, cost_category, amount."""
    return summed(commitments, ["year", "cost_category"])


def by_partner_wp(commitments: pd.DataFrame) -> pd.DataFrame:
    """Open commitments by partner x work package ('' = none): partner_id, wp_code, amount."""
    return summed(commitments, ["partner_id", "wp_code"])


def totals(commitments: pd.DataFrame) -> dict:
    """The open commitments in total, by cost category and by year (keys as text, as the budget's maps)."""
    return {
        "open": total(commitments["amount"]),
        "by_category": sum_by(commitments, "cost_category"),
        "by_year": sum_by(commitments, "year"),
    }


def beside_actuals(data: ProjectData) -> pd.DataFrame:
    """Per year x cost category: planned (the current plan), actual (to the as-of date), committed (open
    commitments), actual + committed, and remaining = planned - actual - committed. Codes, Decimals, sorted."""
    keys = ["year", "cost_category"]
    parts = {
        "planned": summed(data.cost_plan, keys),
        "actual": summed(data.actual, keys),
        "committed": summed(data.commitments, keys),
    }
    cells: dict[tuple, dict[str, Decimal]] = {}
    for name, frame in parts.items():
        for year, category, amount in zip(frame["year"], frame["cost_category"], frame["amount"], strict=True):
            cells.setdefault((int(year), category), {})[name] = amount
    rows = []
    for (year, category), found in sorted(cells.items()):
        planned, actual, committed = (found.get(name, ZERO) for name in ("planned", "actual", "committed"))
        rows.append(
            {
                "year": year,
                "cost_category": category,
                "planned": planned,
                "actual": actual,
                "committed": committed,
                "actual_committed": actual + committed,
                "remaining": planned - actual - committed,
            }
        )
    return pd.DataFrame(rows, columns=[*keys, *FIGURES])


# --- the forecast at completion with commitments -------------------------------------------------------


@dataclass(frozen=True)
class CommittedForecast:
    run_rate: Decimal  # the project's forecast at completion as today (Overview tile), without commitments
    actual: Decimal  # actual cost to the as-of date
    committed: Decimal  # open commitments
    plan_uncommitted: Decimal  # the plan still to come that no open order covers, summed per cost category
    outlook: Decimal  # actual + committed + plan_uncommitted
    amount: Decimal  # the forecast with commitments: the larger of run_rate and outlook
    basis: str  # RUN_RATE or COMMITTED: which of the two it is

    def as_json(self) -> dict:
        """summary --json form: amounts as exact strings, the basis as its code."""
        amounts = ("amount", "run_rate", "actual", "committed", "plan_uncommitted", "outlook")
        return {**{name: as_text(getattr(self, name)) for name in amounts}, "basis": self.basis}


def forecast_with_commitments(data: ProjectData) -> CommittedForecast:
    """The forecast at completion that includes open commitments: the larger of

    * the run-rate forecast (the project's forecast at completion today, unchanged: spend to date projected at
      the average rate so far; the budget before the start, the actual cost after the end), and
    * the committed outlook = actual cost + open commitments + the plan not yet committed, where the plan not yet
      committed is, per cost category, what the plan still has to come after the as-of date (the plan less the
      plan to date, by the phasing of earned value's PV) less that category's open commitments, never below zero.

    Why: an open order is cost the project will have, whatever its spending rate says, and it uses up the plan of
    its cost category; what that category's plan has left beyond its orders is still expected to be spent.
    Counting per category keeps an order larger than its category's rest of plan from hiding behind another
    category's unspent plan. Why the larger of the two: commitments only ever add certainty about cost, so they
    may raise the forecast (orders beyond the plan, or a run rate that has not yet caught up with them) but never
    lower it below the run rate. After the end the plan has nothing left to come and the run rate is the actual
    cost, so the forecast is actual + open commitments; without commitments and with spending on plan the two
    agree. Amounts are exact to the øre; nothing is rounded but the run rate (monitor.budget.load)."""
    start, end, as_of = data.project["start_date"], data.project["end_date"], data.as_of
    planned = total(data.cost_plan["amount"])
    actual = total(data.actual["amount"])
    committed = total(data.commitments["amount"])
    run_rate = run_rate_forecast(actual, planned, start, end, as_of)
    uncommitted = _plan_uncommitted(phasing.with_to_date(data.cost_plan, start, end, as_of), data.commitments)
    outlook = actual + committed + uncommitted
    basis = COMMITTED if outlook > run_rate else RUN_RATE
    return CommittedForecast(run_rate, actual, committed, uncommitted, outlook, max(outlook, run_rate), basis)


def _plan_uncommitted(plan_to_date: pd.DataFrame, commitments: pd.DataFrame) -> Decimal:
    """Sum over cost categories of max(plan after the as-of date - open commitments, 0)."""
    rest = plan_to_date.assign(
        amount=[a - d for a, d in zip(plan_to_date["amount"], plan_to_date["to_date"], strict=True)]
    )
    rest_by_category, committed_by_category = sum_by(rest, "cost_category"), sum_by(commitments, "cost_category")
    return sum(
        (
            max(amount - committed_by_category.get(category, ZERO), ZERO)
            for category, amount in rest_by_category.items()
        ),
        ZERO,
    )


# --- the register ---------------------------------------------------------------------------------------


def register_rows(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """Every row of the commitments register (open, invoiced, cancelled), a partner's own only. The orders are
    detail rows, like ledger lines: a viewer (the funder, a board) sees their sums, not the orders."""
    scope.require_detail_rows(project_id)
    return register_edit.rows(con, "commitments", project_id, scope)


# --- views: labelled tables and tiles for the Budget page -----------------------------------------------


def beside_actuals_table(data: ProjectData, lang: str) -> pd.DataFrame:
    """The table as shown and downloaded: year, cost category, and the five figures, with a total row."""
    figures = beside_actuals(data)
    year, category = t("budget.dim.year", lang), t("budget.dim.cost_category", lang)
    rows = [
        {
            year: str(row["year"]),
            category: label("category", row["cost_category"], lang)
            if row["cost_category"]
            else t("budget.no_value", lang),
            **{t(f"commitments.col.{name}", lang): row[name] for name in FIGURES},
        }
        for row in figures.to_dict("records")
    ]
    rows.append(
        {
            year: t("budget.total", lang),
            category: "",
            **{t(f"commitments.col.{n}", lang): total(figures[n]) for n in FIGURES},
        }
    )
    return pd.DataFrame(rows, columns=[year, category, *(t(f"commitments.col.{n}", lang) for n in FIGURES)])


def by_partner_wp_table(data: ProjectData, lang: str) -> pd.DataFrame:
    """Open commitments by partner x work package as shown: partner and work package by their names, a total row."""
    sums = by_partner_wp(data.commitments)
    partners = dict(zip(data.partners["partner_id"], data.partners["short_name"], strict=True))
    titles = dict(
        zip(data.work_packages["wp_code"], data.work_packages["title_nb" if lang == "nb" else "title_en"], strict=True)
    )
    partner, wp, amount = (
        t(key, lang) for key in ("budget.dim.partner_id", "budget.dim.wp_code", "commitments.col.committed")
    )
    rows = [
        {
            partner: partners.get(p, p),
            wp: f"{w} {titles.get(w, '')}".strip() if w else t("budget.no_wp", lang),
            amount: a,
        }
        for p, w, a in zip(sums["partner_id"], sums["wp_code"], sums["amount"], strict=True)
    ]
    rows.append({partner: t("budget.total", lang), wp: "", amount: total(sums["amount"])})
    return pd.DataFrame(rows, columns=[partner, wp, amount])


REGISTER_COLUMNS = (
    "commitment_id",
    "partner_id",
    "cost_category",
    "wp_code",
    "ordered_date",
    "expected_date",
    "amount",
    "supplier",
    "reference",
    "commitment_status",
    "note",
)


def register_table(rows: pd.DataFrame, data: ProjectData, lang: str) -> pd.DataFrame:
    """The register read-only: labels for partner, category, work package and status; amounts as Decimal."""
    partners = dict(zip(data.partners["partner_id"], data.partners["short_name"], strict=True))
    shown = {
        "partner_id": lambda v: partners.get(v, v),
        "cost_category": lambda v: label("category", v, lang),
        "commitment_status": lambda v: register_edit.choice_label("commitment_status", v, lang),
        "amount": lambda v: Decimal(v),
    }
    return pd.DataFrame(
        {
            register_edit.field_label(name, lang): [
                None if _missing(v) else shown.get(name, lambda x: x)(v) for v in rows[name]
            ]
            for name in REGISTER_COLUMNS
        }
    )


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def forecast_tiles(forecast: CommittedForecast, lang: str) -> list[Tile]:
    """Open commitments, the forecast without them (run rate) and the forecast with them, each saying which it is."""

    def exact(amount: Decimal) -> str:
        return fmt.nok(amount, lang, 2)

    return [
        Tile(
            t("commitments.tile.open", lang), fmt.nok_compact(forecast.committed, lang), help=exact(forecast.committed)
        ),
        Tile(
            t("commitments.tile.run_rate", lang),
            fmt.nok_compact(forecast.run_rate, lang),
            help=f"{exact(forecast.run_rate)}. {t('commitments.tile.run_rate_help', lang)}",
        ),
        Tile(
            t("commitments.tile.forecast", lang),
            fmt.nok_compact(forecast.amount, lang),
            help=f"{exact(forecast.amount)}. {t('commitments.tile.forecast_help', lang)}",
        ),
    ]


def forecast_note(forecast: CommittedForecast, lang: str) -> str:
    """How the forecast with commitments was reached, in figures."""
    figures = ("actual", "committed", "plan_uncommitted", "outlook", "run_rate")
    return t(
        f"commitments.forecast_note.{forecast.basis}",
        lang,
        **{name: fmt.nok(getattr(forecast, name), lang, 2) for name in figures},
    )
