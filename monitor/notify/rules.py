"""The rules (issue 18): what each user should hear about as of a day, over every project of their scope.

One `evaluate` feeds the in-app list (monitor/notify/inbox.py), the e-mail digest and anything else that tells a
user: each thing on each occasion is one `Item` with a stable key (monitor/notify/items.py), so a read or a sent
mark sticks to it and the next evaluation on the same data gives the same keys.

Who hears what (the scope decides, then the user's own choices, then the project's config):
- leaders and admins: their projects' funder reports, milestones and deliverables ahead of and past their
  deadlines, budget thresholds, the forecast over the budget, approvals waiting;
- a partner: only its own organisation's things: the deliverables it is responsible for (ahead, overdue) and its
  rejected in-kind reports. Never budget figures (a share of the project's plan tells the project's spending),
  never the funder's reports, never another partner's rows;
- a viewer (the funder, a board): the funder's reporting deadlines only, which the Funder report page shows it too.

Occasions and their keys (`rule:project:what:...`):
- deadline: `:-N` from N days before the deadline (each configured N) until the next, nearer reminder of the same
  deadline takes over, the nearest until the deadline (one line per deadline in the list, each reminder sent
  once), and for a funder report `:+1` from the day after a missed deadline until it is submitted. A milestone's or deliverable's key carries its
  due date, so a re-planned date gives new reminders. A milestone or deliverable past due is the overdue rule's
  item (one thing, one item: a user who wants it chooses that rule).
- budget: `budget:P:YEAR:T` (the current year's plan) and `budget:P:project:T`, dated the day the spent share
  reached T %.
- forecast: `forecast:P:PLAN_VERSION`: over the budget of this plan version (a re-plan is a new occasion).
- overdue: `overdue:P:KIND:CODE:DUE`; approval: `approval:P:inkind:ID` / `approval:P:hours:ID`;
  rejected: `rejected:P:inkind:ID`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.money import ZERO, total
from monitor.notify.items import APPROVAL, BUDGET, DEADLINE, FORECAST, OVERDUE, REJECTED, RULES, Item
from monitor.project import load as project_load
from monitor.project.status import headline, schedule_items
from monitor.reports import calendar, snapshot
from monitor.schedule import rules as schedule_rules

REPORT_PAGE, SCHEDULE_PAGE, BUDGET_PAGE = "pages/report.py", "pages/schedule.py", "pages/budget.py"
OVERVIEW_PAGE, INKIND_PAGE, EFFORT_PAGE = "pages/overview.py", "pages/inkind.py", "pages/effort.py"
CHOICE_TABLE = "notification_choice"

# The rules each role may receive at all (the Notifications page offers these as the user's choices).
ROLE_RULES = {
    "admin": (DEADLINE, BUDGET, FORECAST, OVERDUE, APPROVAL),
    "leader": (DEADLINE, BUDGET, FORECAST, OVERDUE, APPROVAL),
    "partner": (DEADLINE, OVERDUE, REJECTED),
    "viewer": (DEADLINE,),
}


@dataclass(frozen=True)
class ProjectRules:
    """A project's notify.* settings after its notify.by_project overrides."""

    deadline_offsets: tuple[int, ...]
    budget_thresholds: tuple[int, ...]
    forecast_over_budget: bool
    overdue: bool
    approval_days: int | None
    inkind_rejected: bool


def project_rules(settings, project_id: str) -> ProjectRules:
    overrides = settings["notify.by_project"].get(project_id) or {}

    def value(name: str) -> Any:
        return overrides.get(name, settings[f"notify.{name}"])

    return ProjectRules(
        deadline_offsets=tuple(sorted(value("deadline_offsets"), reverse=True)),
        budget_thresholds=tuple(sorted(value("budget_thresholds"))),
        forecast_over_budget=value("forecast_over_budget"),
        overdue=value("overdue"),
        approval_days=value("approval_days"),
        inkind_rejected=value("inkind_rejected"),
    )


def rules_for(scope: Scope) -> tuple[str, ...]:
    """The rules the scope's role may receive, in RULES order."""
    return ROLE_RULES.get(scope.role, ())


def evaluate(
    con: db.Connection, scope: Scope, settings, today: dt.date, project_ids: Iterable[str] | None = None
) -> list[Item]:
    """Every item the scope's user should hear about as of `today`, over every project of the scope (or the
    `project_ids` named, each of the scope), filtered by the user's choices; by date, then key. An administrator's
    scope is every project of the database: callers name the projects (see admin_projects)."""
    chosen = choices(con, scope)
    wanted = frozenset(rule for rule in rules_for(scope) if chosen[rule])
    items: list[Item] = []
    if wanted:
        every = project_load.list_projects(con, scope)["project_id"] if project_ids is None else project_ids
        for project_id in every:
            items += project_items(con, project_id, scope, settings, today, wanted)
    return sorted(items, key=lambda item: (item.date, item.key))


def admin_projects(scope: Scope, chosen: Iterable[str] | None) -> tuple[str, ...] | None:
    """The projects an administrator hears about: the ones `chosen` (the sidebar's project in the app, the projects
    named in the users file for e-mail). Every project of a database of hundreds would be a list no one reads (and
    took 38 s to evaluate at 300 projects). None for other roles: their scope's projects."""
    return tuple(chosen or ()) if scope.is_admin else None


def project_items(
    con: db.Connection, project_id: str, scope: Scope, settings, today: dt.date, wanted: Iterable[str] = RULES
) -> list[Item]:
    """One project's items for the scope as of `today`, of the `wanted` rules the role may receive."""
    scope.require_project(project_id)
    wanted = set(wanted) & set(rules_for(scope))
    rules = project_rules(settings, project_id)
    if scope.role == "viewer":
        project = project_load.project_row(con, project_id, scope)
        return list(_reports(con, project, scope, settings, today, rules)) if DEADLINE in wanted else []
    data = project_load.load_project(con, project_id, today, scope)
    schedule = _own(con, data, scope, schedule_items(data, settings["status.look_ahead_days"]))
    found: list[Item] = []
    if DEADLINE in wanted and rules.deadline_offsets:
        if scope.partner_filter() is None:
            found += _reports(con, data.project, scope, settings, today, rules)
        found += _schedule_ahead(data.project, schedule, today, rules.deadline_offsets)
    if OVERDUE in wanted and rules.overdue:
        found += _overdue(data.project, schedule)
    if BUDGET in wanted and rules.budget_thresholds:
        found += _budget(con, data, scope, today, rules.budget_thresholds)
    if FORECAST in wanted and rules.forecast_over_budget:
        found += _forecast(data, today)
    if APPROVAL in wanted and rules.approval_days is not None:
        found += _approvals(con, data.project, today, rules.approval_days)
    if REJECTED in wanted and rules.inkind_rejected:
        found += _rejected(con, data.project, scope, today)
    return found


# --- deadlines ---------------------------------------------------------------------------------


def _reports(con, project: dict, scope: Scope, settings, today: dt.date, rules: ProjectRules) -> Iterator[Item]:
    """The funder's reports not submitted as of today: reminders ahead, and the missed ones."""
    if not rules.deadline_offsets:
        return
    project_id = project["project_id"]
    report_rules = calendar.Rules(
        settings["report.progress_due"], settings["report.accounts_due"], settings["report.final_due_months"]
    )
    submitted = snapshot.first_submissions(snapshot.snapshots(con, project_id, scope))
    kept_here = project_load.reports_kept_here(con, project_id, scope)  # else a past deadline is not "missed"
    table = calendar.calendar(project["start_date"], project["end_date"], report_rules, submitted, today, kept_here)
    for row in table.to_dict("records"):
        if row["status"] == calendar.SUBMITTED:
            continue
        kind, deadline = row["kind"], row["deadline"]
        what = f"report:{kind}:{row['period']}"
        values = {"project": project["acronym"], "period": row["period"], "deadline": deadline}
        for offset in _offsets_running(deadline, today, rules.deadline_offsets):
            yield _item(
                DEADLINE,
                project_id,
                f"{what}:-{offset}",
                deadline,
                _ahead_text(f"notify.report.{kind}", deadline, today),
                {**values, "days": (deadline - today).days},
                REPORT_PAGE,
            )
        if row["status"] == calendar.OVERDUE:
            yield _item(
                DEADLINE,
                project_id,
                f"{what}:+1",
                deadline,
                f"notify.report.{kind}.missed",
                {**values, "days": (today - deadline).days},
                REPORT_PAGE,
            )


def _offsets_running(deadline: dt.date, today: dt.date, offsets: tuple[int, ...]) -> list[int]:
    """The offset whose reminder runs today (none or one): the nearest one whose day has come, until the deadline.
    14 and 2: the 14-day reminder from 14 days before to 3 days before, the 2-day one from 2 days before to the
    deadline's day."""
    if not today <= deadline:
        return []
    started = [offset for offset in offsets if deadline - dt.timedelta(days=offset) <= today]
    return [min(started)] if started else []


def _ahead_text(prefix: str, deadline: dt.date, today: dt.date) -> str:
    return f"{prefix}.today" if deadline == today else f"{prefix}.ahead"


def _own(con, data: project_load.ProjectData, scope: Scope, schedule: pd.DataFrame) -> pd.DataFrame:
    """The milestones and deliverables the scope hears about: all of them, or a partner's own deliverables."""
    partner = scope.partner_filter()
    if partner is None:
        return schedule
    owners = dict(zip(data.deliverables["code"], data.deliverables["responsible_partner_id"], strict=True))
    mine = [
        kind == "deliverable" and owners.get(code) == partner
        for kind, code in zip(schedule["kind"], schedule["code"], strict=True)
    ]
    return schedule[mine]


def _schedule_ahead(project: dict, schedule: pd.DataFrame, today: dt.date, offsets: tuple[int, ...]) -> list[Item]:
    items = []
    for row in schedule.to_dict("records"):
        if row["status"] == schedule_rules.DONE:
            continue
        due = _date(row["due_date"])
        for offset in _offsets_running(due, today, offsets):
            items.append(
                _item(
                    DEADLINE,
                    project["project_id"],
                    f"{row['kind']}:{row['code']}:{due.isoformat()}:-{offset}",
                    due,
                    _ahead_text(f"notify.{row['kind']}", due, today),
                    {
                        "project": project["acronym"],
                        "code": row["code"],
                        "title": row["title"],
                        "deadline": due,
                        "days": (due - today).days,
                    },
                    SCHEDULE_PAGE,
                )
            )
    return items


def _overdue(project: dict, schedule: pd.DataFrame) -> list[Item]:
    overdue = schedule[schedule["status"] == schedule_rules.OVERDUE]
    return [
        _item(
            OVERDUE,
            project["project_id"],
            f"{row['kind']}:{row['code']}:{_date(row['due_date']).isoformat()}",
            _date(row["due_date"]),
            f"notify.{row['kind']}.overdue",
            {
                "project": project["acronym"],
                "code": row["code"],
                "title": row["title"],
                "deadline": _date(row["due_date"]),
                "days": int(row["days_overdue"]),
            },
            SCHEDULE_PAGE,
        )
        for row in overdue.to_dict("records")
    ]


# --- money -------------------------------------------------------------------------------------


def _budget(con, data: project_load.ProjectData, scope: Scope, today: dt.date, thresholds) -> list[Item]:
    """Each threshold the spent share of this year's plan, and of the whole plan, has reached, dated the day it
    was reached. Leaders and admins only (a partner is never offered the rule)."""
    spent = db.query(
        con, "notify_spent_by_day", project_id=data.project_id, as_of=today, partner_id=scope.partner_filter()
    )
    plan = data.cost_plan
    year = today.year
    this_year = spent[spent["year"] == year] if not spent.empty else spent
    measures = (
        (f"{year}", "notify.budget.year", total(plan.loc[plan["year"] == year, "amount"]), this_year),
        ("project", "notify.budget.project", total(plan["amount"]), spent),
    )
    items = []
    for what, text, planned, days in measures:
        for threshold, reached_on, amount in reached(days, planned, thresholds):
            items.append(
                _item(
                    BUDGET,
                    data.project_id,
                    f"{what}:{threshold}",
                    reached_on,
                    text,
                    {
                        "project": data.project["acronym"],
                        "year": year,
                        "threshold": threshold,
                        "date": reached_on,
                        "share": (amount * 100 / planned).quantize(Decimal("0.1")),
                        "amount": amount,
                        "planned": planned,
                    },
                    BUDGET_PAGE,
                )
            )
    return items


def reached(days: pd.DataFrame, planned: Decimal, thresholds: Iterable[int]) -> list[tuple[int, dt.date, Decimal]]:
    """(threshold, the first day the cumulative spend reached threshold % of `planned`, the spend up to today)
    for each threshold reached; none without a plan. `days` has day and amount per day (notify_spent_by_day)."""
    if planned <= ZERO or days.empty:
        return []
    by_day = days.groupby("day", sort=True)["amount"].apply(total)
    spent_now, running, found = total(by_day), ZERO, {}
    for day, amount in by_day.items():
        running += amount
        for threshold in thresholds:
            if threshold not in found and running * 100 >= planned * threshold:
                found[threshold] = _date(day)
    return [(threshold, found[threshold], spent_now) for threshold in thresholds if threshold in found]


def _forecast(data: project_load.ProjectData, today: dt.date) -> list[Item]:
    """The Overview's forecast at completion (the run rate so far) over the budget of the current plan."""
    figures = headline(data)
    if figures.budget <= ZERO or figures.forecast <= figures.budget:
        return []
    return [
        _item(
            FORECAST,
            data.project_id,
            data.plan_version,
            today,
            "notify.forecast",
            {
                "project": data.project["acronym"],
                "amount": figures.forecast,
                "planned": figures.budget,
                "difference": figures.forecast - figures.budget,
            },
            OVERVIEW_PAGE,
        )
    ]


# --- approvals ---------------------------------------------------------------------------------


def _approvals(con, project: dict, today: dt.date, days: int) -> list[Item]:
    """In-kind reports and month hours waiting for the leader's decision longer than `days` days."""
    project_id, acronym = project["project_id"], project["acronym"]
    items = []
    for row in db.records(con, "notify_inkind_waiting", project_id=project_id, as_of=today):
        since = _date(row["since"])
        if since <= today and (today - since).days > days:
            items.append(
                _item(
                    APPROVAL,
                    project_id,
                    f"inkind:{row['contribution_id']}",
                    since,
                    "notify.approval.inkind",
                    {
                        "project": acronym,
                        "partner": row["partner_name"],
                        "hours": row["hours"],
                        "work_date": _date(row["work_date"]),
                        "since": since,
                        "days": (today - since).days,
                    },
                    INKIND_PAGE,
                    partner_id=row["partner_id"],
                )
            )
    for row in db.records(con, "notify_hours_waiting", project_id=project_id, as_of=today):
        since = _date(row["reported_on"]) if row["reported_on"] is not None else _month_end(_date(row["month"]))
        if since <= today and (today - since).days > days:
            items.append(
                _item(
                    APPROVAL,
                    project_id,
                    f"hours:{row['effort_id']}",
                    since,
                    "notify.approval.hours",
                    {
                        "project": acronym,
                        "person": row["person_name"] or "–",
                        "wp": row["wp_code"],
                        "month": _date(row["month"]),
                        "since": since,
                        "days": (today - since).days,
                    },
                    EFFORT_PAGE,
                )
            )
    return items


def _month_end(month: dt.date) -> dt.date:
    """A month's hours without an entry in the audit log (seeded) count as waiting from the month's last day."""
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _rejected(con, project: dict, scope: Scope, today: dt.date) -> list[Item]:
    """A partner's own in-kind reports that were rejected, with the reason; for that partner's users only."""
    partner = scope.partner_filter()
    if partner is None:
        return []
    project_id = project["project_id"]
    rows = db.records(con, "notify_inkind_rejected", project_id=project_id, partner_id=partner)
    return [
        _item(
            REJECTED,
            project_id,
            f"inkind:{row['contribution_id']}",
            _date(row["decided_on"]),
            "notify.rejected",
            {
                "project": project["acronym"],
                "hours": row["hours"],
                "work_date": _date(row["work_date"]),
                "activity": row["activity"] or "–",
                "comment": row["decision_comment"] or "–",
            },
            INKIND_PAGE,
            partner_id=row["partner_id"],
        )
        for row in rows
        if _date(row["decided_on"]) <= today
    ]


# --- the user's choices ------------------------------------------------------------------------


def choices(con: db.Connection, scope: Scope, user: str | None = None) -> dict[str, bool]:
    """{rule: whether the user receives it} for every rule: on unless the user switched it off. A user reads
    their own choices; an admin anyone's."""
    user = _own_user(scope, user)
    chosen = {rule: True for rule in RULES}
    for row in db.records(con, "notify_choices", user_name=user):
        if row["rule"] in chosen:
            chosen[row["rule"]] = bool(row["enabled"])
    return chosen


def set_choice(con: db.Connection, user: str, rule: str, enabled: bool, scope: Scope) -> None:
    """Switch one rule on or off for a user (their own; an admin anyone's), in the audit log."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; rules are {', '.join(RULES)}")
    user = _own_user(scope, user)
    before = choices(con, scope, user)[rule]
    with db.transaction(con):
        db.execute(con, "notify_choice_delete", user_name=user, rule=rule)
        db.execute(con, "notify_choice_insert", user_name=user, rule=rule, enabled=bool(enabled))
        audit.record(con, scope.user, audit.UPDATE, CHOICE_TABLE, f"{user}:{rule}", {"enabled": (before, enabled)})


def _own_user(scope: Scope, user: str | None) -> str:
    if user is None or user == scope.user:
        return scope.user
    if not scope.is_admin:
        raise AccessDenied(f"{scope.user} ({scope.role}) may not read or change {user}'s notification choices")
    return user


# --- shared ------------------------------------------------------------------------------------


def _item(
    rule: str,
    project_id: str,
    what: str,
    day: dt.date,
    text: str,
    values: dict[str, Any],
    page: str,
    partner_id: str | None = None,
) -> Item:
    return Item(
        key=f"{rule}:{project_id}:{what}",
        rule=rule,
        project_id=project_id,
        date=day,
        text=text,
        values=tuple(values.items()),
        page=page,
        query=(("project", project_id),),
        partner_id=partner_id,
    )


def _date(value: Any) -> dt.date:
    """A date from the database or pandas (a Timestamp, a datetime) as a plain date."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value
