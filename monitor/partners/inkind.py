"""In-kind self-service: partners report hours, the project leader approves or rejects them.

Rules for a report (all checked before anything is written; every problem is named):
- hours: more than 0, at most 24, at most two decimals; and one person or role cannot have more than
  24 hours (not rejected) on one day for one partner, counting what is already reported;
- work date inside the project period and not after today (hours are reported once worked);
- work package: required, and one of the project's; person or role and activity: required text;
- the hourly rate is not typed in: it comes from configuration, `inkind.rates_by_partner` for the
  partner, else `inkind.rates_by_sector` for its sector; amount = hours × rate, rounded to øre.

Who may do what: a partner user reports only for its own partner; leaders and admins may report for
any partner of their projects (on a partner's behalf); viewers never. Only leaders and admins decide.
A refused attempt is written to the audit log (action `denied`), and every write is logged together
with the change, in the same transaction. A decision carries the version the leader read: when the row
changed since (another leader decided it), the decision is refused and that attempt logged too.
Only approved contributions count as actual cost (see sql/actual_cost.sql). Hours dated in a locked year
(monitor.reports.locks) can be neither reported nor approved: YearLocked, nothing written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.config_rules import hourly_amount
from monitor.errors import Conflict, Invalid, NotFound, Problem
from monitor.money import CENT
from monitor.reports import locks

TABLE = "inkind_contribution"
DENIED = "denied"
MAX_HOURS_PER_DAY = Decimal(24)
_ASCII_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_TEXT = 500
REPORTED, APPROVED, REJECTED = "reported", "approved", "rejected"

# --- problems: said in the user's language ------------------------------------------------------


@dataclass(frozen=True)
class Rule(Problem):
    """A broken rule: `rule` names its catalog text (inkind.problem.<rule>), `values` fill it in.
    str() stays the English reason, for logs and the command line; the pages say it in nb or en."""

    rule: str = ""
    values: tuple[tuple[str, Any], ...] = ()


def _broken(field_name: str, rule: str, reason: str, **values: Any) -> Rule:
    return Rule(None, None, field_name, reason, rule=rule, values=tuple(values.items()))


def hourly_rate(settings, partner_id: str, sector: str) -> Decimal | None:
    """The configured NOK per hour of a partner: its own rate, else its sector's; None when neither is set."""
    by_partner = settings["inkind.rates_by_partner"] or {}
    value = by_partner.get(partner_id, (settings["inkind.rates_by_sector"] or {}).get(sector))
    return None if value is None else hourly_amount(value)


# --- reading -----------------------------------------------------------------------------------


def rows(con: db.Connection, project_id: str, scope: Scope, status: str | None = None) -> pd.DataFrame:
    """Detail rows (with person names) — a partner user gets only its own partner's, viewers none."""
    scope.require_project(project_id)
    if scope.role == "viewer":
        _deny(con, project_id, scope, "read", {"project_id": (None, project_id)})
    return db.query(
        con, "inkind_rows", project_id=project_id, partner_id=scope.partner_filter(), status=status, key=None
    )


# --- reporting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One report of hours, as typed in."""

    partner_id: str
    work_date: dt.date
    person_role: str
    hours: Any
    activity: str
    wp_code: str


def report(con: db.Connection, project_id: str, entry: Entry, scope: Scope, settings, today: dt.date) -> int:
    """Validate and store a report of hours (status reported); returns its contribution id.
    Raises AccessDenied (logged), Invalid (nothing written), NotFound, or YearLocked when the work date is in a
    locked year (nothing written)."""
    _require_may_report(con, project_id, entry.partner_id, scope)
    with db.transaction(con):
        row = _checked(con, project_id, entry, settings, today)
        locks.refuse_changes(con, project_id, [row["work_date"].year], scope)
        params = {**row, "reported_by": scope.user}
        key = int(db.query(con, "inkind_insert", project_id=project_id, **params).iloc[0]["contribution_id"])
        audit.record(
            con,
            scope.user,
            audit.INSERT,
            TABLE,
            key,
            {name: (None, value) for name, value in params.items() if value is not None},
            project_id,
        )
    return key


def _require_may_report(con, project_id: str, partner_id: str, scope: Scope) -> None:
    if not scope.may_report_for(project_id, partner_id):
        _deny(con, project_id, scope, "report", {"partner_id": (None, partner_id)})


def _deny(con, project_id: str, scope: Scope, what: str, changes: dict) -> None:
    """Log the refused attempt (in its own transaction: nothing else is written) and raise."""
    with db.transaction(con):
        audit.record(con, scope.user, DENIED, TABLE, what, changes, project_id)
    raise AccessDenied(
        f"{scope.user} ({scope.role}) may not {what} in-kind contributions of "
        f"{next(iter(changes.values()))[1]!r} in project {project_id!r}"
    )


def _checked(con, project_id: str, entry: Entry, settings, today: dt.date) -> dict[str, Any]:
    project = db.query(con, "project", project_id=project_id)
    if project.empty:
        raise NotFound(f"no project {project_id!r}")
    partners = db.query(con, "partners", project_id=project_id).set_index("partner_id")
    wps = set(db.query(con, "work_packages", project_id=project_id)["wp_code"])
    problems: list[Problem] = []
    hours = _hours(entry.hours, problems)
    person = _text(entry.person_role, "person_role", problems)
    activity = _text(entry.activity, "activity", problems)
    _check_date(entry.work_date, project.iloc[0], today, problems)
    wp_code = (entry.wp_code or "").strip()
    if wp_code not in wps:
        problems.append(
            _broken("wp_code", "unknown_wp", f"unknown work package {wp_code!r}", code=wp_code)
            if wp_code
            else _broken("wp_code", "required", "value is required")
        )
    rate = _partner_rate(entry.partner_id, partners, settings, problems)
    if hours is not None and person and not problems:
        _check_day(con, project_id, entry, person, hours, problems)
    if problems:
        raise Invalid(problems)
    return {
        "partner_id": entry.partner_id,
        "work_date": entry.work_date,
        "person_role": person,
        "hours": hours,
        "hourly_rate": rate,
        "amount": (hours * rate).quantize(CENT, ROUND_HALF_UP),
        "activity": activity,
        "wp_code": wp_code,
    }


def _hours(value: Any, problems: list[Problem]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(_broken("hours", "required", "value is required"))
        return None
    text = str(value).strip().replace(",", ".")
    try:
        # Decimal() reads Arabic-Indic or full-width digits as 123: typed hours take ASCII digits only.
        hours = Decimal(text) if not isinstance(value, bool) and _ASCII_NUMBER.fullmatch(text) else None
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite():
        problems.append(_broken("hours", "not_a_number", f"{value!r} is not a number of hours", value=str(value)))
        return None
    if not Decimal(0) < hours <= MAX_HOURS_PER_DAY:
        problems.append(
            _broken("hours", "hours_range", f"{hours} hours: expected more than 0 and at most 24", hours=hours)
        )
    elif hours != hours.quantize(CENT):
        problems.append(_broken("hours", "hours_decimals", f"{hours}: at most two decimals", hours=hours))
    return hours.quantize(CENT) if not problems else hours


def _text(value: Any, name: str, problems: list[Problem]) -> str | None:
    text = str(value).strip() if value is not None else ""
    if not text:
        problems.append(_broken(name, "required", "value is required"))
        return None
    if len(text) > MAX_TEXT:
        problems.append(_broken(name, "too_long", f"at most {MAX_TEXT} characters", max=MAX_TEXT))
    return text


def _check_date(work_date: Any, project: pd.Series, today: dt.date, problems: list[Problem]) -> None:
    if not isinstance(work_date, dt.date) or isinstance(work_date, dt.datetime):
        problems.append(_broken("work_date", "not_a_date", f"{work_date!r} is not a date"))
        return
    start, end = project["start_date"], project["end_date"]
    if not start <= work_date <= end:
        problems.append(
            _broken(
                "work_date",
                "outside_period",
                f"{work_date.isoformat()} is outside the project period {start.isoformat()} – {end.isoformat()}",
                date=work_date,
                start=start,
                end=end,
            )
        )
    elif work_date > today:
        problems.append(_broken("work_date", "future", f"{work_date.isoformat()} is in the future", date=work_date))


def _partner_rate(partner_id: str, partners: pd.DataFrame, settings, problems: list[Problem]) -> Decimal | None:
    if partner_id not in partners.index:
        problems.append(_broken("partner_id", "unknown_partner", f"unknown partner {partner_id!r}"))
        return None
    rate = hourly_rate(settings, partner_id, partners.loc[partner_id, "sector"])
    if rate is None:
        problems.append(
            _broken("hourly_rate", "no_rate", f"no hourly rate configured for {partner_id!r} or its sector")
        )
    return rate


def _check_day(con, project_id: str, entry: Entry, person: str, hours: Decimal, problems: list[Problem]) -> None:
    booked = Decimal(
        db.scalar(
            con,
            "inkind_day_hours",
            project_id=project_id,
            partner_id=entry.partner_id,
            work_date=entry.work_date,
            person_role=person,
        )
    )
    if booked + hours > MAX_HOURS_PER_DAY:
        # The person's name stays out of the message: messages are shown as Markdown.
        problems.append(
            _broken(
                "hours",
                "day_full",
                f"this person or role already has {booked} hours on {entry.work_date.isoformat()}; at most 24 a day",
                booked=booked,
                date=entry.work_date,
            )
        )


# --- deciding ----------------------------------------------------------------------------------


def decide(
    con: db.Connection,
    project_id: str,
    contribution_id: int,
    version: int,
    status: str,
    comment: str,
    scope: Scope,
) -> int:
    """Approve or reject a reported contribution read at `version`; returns the new version.
    A rejection needs a comment. Raises AccessDenied (logged), Invalid, NotFound or Conflict (logged)."""
    return decide_many(con, project_id, {contribution_id: version}, status, comment, scope)[int(contribution_id)]


def decide_many(
    con: db.Connection, project_id: str, versions: dict[int, int], status: str, comment: str, scope: Scope
) -> dict[int, int]:
    """One decision (approve or reject, one comment) on several reported contributions, each read at its
    version ({contribution id: version}); returns {contribution id: new version}. All in one transaction:
    when one of them changed since it was read, none is decided (Conflict naming it, the attempt logged).
    Each row is checked and audited exactly as a single decision. Raises AccessDenied, Invalid, NotFound."""
    if status not in (APPROVED, REJECTED):
        raise ValueError(f"unknown decision {status!r}")
    keys = {int(key): int(version) for key, version in versions.items()}
    if not scope.may_edit(project_id):
        _deny(con, project_id, scope, "decide", {"contribution_id": (None, ", ".join(map(str, keys)) or "–")})
    comment = (comment or "").strip() or None
    if not keys:
        raise Invalid([_broken("contribution_id", "none_chosen", "choose at least one report")])
    if status == REJECTED and comment is None:
        raise Invalid([_broken("decision_comment", "comment_required", "a rejection needs a comment")])
    try:
        with db.transaction(con):
            return {
                key: write_decision(con, project_id, key, version, status, comment, scope)
                for key, version in keys.items()
            }
    except Conflict as conflict:
        with db.transaction(con):
            audit.record(
                con,
                scope.user,
                audit.REFUSED,
                TABLE,
                conflict.key,
                {"status": (None, status), "version": (keys[conflict.key], None)},
                project_id,
            )
        raise conflict


@dataclass(frozen=True)
class ReportedRows:
    """A table of reported rows the leader decides (in-kind contributions here, a month's hours in
    monitor/effort/hours.py): its name, the named query that reads one row (`key`, with `params`), the one that writes
    the decision, and the date column whose year a lock protects."""

    table: str
    read: str
    decide: str
    day: str
    params: tuple[tuple[str, Any], ...] = ()


INKIND_ROWS = ReportedRows(TABLE, "inkind_rows", "inkind_decide", "work_date", (("partner_id", None), ("status", None)))


def write_decision(
    con,
    project_id: str,
    key: int,
    version: int,
    status: str,
    comment: str | None,
    scope: Scope,
    rows: ReportedRows = INKIND_ROWS,
) -> int:
    """Approve or reject one reported row read at `version`, inside the caller's transaction: version-checked
    (Conflict naming who changed it), lock-checked when approving, audited. Returns the new version."""
    found = db.query(con, rows.read, project_id=project_id, key=key, **dict(rows.params))
    if found.empty:
        raise NotFound(f"no {rows.table} row {key} in project {project_id}")
    old = found.iloc[0]
    if int(old["version"]) != version or old["status"] != REPORTED:
        raise _conflict(con, project_id, key, rows.table)
    if status == APPROVED:  # approved hours count (as cost of their year, or as effort); a rejection changes no figure
        locks.refuse_changes(con, project_id, [old[rows.day].year], scope)
    updated = db.query(
        con,
        rows.decide,
        project_id=project_id,
        key=key,
        version=version,
        status=status,
        decided_by=scope.user,
        decision_comment=comment,
    )
    if updated.empty:
        raise _conflict(con, project_id, key, rows.table)
    changes = {"status": (old["status"], status), "decided_by": (old["decided_by"], scope.user)}
    if comment is not None:
        changes["decision_comment"] = (old["decision_comment"], comment)
    audit.record(con, scope.user, audit.UPDATE, rows.table, key, changes, project_id)
    return int(updated.iloc[0]["version"])


def _conflict(con, project_id: str, key: int, table: str = TABLE) -> Conflict:
    last = audit.last_change(con, project_id, table, key)
    return Conflict(table, key, *(last or (None, None)))
