"""Defaults and checks of the settings that need more than a type: ledger import, in-kind rates, report days.

Owned by monitor/config.py (which declares every setting in SETTINGS) and, like it, a leaf: it imports only the
code lists, so that config never imports a domain module and no domain module is needed to read config.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from monitor.codes import PARTNER_SECTORS
from monitor.money import CENT

# --- import.* ----------------------------------------------------------------------------------

DIMENSION_PATTERN = re.compile(r"^[^:\s]+:[^:\s]+$")
LEDGER_FIELDS = (
    "date",
    "account",
    "account_name",
    "amount",
    "debit",
    "credit",
    "text",
    "voucher",
    "partner",
    "work_package",
)
ENCODINGS = ("auto", "utf-8", "cp1252")

DEFAULT_DIMENSIONS = {"mwinc": "P:326917"}

# Header names as Norwegian accounting systems write them; matched without regard to case.
DEFAULT_CSV_COLUMNS = {
    "date": ["Dato", "Bilagsdato", "Date"],
    "account": ["Konto", "Kontonr", "Account"],
    "account_name": ["Kontonavn", "Account name"],
    "amount": ["Beløp", "Belop", "Amount"],
    "debit": ["Debet", "Debit"],
    "credit": ["Kredit", "Credit"],
    "text": ["Tekst", "Beskrivelse", "Text"],
    "voucher": ["Bilagsnr", "Bilag", "Voucher"],
    "partner": ["Partner"],
    "work_package": ["Arbeidspakke", "Work package"],
}


def check_dimensions(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "expected a map of project id to 'TYPE:ID' (for example mwinc: 'P:326917')"
    for project, dimension in value.items():
        if not isinstance(dimension, str) or not DIMENSION_PATTERN.match(dimension):
            return f"{project}: expected 'TYPE:ID' such as 'P:326917'"
    return None


def check_columns(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a map of field ({', '.join(LEDGER_FIELDS)}) to a header name or a list of them"
    for name, headers in value.items():
        if name not in LEDGER_FIELDS:
            return f"unknown field {name!r}; fields are {', '.join(LEDGER_FIELDS)}"
        names = headers if isinstance(headers, list) else [headers]
        if not names or not all(isinstance(h, str) and h.strip() for h in names):
            return f"{name}: expected a header name or a list of them"
    return None


def check_encoding(value: Any) -> str | None:
    return None if value in ENCODINGS else f"expected one of {', '.join(ENCODINGS)}"


# --- inkind.* ----------------------------------------------------------------------------------

DEFAULT_RATES_BY_SECTOR = {"UH": 1000, "institute": 1000, "public": 800, "private": 900, "NGO": 700, "foreign": 1000}


def check_rates_by_sector(value: Any) -> str | None:
    """Config check of `inkind.rates_by_sector`: a map of known sector -> positive NOK per hour."""
    if not isinstance(value, dict):
        return "expected a map of sector -> NOK per hour"
    unknown = [str(sector) for sector in value if sector not in PARTNER_SECTORS]
    if unknown:
        return f"unknown sector(s) {', '.join(unknown)}; known: {', '.join(PARTNER_SECTORS)}"
    return _rates_problem(value)


def check_rates_by_partner(value: Any) -> str | None:
    """Config check of `inkind.rates_by_partner`: a map of partner id -> positive NOK per hour."""
    if not isinstance(value, dict):
        return "expected a map of partner id -> NOK per hour"
    return _rates_problem(value)


def _rates_problem(rates: dict) -> str | None:
    for name, rate in rates.items():
        if hourly_amount(rate) is None:
            return f"{name}: expected a positive amount with at most two decimals (got {rate!r})"
    return None


def hourly_amount(value: Any) -> Decimal | None:
    """A configured NOK per hour as Decimal; None unless positive with at most two decimals."""
    if isinstance(value, bool):
        return None
    try:
        rate = Decimal(str(value))
    except InvalidOperation:
        return None
    return rate.quantize(CENT) if rate.is_finite() and rate > 0 and rate == rate.quantize(CENT) else None


# --- report.* ----------------------------------------------------------------------------------


def check_month_day(value: Any) -> str | None:
    """Config check: 'MM-DD' of a day every year has (29 February is refused)."""
    try:
        dt.date.fromisoformat(f"2001-{value}")
    except (TypeError, ValueError):
        return "expected a day of the year as MM-DD, for example 10-01"
    return None


# --- payments.* --------------------------------------------------------------------------------

PAYMENT_MODES = ("automatic", "invoice")
DEFAULT_MODE_BY_PROJECT = {"mwinc": "invoice"}
DEFAULT_PAYMENT_WEEKS = [12, 25, 49]  # the Research Council's weeks in 2023 (DOMAIN.md), one per tertial


def check_mode_by_project(value: Any) -> str | None:
    """Config check of `payments.mode_by_project`: a map of project id -> automatic | invoice."""
    if not isinstance(value, dict):
        return "expected a map of project id -> automatic or invoice"
    for project, mode in value.items():
        if mode not in PAYMENT_MODES:
            return f"{project}: expected one of {', '.join(PAYMENT_MODES)}"
    return None


def check_payment_weeks(value: Any) -> str | None:
    """Config check of `payments.weeks`: three ISO weeks (1-52, every year has them), one in each tertial."""
    if not (isinstance(value, list) and len(value) == 3 and all(_whole(w) and 1 <= w <= 52 for w in value)):
        return "expected three ISO week numbers from 1 to 52, one per tertial, such as [12, 25, 49]"
    tertials = [(dt.date.fromisocalendar(2023, week, 1).month - 1) // 4 for week in value]
    return None if tertials == [0, 1, 2] else "expected one week in each tertial (Jan-Apr, May-Aug, Sep-Dec), in order"


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- changes.* ---------------------------------------------------------------------------------

# The Research Council's windows for moving funds from year Y to the next (DOMAIN.md, "Project changes"): apply
# by 31 December of Y, or between 20 February and 15 March of Y+1. Each window is a pair of days (MM-DD, first
# and last, both included) in the year the funds leave (same_year) or the year after (next_year).
DEFAULT_MOVE_WINDOWS = {"same_year": ["01-01", "12-31"], "next_year": ["02-20", "03-15"]}


def check_move_windows(value: Any) -> str | None:
    """Config check: {same_year: [MM-DD, MM-DD], next_year: [MM-DD, MM-DD]}, each first <= last."""
    if not isinstance(value, dict) or set(value) != set(DEFAULT_MOVE_WINDOWS):
        return "expected {same_year: [MM-DD, MM-DD], next_year: [MM-DD, MM-DD]}"
    for name, days in value.items():
        if not isinstance(days, list) or len(days) != 2 or any(check_month_day(day) for day in days):
            return f"{name}: expected [first, last] as MM-DD, for example ['02-20', '03-15']"
        if days[0] > days[1]:
            return f"{name}: the first day {days[0]} is after the last {days[1]}"
    return None


# --- mail.* ------------------------------------------------------------------------------------

MAIL_SECURITY = ("none", "starttls", "ssl")
DEFAULT_PASSWORD_ENV = "MONITOR_MAIL_PASSWORD"
# One address, local@domain with a dot in the domain: no display name, no spaces, no second '@'. Deliberately
# plain: the SMTP server has the last word; this catches the typos (a missing '@', a comma, "kari@usn").
ADDRESS_PATTERN = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
ENV_NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def address_problem(value: Any) -> str | None:
    """Why a text is not one e-mail address (for `users add --email` and `mail.sender`), or None."""
    if not isinstance(value, str) or not ADDRESS_PATTERN.fullmatch(value) or len(value) > 254:
        return "expected one e-mail address such as kari.nordmann@usn.no"
    if ".." in value or value.startswith(".") or ".@" in value:
        return "expected one e-mail address such as kari.nordmann@usn.no (no '..' and no '.' next to '@')"
    return None


def check_optional_address(value: Any) -> str | None:
    """Config check of `mail.sender`: null (set it before `remind` sends) or one address."""
    return None if value is None else address_problem(value)


def check_optional_text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, str) and value.strip()) else "expected text, or null for none"


def check_env_name(value: Any) -> str | None:
    """Config check of `mail.password_env`: the NAME of an environment variable, never the password itself."""
    if isinstance(value, str) and ENV_NAME_PATTERN.fullmatch(value):
        return None
    return "expected the name of an environment variable (letters, digits, _), such as MONITOR_MAIL_PASSWORD"


def check_app_url(value: Any) -> str | None:
    """Config check of `mail.app_url`: where the app answers, for the links in a digest."""
    if isinstance(value, str) and re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        return None
    return "expected the app's address such as https://monitor.usn.no (http:// or https://, no query)"


# --- notify.* ----------------------------------------------------------------------------------

# What a user hears about (issue 18, monitor/notify/rules.py). Each rule's setting, by the name it has under
# notify. and in a project's entry of notify.by_project: reminders N days before a deadline (and the day after a
# missed one), spent-share thresholds in per cent of a year's or the project's plan, the forecast at completion over
# the budget, overdue milestones and deliverables, approvals waiting longer than N days (null: off), a partner's
# rejected in-kind report. An empty list or false switches a rule off for the project.
DEFAULT_DEADLINE_OFFSETS = [14, 2]
DEFAULT_BUDGET_THRESHOLDS = [50, 75, 90]
NOTIFY_RULE_SETTINGS = (
    "deadline_offsets",
    "budget_thresholds",
    "forecast_over_budget",
    "overdue",
    "approval_days",
    "inkind_rejected",
)


def check_deadline_offsets(value: Any) -> str | None:
    """Config check of `notify.deadline_offsets`: whole days before a deadline (1-365), each once."""
    return _distinct_whole_numbers(value, 1, 365, "days before a deadline, such as [14, 2]")


def check_budget_thresholds(value: Any) -> str | None:
    """Config check of `notify.budget_thresholds`: per cent of a plan (1-1000: over 100 % is an overspend)."""
    return _distinct_whole_numbers(value, 1, 1000, "per cent of the plan, such as [50, 75, 90]")


def check_approval_days(value: Any) -> str | None:
    """Config check of `notify.approval_days`: whole days (0-365), or null for no reminders of waiting approvals."""
    if value is None or (_whole(value) and 0 <= value <= 365):
        return None
    return "expected a whole number of days from 0 to 365, or null to switch the rule off"


def check_switch(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


NOTIFY_CHECKS = {
    "deadline_offsets": check_deadline_offsets,
    "budget_thresholds": check_budget_thresholds,
    "forecast_over_budget": check_switch,
    "overdue": check_switch,
    "approval_days": check_approval_days,
    "inkind_rejected": check_switch,
}


def check_notify_by_project(value: Any) -> str | None:
    """Config check of `notify.by_project`: project id -> {rule setting: value}, each value checked as the
    notify.* setting of the same name (e.g. {mwinc: {budget_thresholds: [80, 95]}})."""
    if not isinstance(value, dict):
        return "expected a map of project id -> {setting: value}, such as {mwinc: {budget_thresholds: [80, 95]}}"
    for project, overrides in value.items():
        if not isinstance(overrides, dict):
            return f"{project}: expected a map of setting -> value"
        for name, setting in overrides.items():
            if name not in NOTIFY_CHECKS:
                return f"{project}: unknown setting {name!r}; settings are {', '.join(NOTIFY_RULE_SETTINGS)}"
            problem = NOTIFY_CHECKS[name](setting)
            if problem:
                return f"{project}: {name}: {problem}"
    return None


def _distinct_whole_numbers(value: Any, low: int, high: int, meaning: str) -> str | None:
    if not isinstance(value, list) or not all(_whole(v) and low <= v <= high for v in value):
        return f"expected a list of whole numbers from {low} to {high}: {meaning} (an empty list: off)"
    return None if len(set(value)) == len(value) else f"each number once: {meaning}"
