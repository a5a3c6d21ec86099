"""Money as it moves, the rules (pure): the funder's expected payment schedule, received payments matched
against it, each partner's share of the grant against what it was paid, and the cash position month by month.

**The funder's schedule** is generated, never stored: from config (`payments.*`) and the current funding
plan's `funder` rows per year (the whole project's, every partner).

- A year's funder amount is split over its tertials (T1 January-April, T2 May-August, T3 September-December)
  in proportion to the project's months in each: a project starting in December has one month in its first
  year, all in T3, so that year's whole amount is one T3 instalment. To the øre: every instalment of the year
  but the last rounded down, the last the rest (`money.split`), so a year's instalments add up to its amount.
- `automatic`: each instalment is paid on the Monday of its tertial's ISO week (`payments.weeks`, default
  12, 25 and 49), or on the project's start date if that is later.
- `invoice`: the project owner sends an invoice per tertial with a cost specification (the tertial's actual
  costs from the ledger, shown beside the instalment); it is paid `payments.invoice_days` (default 30) after
  the tertial's end.
- The project's LAST instalment is the final payment: due `payments.invoice_days` after the final report
  deadline (monitor/reports/calendar.py), and WITHHELD until the funder approves the final report. The tool
  learns of the approval when finance registers a received payment of kind `final`: until then the final
  payment is shown as withheld, whatever the date.

**Matching**: a received payment (status `received`, paid on or before the as-of date) of kind `final` settles
the final instalment; the other received payments settle the other instalments in date order, one each, the
oldest first (a payment beyond the schedule is shown on its own line). Each instalment is then *received*,
*overdue* (expected before the as-of date and not received), *due* (expected later) or *withheld* (the final
payment, not yet received).

**Payments out**: a partner's agreed share of the grant for a year is its own `funder` rows in the current
funding plan (the consortium agreement); the project owner keeps its own share and passes on the others'. A
transfer is late when it was paid after its due date, or is unpaid at the as-of date with its due date passed.

**Cash position**, per month up to the as-of date: received (the project: the funder's payments; a partner: the
transfers paid to it; the project owner: the funder's payments less the transfers it paid to others) against
spent (ledger) and contributed (approved in-kind). Position = received − spent − contributed, cumulative: above
zero, money received and not yet used; below zero, cost carried by own financing (or money not yet received).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from monitor.money import CENT, ZERO, split

AUTOMATIC, INVOICE, FINAL = "automatic", "invoice", "final"
RECEIVED, DUE, OVERDUE, WITHHELD = "received", "due", "overdue", "withheld"
PAID, PAID_LATE, NOT_DUE = "paid", "paid_late", "not_due"  # a transfer's status (and OVERDUE)
TERTIALS = ((1, 4), (5, 8), (9, 12))  # first and last month of T1, T2, T3


@dataclass(frozen=True)
class Terms:
    """How the funder pays one project: the mode, the automatic payments' ISO weeks, the days from a tertial's
    end (or the final report deadline) to the payment, and the final report's deadline."""

    mode: str
    weeks: tuple[int, int, int]
    invoice_days: int
    final_due: dt.date


def mode_of(project_id: str, default_mode: str, by_project: dict[str, str]) -> str:
    return by_project.get(project_id, default_mode)


@dataclass(frozen=True)
class Instalment:
    number: int  # 1, 2, ... in date order
    year: int
    tertial: int  # 1, 2 or 3
    first_day: dt.date  # the project's part of the tertial
    last_day: dt.date
    months: int
    amount: Decimal
    expected_date: dt.date
    kind: str  # automatic, invoice or final


def tertial_of(month: int) -> int:
    return (month - 1) // 4 + 1


def project_months(start: dt.date, end: dt.date, year: int, tertial: int) -> int:
    """How many of a tertial's months the project runs in (a month counts when any day of it is in the period)."""
    first, last = TERTIALS[tertial - 1]
    begin = max(dt.date(year, first, 1), dt.date(start.year, start.month, 1))
    stop = min(dt.date(year, last, 1), dt.date(end.year, end.month, 1))
    return max(0, (stop.year - begin.year) * 12 + stop.month - begin.month + 1)


def schedule(start: dt.date, end: dt.date, funder_by_year: dict[int, Decimal], terms: Terms) -> list[Instalment]:
    """The expected instalments of the whole grant, in date order; the last is the final payment."""
    parts = []
    for year in sorted(y for y, amount in funder_by_year.items() if Decimal(amount) != 0):
        months = [project_months(start, end, year, tertial) for tertial in (1, 2, 3)]
        if not any(months):  # a plan year outside the period: paid with the year's last tertial
            months = [0, 0, 1]
        amounts = split(Decimal(funder_by_year[year]), [m for m in months if m])
        tertials = [tertial for tertial, m in zip((1, 2, 3), months, strict=True) if m]
        for tertial, amount in zip(tertials, amounts, strict=True):
            parts.append((year, tertial, months[tertial - 1], amount))
    instalments = []
    for number, (year, tertial, months, amount) in enumerate(parts, start=1):
        first_month, last_month = TERTIALS[tertial - 1]
        first_day = max(dt.date(year, first_month, 1), start)
        last_day = min(_month_end(year, last_month), end)
        final = number == len(parts)
        instalments.append(
            Instalment(
                number=number,
                year=year,
                tertial=tertial,
                first_day=first_day,
                last_day=last_day,
                months=months,
                amount=amount,
                expected_date=_expected(year, tertial, start, terms, final),
                kind=FINAL if final else terms.mode,
            )
        )
    return instalments


def _expected(year: int, tertial: int, start: dt.date, terms: Terms, final: bool) -> dt.date:
    if final:
        return terms.final_due + dt.timedelta(days=terms.invoice_days)
    if terms.mode == INVOICE:
        return _month_end(year, TERTIALS[tertial - 1][1]) + dt.timedelta(days=terms.invoice_days)
    return max(dt.date.fromisocalendar(year, terms.weeks[tertial - 1], 1), start)


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Payment:
    payment_id: int
    payment_date: dt.date
    amount: Decimal
    kind: str
    status: str
    reference: str | None = None


@dataclass(frozen=True)
class ScheduleRow:
    """One line of the schedule: an instalment and what settled it (or a received payment beyond the schedule,
    with no instalment)."""

    instalment: Instalment | None
    payments: tuple[Payment, ...]
    status: str

    @property
    def expected(self) -> Decimal:
        return self.instalment.amount if self.instalment else ZERO

    @property
    def received(self) -> Decimal | None:
        return sum((p.amount for p in self.payments), ZERO).quantize(CENT) if self.payments else None

    @property
    def received_date(self) -> dt.date | None:
        return max(p.payment_date for p in self.payments) if self.payments else None

    @property
    def difference(self) -> Decimal | None:
        """Received − expected where that is known: a received instalment, or one overdue (nothing received)."""
        if self.status == RECEIVED:
            return (self.received - self.expected).quantize(CENT)
        return (-self.expected).quantize(CENT) if self.status == OVERDUE else None


def received_by(payments: list[Payment], as_of: dt.date) -> list[Payment]:
    """The payments received on or before the as-of date, oldest first (planned ones are not money in)."""
    got = [p for p in payments if p.status == RECEIVED and p.payment_date <= as_of]
    return sorted(got, key=lambda p: (p.payment_date, p.payment_id))


def match(instalments: list[Instalment], payments: list[Payment], as_of: dt.date) -> list[ScheduleRow]:
    """Each instalment with the received payments that settle it and its status (see the module docstring)."""
    received = received_by(payments, as_of)
    finals = tuple(p for p in received if p.kind == FINAL)
    others = [p for p in received if p.kind != FINAL]
    rows = []
    for instalment in instalments:
        if instalment.kind == FINAL:
            rows.append(ScheduleRow(instalment, finals, RECEIVED if finals else WITHHELD))
        elif others:
            rows.append(ScheduleRow(instalment, (others.pop(0),), RECEIVED))
        else:
            rows.append(ScheduleRow(instalment, (), OVERDUE if instalment.expected_date < as_of else DUE))
    if not any(i.kind == FINAL for i in instalments) and finals:
        others = [*others, *finals]
    rows.extend(ScheduleRow(None, (p,), RECEIVED) for p in others)
    return rows


@dataclass(frozen=True)
class PaymentTotals:
    received: Decimal  # every payment received up to the as-of date
    expected: Decimal  # instalments expected up to the as-of date, the withheld final payment excluded
    withheld: Decimal  # the final payment until it is received


def totals(rows: list[ScheduleRow], payments: list[Payment], as_of: dt.date) -> PaymentTotals:
    # `expected` leaves the final payment out: it is not owed until the final report is approved, so counting
    # it would show the funder as behind for a payment it is not yet due to make.
    expected = sum(
        (
            r.instalment.amount
            for r in rows
            if r.instalment and r.instalment.kind != FINAL and r.instalment.expected_date <= as_of
        ),
        ZERO,
    )
    withheld = sum((r.instalment.amount for r in rows if r.status == WITHHELD), ZERO)
    received = sum((p.amount for p in received_by(payments, as_of)), ZERO)
    return PaymentTotals(received.quantize(CENT), expected.quantize(CENT), withheld.quantize(CENT))


def costs_by_tertial(ledger_months: pd.DataFrame) -> dict[tuple[int, int], Decimal]:
    """{(year, tertial): ledger costs} from ledger sums per year and month: an invoice's cost specification."""
    sums: dict[tuple[int, int], Decimal] = {}
    for year, month, amount in zip(ledger_months["year"], ledger_months["month"], ledger_months["amount"], strict=True):
        key = (int(year), tertial_of(int(month)))
        sums[key] = sums.get(key, ZERO) + Decimal(amount)
    return {key: value.quantize(CENT) for key, value in sums.items()}


# --- payments out -------------------------------------------------------------------------------


def transfer_status(due_date: dt.date, paid_date: dt.date | None, as_of: dt.date) -> str:
    """paid, paid_late (after its due date), overdue (unpaid at the as-of date, due before it) or not_due."""
    if paid_date is not None and not pd.isna(paid_date) and paid_date <= as_of:
        return PAID_LATE if paid_date > due_date else PAID
    return OVERDUE if due_date < as_of else NOT_DUE


def is_paid(status: str) -> bool:
    return status in (PAID, PAID_LATE)


def with_status(transfers: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The transfers with their status and whether they are late (paid late, or overdue)."""
    frame = transfers.copy()
    frame["status"] = [
        transfer_status(due, paid, as_of) for due, paid in zip(frame["due_date"], frame["paid_date"], strict=True)
    ]
    frame["late"] = [s in (PAID_LATE, OVERDUE) for s in frame["status"]]
    return frame


SHARE_COLUMNS = ["partner_id", "grant_year", "agreed", "paid", "outstanding", "late"]


def shares(agreed: pd.DataFrame, transfers: pd.DataFrame) -> pd.DataFrame:
    """Per partner and grant year: the agreed share (agreed: partner_id, year, amount), what was paid against it
    by the as-of date (transfers with their status), what is outstanding, and whether any transfer was late."""
    table: dict[tuple[str, int], dict] = {}

    def row(partner_id: str, year: int) -> dict:
        return table.setdefault(
            (partner_id, year),
            {"partner_id": partner_id, "grant_year": year, "agreed": ZERO, "paid": ZERO, "late": False},
        )

    for partner_id, year, amount in zip(agreed["partner_id"], agreed["year"], agreed["amount"], strict=True):
        row(partner_id, int(year))["agreed"] += Decimal(amount)
    for partner_id, year, amount, status in zip(
        transfers["partner_id"], transfers["grant_year"], transfers["amount"], transfers["status"], strict=True
    ):
        line = row(partner_id, int(year))
        if is_paid(status):
            line["paid"] += Decimal(amount)
        line["late"] = line["late"] or status in (PAID_LATE, OVERDUE)
    rows = []
    for key in sorted(table):
        line = table[key]
        agreed_amount, paid = line["agreed"].quantize(CENT), line["paid"].quantize(CENT)
        rows.append({**line, "agreed": agreed_amount, "paid": paid, "outstanding": (agreed_amount - paid)})
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


# --- cash position ------------------------------------------------------------------------------

MONTH_COLUMNS = ("received", "spent", "contributed")
POSITION_COLUMNS = [
    "month",
    *MONTH_COLUMNS,
    "received_cum",
    "spent_cum",
    "contributed_cum",
    "position",
]


def months(start: dt.date, as_of: dt.date) -> list[dt.date]:
    """The first day of every month from the project's start to the as-of date (none before the start)."""
    first, last = dt.date(start.year, start.month, 1), dt.date(as_of.year, as_of.month, 1)
    result = []
    while first <= last:
        result.append(first)
        first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return result


def position(monthly: pd.DataFrame, start: dt.date, as_of: dt.date) -> pd.DataFrame:
    """Month by month up to the as-of date: received, spent and contributed in the month (monthly: year, month
    and those three, any number of rows per month, summed here exactly), their running totals, and the position
    (received − spent − contributed, cumulative). Amounts before the start count in the first month."""
    sums = {month: dict.fromkeys(MONTH_COLUMNS, ZERO) for month in months(start, as_of)}
    if not sums:
        return pd.DataFrame(columns=POSITION_COLUMNS)
    first = min(sums)
    for record in monthly.to_dict("records"):
        month = max(dt.date(int(record["year"]), int(record["month"]), 1), first)
        if month in sums:
            for name in MONTH_COLUMNS:
                sums[month][name] += Decimal(record[name])
    rows, running = [], dict.fromkeys(MONTH_COLUMNS, ZERO)
    for month in sorted(sums):
        values = {name: sums[month][name].quantize(CENT) for name in MONTH_COLUMNS}
        for name in MONTH_COLUMNS:
            running[name] += values[name]
        rows.append(
            {
                "month": month,
                **values,
                **{f"{name}_cum": running[name].quantize(CENT) for name in MONTH_COLUMNS},
                "position": (running["received"] - running["spent"] - running["contributed"]).quantize(CENT),
            }
        )
    return pd.DataFrame(rows, columns=POSITION_COLUMNS)


def position_totals(table: pd.DataFrame) -> dict[str, Decimal]:
    """received, spent, contributed and position at the last month of a position table (zero when empty)."""
    if table.empty:
        return {"received": ZERO, "spent": ZERO, "contributed": ZERO, "position": ZERO}
    last = table.iloc[-1]
    return {
        "received": last["received_cum"],
        "spent": last["spent_cum"],
        "contributed": last["contributed_cum"],
        "position": last["position"],
    }
