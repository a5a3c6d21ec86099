"""Money as it moves, read within a scope: the funder's schedule and payments, the partners' shares and
transfers, and the monthly flows of the cash position (rules in monitor/cash/rules.py).

A partner user sees its own position and its own transfers only, cut in SQL by `$partner_id`; the funder's
schedule is the whole project's money, so a partner user is not given it (`schedule_rows` is None and
`payments_of` refuses). Viewers read everything here: these are aggregate figures and register rows, no ledger
or in-kind lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor import db
from monitor.access.scope import AccessDenied, Scope
from monitor.cash import rules
from monitor.config import Config
from monitor.reports.calendar import add_months

PROJECT = ""  # the key of the whole project's position beside the partners' ids


@dataclass(frozen=True)
class CashData:
    project: dict[str, Any]
    as_of: dt.date
    terms: rules.Terms
    schedule_rows: list[rules.ScheduleRow] | None  # None for a partner user
    payment_totals: rules.PaymentTotals | None
    costs_by_tertial: dict[tuple[int, int], Decimal]
    shares: pd.DataFrame  # partner_id, grant_year, agreed, paid, outstanding, late
    transfers: pd.DataFrame  # the register's rows with status and late
    flows: pd.DataFrame  # partner_id, year, month, received, spent, contributed
    partners: pd.DataFrame  # partner_id, name, short_name, role (every partner: names only)
    own_partner_id: str | None  # a partner user's partner

    @property
    def project_id(self) -> str:
        return self.project["project_id"]

    def position(self, partner_id: str = PROJECT) -> pd.DataFrame:
        """The month-by-month position of the project (PROJECT) or of one partner (rules.position)."""
        if self.own_partner_id is not None and partner_id != self.own_partner_id:
            raise AccessDenied(f"a partner user sees its own position only, not {partner_id or 'the project'}'s")
        flows = self.flows if partner_id == PROJECT else self.flows[self.flows["partner_id"] == partner_id]
        return rules.position(flows, self.project["start_date"], self.as_of)

    def partners_with_money(self) -> list[str]:
        """The partners with any money received, spent or contributed (in the project's partner order)."""
        present = set(self.flows["partner_id"].dropna())
        return [p for p in self.partners["partner_id"] if p in present]


def terms(config: Config, project: dict[str, Any]) -> rules.Terms:
    """The payment terms of a project from config (payments.*, report.final_due_months)."""
    mode = rules.mode_of(project["project_id"], config["payments.mode"], config["payments.mode_by_project"])
    final_due = add_months(project["end_date"], config["report.final_due_months"])
    return rules.Terms(mode, tuple(config["payments.weeks"]), config["payments.invoice_days"], final_due)


def load(con: db.Connection, project_id: str, as_of: dt.date, config: Config, scope: Scope) -> CashData:
    """Everything the Payments and cash page and `summary --json` show, as of a date, within the scope.
    Raises AccessDenied for a project outside the scope."""
    scope.require_project(project_id)
    only = scope.partner_filter()
    project = db.query(con, "project", project_id=project_id).iloc[0].to_dict()
    version = db.scalar(con, "current_plan_version", project_id=project_id)
    project_terms = terms(config, project)
    schedule_rows = totals = None
    if only is None:
        payments = payments_of(con, project_id, scope)
        schedule_rows = rules.match(_instalments(con, project, version, project_terms), payments, as_of)
        totals = rules.totals(schedule_rows, payments, as_of)
    costs = rules.costs_by_tertial(db.query(con, "cash_ledger_months", project_id=project_id, as_of=as_of))
    transfers = rules.with_status(db.query(con, "cash_transfers", project_id=project_id, partner_id=only), as_of)
    agreed = db.query(con, "cash_agreed_shares", project_id=project_id, plan_version=version, partner_id=only)
    return CashData(
        project=project,
        as_of=as_of,
        terms=project_terms,
        schedule_rows=schedule_rows,
        payment_totals=totals,
        costs_by_tertial=costs if only is None else {},
        shares=rules.shares(agreed, transfers),
        transfers=transfers,
        flows=db.query(con, "cash_position_months", project_id=project_id, as_of=as_of, partner_id=only),
        partners=db.query(con, "partners", project_id=project_id)[["partner_id", "name", "short_name", "role"]],
        own_partner_id=only,
    )


def payments_of(con: db.Connection, project_id: str, scope: Scope) -> list[rules.Payment]:
    """The funder's registered payments to the project. Not for a partner user: the funder's money is the whole
    project's (a partner sees what it was paid, in its own position)."""
    scope.require_project(project_id)
    if scope.partner_filter() is not None:
        raise AccessDenied(f"{scope.user} ({scope.role}) sees its own position, not the funder's payments")
    return [
        rules.Payment(
            int(r["payment_id"]),
            r["payment_date"],
            Decimal(r["amount"]),
            r["payment_kind"],
            r["payment_status"],
            r["reference"],
        )
        for r in db.records(con, "cash_funder_payments", project_id=project_id)
    ]


def _instalments(con, project: dict[str, Any], version: str, project_terms: rules.Terms) -> list[rules.Instalment]:
    by_year = {
        int(r["year"]): Decimal(r["amount"])
        for r in db.records(con, "cash_funder_by_year", project_id=project["project_id"], plan_version=version)
    }
    return rules.schedule(project["start_date"], project["end_date"], by_year, project_terms)


def cash_figures(cash: CashData) -> dict[str, Any]:
    """received, spent, contributed and position at the as-of date, and the same per partner (`by_partner`): the
    whole project for the roles that see it, a partner user's own figures (and only its own partner) for it."""
    by_partner = {p: rules.position_totals(cash.position(p)) for p in cash.partners_with_money()}
    if cash.own_partner_id is not None:
        overall = by_partner.get(cash.own_partner_id) or rules.position_totals(pd.DataFrame())
    else:
        overall = rules.position_totals(cash.position())
    return {**overall, "by_partner": by_partner}


def payment_figures(cash: CashData) -> dict[str, Decimal | None]:
    """received, expected (instalments due up to the as-of date, the withheld final payment excluded) and
    withheld; None each for a partner user, who is not shown the funder's payments."""
    totals = cash.payment_totals
    if totals is None:
        return {"received": None, "expected": None, "withheld": None}
    return {"received": totals.received, "expected": totals.expected, "withheld": totals.withheld}
