"""Reporting a month's hours and the leader's decisions on the one effort register (issue 17).

A partner reports its own people's hours per work package and month (a leader or admin may report on a partner's
behalf, as for in-kind hours); reported hours wait for the leader, and only approved hours count. Partners' in-kind
hours (monitor/partners/inkind.py, per day and valued at a rate) are part of the same register (the view
`effort_hours`, migration 015): the leader decides both kinds in one list, with one decision and one comment, in
one transaction.

Rules for a month's report (all checked before anything is written; every problem is named):
- the person is one of the project's (a partner user's own partner's), the work package one of the project's;
- the month (its first day) lies in the project period and is not after today's month;
- hours more than 0, at most two decimals, at most MAX_MONTH_HOURS (a month cannot hold more);
- one row per person × work package × month: reporting the month again replaces its hours and waits for a decision
  again; a month already approved, or imported from a timesheet, is not changed here (the leader corrects it in the
  hours register, or the next timesheet import does).
Hours of a year locked by a submitted report can be neither reported nor approved (YearLocked, nothing written).
Every write is audited in the same transaction; a refused attempt is logged (action `denied`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.errors import Conflict, Invalid, NotFound, Problem
from monitor.money import CENT
from monitor.partners import inkind
from monitor.reports import locks

TABLE = "effort_actual"
DENIED = "denied"
INKIND = "inkind"  # the source of in-kind rows in effort_hours: decided by monitor/partners/inkind.py
REPORTED, APPROVED, REJECTED = "reported", "approved", "rejected"
# A month's hours are decided as in-kind reports are (the same checks, audit and lock), on their own table.
MONTH_ROWS = inkind.ReportedRows(TABLE, "effort_entry_one", "effort_decide", "month")
# 31 days × 24 h would be possible on paper; 300 h a month is already double a full-time month (1 850 / 12).
MAX_MONTH_HOURS = Decimal(300)
_ASCII_NUMBER = re.compile(r"[0-9]+([.,][0-9]+)?")


@dataclass(frozen=True)
class Rule(Problem):
    """A broken rule: `rule` names its catalog text (effort.problem.<rule>), `values` fill it in."""

    rule: str = ""
    values: tuple[tuple[str, Any], ...] = ()


def _broken(field_name: str, rule: str, reason: str, **values: Any) -> Rule:
    return Rule(None, None, field_name, reason, rule=rule, values=tuple(values.items()))


@dataclass(frozen=True)
class Entry:
    """A month's hours of one person and work package, as typed in."""

    person_id: int
    wp_code: str
    month: dt.date
    hours: Any


@dataclass(frozen=True)
class Reported:
    """What a report stored: its row, the month (its first day) and the hours."""

    effort_id: int
    month: dt.date
    hours: Decimal


# --- reading -----------------------------------------------------------------------------------


def people(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """The people hours may be reported for by this scope: person_id, partner_id, name, category. A partner user
    gets its own partner's; viewers report nothing and get none."""
    scope.require_project(project_id)
    if scope.role == "viewer":
        return pd.DataFrame(columns=["person_id", "partner_id", "name", "category"])
    return db.query(con, "effort_people_of", project_id=project_id, partner_id=scope.partner_filter())


def waiting(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """Hours waiting for a decision, both kinds: source (entered, timesheet, inkind), entry_id, partner_id,
    person_name, wp_code, month, work_date (in kind), hours, activity, reported_by, version. A partner sees its own
    (what it reported and waits for); a viewer is refused (logged)."""
    scope.require_project(project_id)
    if scope.role == "viewer":
        _deny(con, project_id, scope, "read", {"project_id": (None, project_id)})
    return db.query(con, "effort_waiting", project_id=project_id, partner_id=scope.partner_filter())


# --- reporting ---------------------------------------------------------------------------------


def report(con: db.Connection, project_id: str, entry: Entry, scope: Scope, today: dt.date) -> Reported:
    """Validate and store a month's hours (status reported); returns what was stored. Raises AccessDenied
    (logged), Invalid (nothing written), NotFound, or YearLocked (nothing written)."""
    scope.require_project(project_id)
    person = _person(con, project_id, entry.person_id)
    if person is None:
        raise Invalid([_broken("person_id", "unknown_person", f"no person {entry.person_id!r} in the project")])
    if not scope.may_report_for(project_id, person["partner_id"]):
        _deny(con, project_id, scope, "report", {"person_id": (None, entry.person_id)})
    with db.transaction(con):
        month, hours = _checked(con, project_id, entry, today)
        locks.refuse_changes(con, project_id, [month.year], scope)
        found = db.query(
            con,
            "effort_entry_find",
            project_id=project_id,
            person_id=entry.person_id,
            wp_code=entry.wp_code,
            month=month,
        )
        if found.empty:
            key = _insert(con, project_id, entry, month, hours, scope)
        else:
            key = _report_again(con, project_id, found.iloc[0], hours, scope)
    return Reported(key, month, hours)


def _person(con, project_id: str, person_id: Any) -> dict | None:
    try:
        key = int(person_id)
    except (TypeError, ValueError):
        return None
    found = db.query(con, "effort_people_of", project_id=project_id, partner_id=None)
    match = found[found["person_id"] == key]
    return None if match.empty else match.iloc[0].to_dict()


def _checked(con, project_id: str, entry: Entry, today: dt.date) -> tuple[dt.date, Decimal]:
    project = db.query(con, "project", project_id=project_id)
    if project.empty:
        raise NotFound(f"no project {project_id!r}")
    problems: list[Problem] = []
    wps = set(db.query(con, "work_packages", project_id=project_id)["wp_code"])
    if (entry.wp_code or "") not in wps:
        problems.append(
            _broken("wp_code", "unknown_wp", f"unknown work package {entry.wp_code!r}", code=entry.wp_code or "")
            if entry.wp_code
            else _broken("wp_code", "required", "value is required")
        )
    month = _month(entry.month, project.iloc[0], today, problems)
    hours = _hours(entry.hours, problems)
    if problems:
        raise Invalid(problems)
    return month, hours


def _month(value: Any, project: pd.Series, today: dt.date, problems: list[Problem]) -> dt.date:
    if not isinstance(value, dt.date):
        problems.append(_broken("month", "required", "value is required"))
        return today
    month = value.replace(day=1)
    first, last = project["start_date"].replace(day=1), project["end_date"]
    if not first <= month <= last:
        problems.append(
            _broken(
                "month", "outside_period", f"{month} is outside the project period", month=month, start=first, end=last
            )
        )
    elif month > today.replace(day=1):
        problems.append(_broken("month", "future", f"{month} is in the future", month=month))
    return month


def _hours(value: Any, problems: list[Problem]) -> Decimal:
    text = "" if value is None else str(value).strip()
    if not text:
        problems.append(_broken("hours", "required", "value is required"))
        return Decimal(0)
    try:
        # ASCII digits only: Decimal() would read Arabic-Indic or full-width digits too.
        hours = Decimal(text.replace(",", ".")) if _ASCII_NUMBER.fullmatch(text) else None
    except InvalidOperation:
        hours = None
    if hours is None:
        problems.append(_broken("hours", "not_a_number", f"{value!r} is not a number of hours", value=text))
        return Decimal(0)
    if not Decimal(0) < hours <= MAX_MONTH_HOURS:
        problems.append(_broken("hours", "month_range", f"{hours}: more than 0, at most 300", hours=hours))
    elif hours != hours.quantize(CENT):
        problems.append(_broken("hours", "hours_decimals", f"{hours}: at most two decimals", hours=hours))
    return hours.quantize(CENT) if not problems else hours


def _insert(con, project_id: str, entry: Entry, month: dt.date, hours: Decimal, scope: Scope) -> int:
    values = {"person_id": int(entry.person_id), "wp_code": entry.wp_code, "month": month, "hours": hours}
    key = int(db.scalar(con, "effort_report_insert", project_id=project_id, reported_by=scope.user, **values))
    changes = {name: (None, value) for name, value in {**values, "status": REPORTED}.items()}
    audit.record(con, scope.user, audit.INSERT, TABLE, key, changes, project_id)
    return key


def _report_again(con, project_id: str, row: pd.Series, hours: Decimal, scope: Scope) -> int:
    key = int(row["effort_id"])
    if row["status"] == APPROVED:
        raise Invalid([_broken("month", "already_approved", "this month is approved already")])
    if row["source"] != "entered":
        raise Invalid([_broken("month", "from_timesheet", "this month comes from a timesheet import")])
    updated = db.query(
        con,
        "effort_report_update",
        project_id=project_id,
        key=key,
        version=int(row["version"]),
        hours=hours,
        reported_by=scope.user,
    )
    if updated.empty:
        raise _conflict(con, project_id, key)
    changes = {"hours": (row["hours"], hours), "status": (row["status"], REPORTED)}
    audit.record(con, scope.user, audit.UPDATE, TABLE, key, changes, project_id)
    return key


# --- deciding ----------------------------------------------------------------------------------


def decide(
    con: db.Connection,
    project_id: str,
    versions: dict[tuple[str, int], int],
    status: str,
    comment: str,
    scope: Scope,
) -> int:
    """One decision (approve or reject, one comment) on waiting hours of both kinds, each read at its version:
    {(source, entry_id): version}. All in one transaction: when one changed since it was read, none is decided
    (Conflict naming it, the attempt logged). Returns how many were decided. Leaders and admins only (others
    refused and logged); a rejection needs a comment; approving hours of a locked year raises YearLocked."""
    if status not in (APPROVED, REJECTED):
        raise ValueError(f"unknown decision {status!r}")
    chosen = {(source, int(key)): int(version) for (source, key), version in versions.items()}
    if not scope.may_edit(project_id):
        _deny(con, project_id, scope, "decide", {"entry_id": (None, ", ".join(str(k) for _, k in chosen) or "–")})
    comment = (comment or "").strip() or None
    if not chosen:
        raise Invalid([_broken("entry_id", "none_chosen", "choose at least one report")])
    if status == REJECTED and comment is None:
        raise Invalid([_broken("decision_comment", "comment_required", "a rejection needs a comment")])
    try:
        with db.transaction(con):
            for (source, key), version in chosen.items():
                if source == INKIND:
                    inkind.write_decision(con, project_id, key, version, status, comment, scope)
                else:
                    inkind.write_decision(con, project_id, key, version, status, comment, scope, MONTH_ROWS)
    except Conflict as conflict:
        with db.transaction(con):
            audit.record(
                con, scope.user, audit.REFUSED, conflict.table, conflict.key, {"status": (None, status)}, project_id
            )
        raise
    return len(chosen)


# --- shared ------------------------------------------------------------------------------------


def _deny(con, project_id: str, scope: Scope, what: str, changes: dict) -> None:
    """Log the refused attempt (in its own transaction: nothing else is written) and raise."""
    with db.transaction(con):
        audit.record(con, scope.user, DENIED, TABLE, what, changes, project_id)
    raise AccessDenied(f"{scope.user} ({scope.role}) may not {what} effort hours in project {project_id!r}")


def _conflict(con, project_id: str, key: int) -> Conflict:
    last = audit.last_change(con, project_id, TABLE, key)
    return Conflict(TABLE, key, *(last or (None, None)))
