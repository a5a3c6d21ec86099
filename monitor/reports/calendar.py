"""The funder's reporting calendar of one project: which report is due when, and its status.

Research Council rules (DOMAIN.md), configurable under `report.` in config.yaml: a progress report on
1 October of each year the project runs, except the year it ends (the final report covers that year),
the project accounts for a year on 20 January of the next year, and the final report one month after
the project ends. A report is submitted once a snapshot of
it has been frozen; otherwise overdue after its deadline, due until then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from monitor import format as fmt
from monitor.i18n import t

PROGRESS, ACCOUNTS, FINAL = "progress", "accounts", "final"
KINDS = (PROGRESS, ACCOUNTS, FINAL)
DUE, SUBMITTED, OVERDUE = "due", "submitted", "overdue"
# A deadline passed before the monitor followed the project's reports (a project imported from the funder's open
# data, years into its life): whether the report went in is not known here, so it is neither submitted nor overdue.
NOT_FOLLOWED = "not_followed"


@dataclass(frozen=True)
class Rules:
    progress_due: str = "10-01"  # MM-DD in the report's year
    accounts_due: str = "01-20"  # MM-DD in the year after the accounts' year
    final_due_months: int = 1  # months after the project's end date


def period(kind: str, year: int | None) -> str:
    """The period a report covers, as stored with its snapshot: the year, or 'final'."""
    if kind == FINAL:
        return FINAL
    if year is None:
        raise ValueError(f"a {kind} report needs a year")
    return str(year)


def last_year(kind: str, year: int | None, end: dt.date) -> int:
    """The last calendar year a report's tables show."""
    return end.year if kind == FINAL else int(year)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def deadlines(start: dt.date, end: dt.date, rules: Rules) -> list[tuple[str, str, dt.date]]:
    """(kind, period, deadline) of every report of a project running from start to end, by deadline."""
    items = []
    for year in range(start.year, end.year + 1):
        due = dt.date.fromisoformat(f"{year}-{rules.progress_due}")
        if start <= due and year < end.year:  # the last year is reported in the final report
            items.append((PROGRESS, str(year), due))
        items.append((ACCOUNTS, str(year), dt.date.fromisoformat(f"{year + 1}-{rules.accounts_due}")))
    items.append((FINAL, FINAL, add_months(end, rules.final_due_months)))
    return sorted(items, key=lambda item: (item[2], KINDS.index(item[0])))


def status(deadline: dt.date, submitted_at: dt.datetime | None, as_of: dt.date, kept_here: bool = True) -> str:
    """submitted when frozen on or before the as-of day; after the deadline overdue, or not followed where the
    project's reports are not kept here (`kept_here` False); due otherwise."""
    if submitted_at is not None and submitted_at.date() <= as_of:
        return SUBMITTED
    if deadline < as_of:
        return OVERDUE if kept_here else NOT_FOLLOWED
    return DUE


def calendar(
    start: dt.date,
    end: dt.date,
    rules: Rules,
    submitted: dict[tuple[str, str], dt.datetime],
    as_of: dt.date,
    kept_here: bool = True,
) -> pd.DataFrame:
    """kind, period, deadline, status, submitted_at (the first submission) per report; `kept_here` False for a
    project whose reports the monitor does not follow (monitor.project.load.reports_kept_here)."""
    rows = []
    for kind, name, deadline in deadlines(start, end, rules):
        when = submitted.get((kind, name))
        rows.append(
            {
                "kind": kind,
                "period": name,
                "deadline": deadline,
                "status": status(deadline, when, as_of, kept_here),
                "submitted_at": when,
            }
        )
    return pd.DataFrame(rows, columns=["kind", "period", "deadline", "status", "submitted_at"])


def shown(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The calendar as the page shows it: reports and statuses by their labels, dates in the language's
    format, '–' where a report has not been submitted (never 'None')."""
    return pd.DataFrame(
        {
            t("report.col.report", lang): [t(f"report.kind.{k}", lang) for k in table["kind"]],
            t("report.col.period", lang): [t("report.kind.final", lang) if p == FINAL else p for p in table["period"]],
            t("report.col.deadline", lang): [fmt.date(d, lang) for d in table["deadline"]],
            t("report.col.status", lang): [t(f"report.status.{s}", lang) for s in table["status"]],
            t("report.col.submitted_at", lang): [_submitted(w, lang) for w in table["submitted_at"]],
        }
    )


def _submitted(when, lang: str) -> str:
    if when is None or pd.isna(when):
        return "–"
    return fmt.date(pd.Timestamp(when).date(), lang)
