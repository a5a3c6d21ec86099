"""What a user should hear about (issue 18): one `Item` per thing and occasion, shared by the in-app list, the
e-mail digest and the calendar feed.

An item's `key` is stable: the same thing on the same occasion gives the same key on every run (a reminder 14 days
before the 2024 accounts report of mwinc is "deadline:mwinc:report:accounts:2024:-14"), so a user's read and sent
marks (table `notification`, migration 019) stick to it and a second run sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from monitor.i18n import t

# The rules (config `notify.rules`, each user choosing which they receive: table notification_choice).
DEADLINE = "deadline"  # a deadline ahead (the configured offsets before it) or missed (the day after)
BUDGET = "budget"  # a year's or the project's spent share passed a threshold (50/75/90 %)
FORECAST = "forecast"  # the forecast at completion is over the budget
OVERDUE = "overdue"  # milestones and deliverables past their due date
APPROVAL = "approval"  # reports (in-kind, month hours) waiting for a decision longer than N days
REJECTED = "rejected"  # a partner's in-kind report was rejected
RULES = (DEADLINE, BUDGET, FORECAST, OVERDUE, APPROVAL, REJECTED)


@dataclass(frozen=True)
class Item:
    """One thing to hear about. `text` (a catalog key) and `values` say it in the user's language; `page` (and
    `query`) is where it is handled; `partner_id` is whose it is (None: the project's), so a partner scope gets
    its own only."""

    key: str
    rule: str
    project_id: str
    date: dt.date
    text: str
    values: tuple[tuple[str, Any], ...] = ()
    page: str = "pages/overview.py"
    query: tuple[tuple[str, str], ...] = ()
    partner_id: str | None = None


def say(item: Item, lang: str) -> str:
    """The item in the user's language (dates and numbers in the language's format, as t() formats them)."""
    return t(item.text, lang, **dict(item.values))
