"""Status of milestones and deliverables, derived from dates and the as-of date (DESIGN.md, "Time")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

DONE, OVERDUE, UPCOMING, PLANNED = "done", "overdue", "upcoming", "planned"
# One row per milestone or deliverable, as every view of the schedule starts from it.
ITEM_COLUMNS = [
    "kind",
    "code",
    "wp_code",
    "title",
    "baseline_due",
    "due_date",
    "done_date",
    "status",
    "days_overdue",
    "slip_days",
]


def item_status(due: dt.date, done_on: dt.date | None, as_of: dt.date, look_ahead_days: int) -> str:
    """done when finished on or before as-of; overdue when due before as-of and not done;
    upcoming when due within the look-ahead window (as-of day included); planned otherwise."""
    if done_on is not None and not pd.isna(done_on) and done_on <= as_of:
        return DONE
    if due < as_of:
        return OVERDUE
    if due <= as_of + dt.timedelta(days=look_ahead_days):
        return UPCOMING
    return PLANNED


def with_status(items: pd.DataFrame, done_column: str, as_of: dt.date, look_ahead_days: int) -> pd.DataFrame:
    """The items with a derived `status`, `days_overdue` and `slip_days` (current due − baseline due)."""
    items = items.copy()
    items["status"] = [
        item_status(due, done, as_of, look_ahead_days)
        for due, done in zip(items["due_date"], items[done_column], strict=True)
    ]
    items["days_overdue"] = [
        (as_of - due).days if status == OVERDUE else 0
        for due, status in zip(items["due_date"], items["status"], strict=True)
    ]
    items["slip_days"] = [(due - base).days for due, base in zip(items["due_date"], items["baseline_due"], strict=True)]
    return items


def status_counts(items: pd.DataFrame) -> dict[str, int]:
    statuses = items["status"].tolist() if not items.empty else []
    return {status: statuses.count(status) for status in (DONE, OVERDUE, UPCOMING, PLANNED)}
