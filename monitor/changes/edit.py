"""Change requests written: a draft started from the current plan, edited, submitted, and the Council's decision
recorded — each step validated, version-checked and audited, in one transaction, by a leader or an admin.

Lifecycle: draft -> submitted -> approved | rejected; only a draft is edited (or discarded). Every step names the
request version the user read (optimistic locking, as the registers do): a stale step is refused, logged, and
nothing is written. The Council's rules (rules.py) refuse a step with their catalog message, nothing written.

An approved budget or partners request becomes the new current plan version (budget/edit.py's write_version,
labelled with the request's title; the baseline never changes), its funding plan moved with the cost so each
year stays balanced (rules.funding_following). An approved period request sets the project's end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.budget import edit as budget_edit
from monitor.changes import load, rules
from monitor.codes import COST_CATEGORIES
from monitor.errors import Conflict, Invalid, Notice, Problem

TABLE, LINE_TABLE = "change_request", "change_request_line"


def invalid(problems: list[Problem]) -> Invalid:
    return Invalid(problems, column_label=column_label)


def column_label(name: str, lang: str) -> str:
    from monitor.i18n import catalog, t

    key = f"changes.col.{name}"
    return t(key, lang) if key in catalog() else name


# --- the public steps ----------------------------------------------------------------------------


def create_draft(
    con: db.Connection,
    project_id: str,
    kind: str,
    title: str,
    reason: str | None,
    scope: Scope,
    now: dt.datetime,
    new_end_date: dt.date | None = None,
) -> int:
    """A new draft; a budget or partners request starts from the current cost plan (all of it). Returns its id.
    Raises AccessDenied, or Invalid (an unknown kind, no title, another open request): nothing written."""
    scope.require_edit(project_id)
    with db.transaction(con):
        return _create(con, project_id, kind, title, reason, scope.user, now, new_end_date)


def update_draft(
    con: db.Connection,
    request_id: int,
    version: int,
    scope: Scope,
    title: str,
    reason: str | None,
    new_end_date: dt.date | None = None,
) -> int:
    """Change a draft's title, reason and (period request) new end date; returns the request's new version."""
    return _step(con, request_id, version, scope, lambda row: _update(con, row, title, reason, new_end_date, scope))


def set_lines(con: db.Connection, request_id: int, version: int, lines: pd.DataFrame, scope: Scope) -> int:
    """Replace a draft's proposed cost plan by `lines` (year, cost_category, partner_id, wp_code, amount; amounts as
    Decimal or as text a file or editor gives); each changed line audited. Returns the request's new version.
    Raises Invalid (a bad amount, an unknown year, category, partner or work package) with nothing written."""
    return _step(con, request_id, version, scope, lambda row: _set_lines(con, row, lines, scope))


def discard(con: db.Connection, request_id: int, version: int, scope: Scope) -> None:
    """Delete a draft and its lines (a submitted or decided request is the project's history and stays)."""
    _step(con, request_id, version, scope, lambda row: _discard(con, row, scope))


def submit(
    con: db.Connection,
    request_id: int,
    version: int,
    scope: Scope,
    today: dt.date,
    limits: rules.Limits | None = None,
) -> int:
    """Submit a draft to the funder on `today`, if the Council's rules allow it; returns the new version."""
    return _step(con, request_id, version, scope, lambda row: _submit(con, row, today, limits or rules.Limits(), scope))


def approve(
    con: db.Connection,
    request_id: int,
    version: int,
    scope: Scope,
    decided_on: dt.date,
    note: str | None,
    now: dt.datetime,
) -> int:
    """Record the Council's approval (dated `decided_on`) of a submitted request: a budget or partners request
    becomes the new current plan version, a period request sets the end date. Returns the new version."""
    return _step(con, request_id, version, scope, lambda row: _approve(con, row, decided_on, note, now, scope))


def reject(
    con: db.Connection, request_id: int, version: int, scope: Scope, decided_on: dt.date, note: str | None
) -> int:
    """Record the Council's rejection (dated `decided_on`) of a submitted request; the plan stays as it is."""
    return _step(con, request_id, version, scope, lambda row: _decide(con, row, "rejected", decided_on, note, scope))


def replay(
    con: db.Connection,
    project_id: str,
    story: dict[str, Any],
    changed_lines: list[dict[str, Any]],
    scope: Scope,
    limits: rules.Limits,
) -> int:
    """A request's history as the seed tells it, inside the caller's transaction: drafted at `created_at` from
    the current plan with `changed_lines` (plan lines with their proposed amounts) replacing or adding lines,
    then as far as its `status` says: submitted on `submitted_at`, approved or rejected on `decided_at`. The
    same rules and writes as in the app; returns the request's id."""
    scope.require_edit(project_id)
    now = story["created_at"]
    request_id = _create(
        con, project_id, story["kind"], story["title"], story.get("reason"), scope.user, now, story.get("new_end_date")
    )
    if story["kind"] in rules.PLAN_KINDS:
        _set_lines(con, _read(con, request_id, scope), _with_changes(_lines(con, request_id), changed_lines), scope)
    steps = {"draft": 0, "submitted": 1, "approved": 2, "rejected": 2}[story["status"]]
    if steps >= 1:
        _submit(con, _read(con, request_id, scope), story["submitted_at"], limits, scope)
    if story["status"] == "approved":
        decided = dt.datetime.combine(story["decided_at"], dt.time(12, 0))
        _approve(con, _read(con, request_id, scope), story["decided_at"], story.get("note"), decided, scope)
    if story["status"] == "rejected":
        _decide(con, _read(con, request_id, scope), "rejected", story["decided_at"], story.get("note"), scope)
    return request_id


def _with_changes(lines: pd.DataFrame, changed: list[dict[str, Any]]) -> pd.DataFrame:
    amounts = rules.by_line(lines)
    for line in changed:
        amounts[rules.line_key(line)] = line["amount"]
    return pd.DataFrame([(*key, amount) for key, amount in amounts.items()], columns=[*rules.LINE_KEYS, "amount"])


# --- one step: read at the version the user read, act, or refuse and log ---------------------------


def _step(con: db.Connection, request_id: int, version: int, scope: Scope, act: Callable[[dict], Any]) -> Any:
    project_id = load.project_of(con, request_id, scope)
    scope.require_edit(project_id)
    try:
        with db.transaction(con):
            row = _read(con, request_id, scope)
            if int(row["version"]) != int(version):
                raise _conflict(con, project_id, request_id)
            return act(row)
    except Conflict as conflict:
        _log_refused(con, project_id, request_id, version, scope.user)
        raise conflict from None
    except db.WriteConflict:  # another session committed a step of the same request meanwhile
        _log_refused(con, project_id, request_id, version, scope.user)
        raise _conflict(con, project_id, request_id) from None


def _read(con: db.Connection, request_id: int, scope: Scope) -> dict[str, Any]:
    return load.request(con, int(request_id), scope)


def _conflict(con: db.Connection, project_id: str, request_id: int) -> Conflict:
    last = audit.last_change(con, project_id, TABLE, request_id)
    return Conflict(TABLE, request_id, *(last or (None, None)))


def _log_refused(con: db.Connection, project_id: str, request_id: int, version: int, user: str) -> None:
    with db.transaction(con):
        audit.record(con, user, audit.REFUSED, TABLE, request_id, {"version": (version, None)}, project_id)


def _require_status(row: dict, *allowed: str) -> None:
    if row["status"] not in allowed:
        raise invalid([rules.problem("wrong_status", "status", status=row["status"], request=row["request_id"])])


def _bumped(con: db.Connection, row: dict, new_version: Any) -> int:
    if new_version is None:  # changed between the read above and this write
        raise _conflict(con, row["project_id"], row["request_id"])
    return int(new_version)


# --- the steps' work (inside a transaction) ------------------------------------------------------------


def _create(con, project_id: str, kind: str, title: str, reason, user: str, now: dt.datetime, new_end) -> int:
    problems = []
    if kind not in rules.KINDS:
        problems.append(rules.problem("unknown_kind", "kind", value=kind))
    if not (title or "").strip():
        problems.append(rules.problem("title_required", "title"))
    problems += rules.open_problems(db.scalar(con, "change_request_open", project_id=project_id))
    if problems:
        raise invalid(problems)
    based_on = db.scalar(con, "current_plan_version", project_id=project_id)
    request_id = db.scalar(
        con,
        "change_request_insert",
        project_id=project_id,
        kind=kind,
        title=title.strip(),
        reason=_text(reason),
        based_on=based_on,
        created_by=user,
        created_at=now,
        new_end_date=new_end,
    )
    if kind in rules.PLAN_KINDS:
        plan = db.query(con, "cost_plan", project_id=project_id, plan_version=based_on, partner_id=None)
        _insert_lines(con, project_id, request_id, plan)
    values = {"kind": kind, "title": title.strip(), "reason": _text(reason), "based_on": based_on, "status": "draft"}
    audit.record(con, user, audit.INSERT, TABLE, request_id, {k: (None, v) for k, v in values.items() if v}, project_id)
    return int(request_id)


def _text(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _insert_lines(con, project_id: str, request_id: int, plan: pd.DataFrame) -> None:
    for row in plan.to_dict("records"):
        key = rules.line_key(row)
        db.execute(
            con,
            "change_request_line_insert",
            request_id=request_id,
            project_id=project_id,
            **dict(zip(rules.LINE_KEYS, key, strict=True)),
            amount=row["amount"],
        )


def _lines(con, request_id: int) -> pd.DataFrame:
    return db.query(con, "change_request_lines", request_id=request_id, partner_id=None)


def _update(con, row: dict, title: str, reason, new_end, scope: Scope) -> int:
    _require_status(row, "draft")
    if not (title or "").strip():
        raise invalid([rules.problem("title_required", "title")])
    new = {"title": title.strip(), "reason": _text(reason), "new_end_date": new_end}
    changed = {k: (row[k], v) for k, v in new.items() if row[k] != v}
    if not changed:
        return int(row["version"])
    version = db.scalar(con, "change_request_update_draft", request_id=row["request_id"], version=row["version"], **new)
    audit.record(con, scope.user, audit.UPDATE, TABLE, row["request_id"], changed, row["project_id"])
    return _bumped(con, row, version)


def _set_lines(con, row: dict, lines: pd.DataFrame, scope: Scope) -> int:
    _require_status(row, "draft")
    if row["kind"] not in rules.PLAN_KINDS:
        raise invalid([rules.problem("no_plan_in_period", "kind")])
    project_id, request_id = row["project_id"], row["request_id"]
    proposed = _parsed(lines)
    _check_lines(con, project_id, proposed)
    before = rules.by_line(_lines(con, request_id))
    after = rules.by_line(proposed)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    if not changed:
        return int(row["version"])
    db.execute(con, "change_request_lines_delete", request_id=request_id)
    _insert_lines(con, project_id, request_id, proposed)
    for key in sorted(changed, key=str):
        row_key = "/".join("" if part is None else str(part) for part in key)
        audit.record(
            con,
            scope.user,
            audit.UPDATE,
            LINE_TABLE,
            f"{request_id}/{row_key}",
            {"amount": (before.get(key), after.get(key))},
            project_id,
        )
    version = db.scalar(
        con,
        "change_request_update_draft",
        request_id=request_id,
        version=row["version"],
        title=row["title"],
        reason=row["reason"],
        new_end_date=row["new_end_date"],
    )
    return _bumped(con, row, version)


def _parsed(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines with their amounts as Decimal (text parsed as a file writes it); a bad amount is a Problem at
    its row."""
    amounts, problems = [], []
    for number, value in enumerate(lines["amount"], start=1):
        try:
            amounts.append(budget_edit.parse_amount(value))
        except budget_edit.PlanInvalid as error:
            amounts.append(None)
            problems.append(
                Problem(None, number, "amount", Notice(f"budget.plan_invalid.{error.code}", **error.values))
            )
    if problems:
        raise invalid(problems)
    return lines[list(rules.LINE_KEYS)].assign(amount=amounts)


def _check_lines(con, project_id: str, lines: pd.DataFrame) -> None:
    project = db.records(con, "project", project_id=project_id)[0]
    years = range(project["start_date"].year, project["end_date"].year + 1)
    partners = db.query(con, "partners", project_id=project_id)["partner_id"]
    work_packages = db.query(con, "work_packages", project_id=project_id)["wp_code"]
    problems = rules.line_problems(lines.to_dict("records"), years, COST_CATEGORIES, partners, work_packages)
    if problems:
        raise invalid(problems)


def _discard(con, row: dict, scope: Scope) -> None:
    _require_status(row, "draft")
    db.execute(con, "change_request_lines_delete", request_id=row["request_id"])
    deleted = db.scalar(con, "change_request_delete", request_id=row["request_id"], version=row["version"])
    if deleted is None:
        raise _conflict(con, row["project_id"], row["request_id"])
    values = {"status": (row["status"], None), "title": (row["title"], None)}
    audit.record(con, scope.user, audit.DELETE, TABLE, row["request_id"], values, row["project_id"])


def _plans(con, row: dict) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """(current plan version, its whole cost plan, the request's whole proposed plan); refused when the plan
    changed after the draft was started from it (the request would undo that change unseen)."""
    project_id = row["project_id"]
    current = db.scalar(con, "current_plan_version", project_id=project_id)
    if current != row["based_on"]:
        raise invalid([rules.problem("plan_moved_on", None, based_on=row["based_on"], current=current)])
    plan = db.query(con, "cost_plan", project_id=project_id, plan_version=current, partner_id=None)
    return current, plan, _lines(con, row["request_id"])


def _submit(con, row: dict, today: dt.date, limits: rules.Limits, scope: Scope) -> int:
    _require_status(row, "draft")
    if row["kind"] == "period":
        project = db.records(con, "project", project_id=row["project_id"])[0]
        problems = rules.period_problems(row["new_end_date"], project["start_date"], project["end_date"])
    else:
        _, current, proposed = _plans(con, row)
        problems = rules.submit_problems(row["kind"], current, proposed, today, limits)
    if problems:
        raise invalid(problems)
    version = db.scalar(con, "change_request_set_status", **_status(row, "submitted", submitted_at=today))
    changes = {"status": ("draft", "submitted"), "submitted_at": (None, today)}
    audit.record(con, scope.user, audit.UPDATE, TABLE, row["request_id"], changes, row["project_id"])
    return _bumped(con, row, version)


def _status(row: dict, status: str, **values: Any) -> dict[str, Any]:
    """The parameters of change_request_set_status: the step from the row's status to `status`."""
    params = {
        "request_id": row["request_id"],
        "version": row["version"],
        "from_status": row["status"],
        "status": status,
        "submitted_at": None,
        "decided_at": None,
        "decided_by": None,
        "decision_note": None,
        "plan_version": None,
    }
    return params | values


def _approve(con, row: dict, decided_on: dt.date, note, now: dt.datetime, scope: Scope) -> int:
    _require_status(row, "submitted")
    _require_decision_date(row, decided_on)
    project_id, plan_version, changes = row["project_id"], None, {}
    if row["kind"] in rules.PLAN_KINDS:
        current_version, current, proposed = _plans(con, row)
        # year locks: the years this approval rewrites are rules.years_changed(current, proposed); once an
        # accounts report locks its year, refuse here (before anything is written) when any of them is locked.
        funding = db.query(con, "funding_plan", project_id=project_id, plan_version=current_version, partner_id=None)
        plan_version = budget_edit.write_version(
            con,
            project_id,
            current_version,
            proposed,
            row["title"],
            scope,
            now,
            funding=rules.funding_following(funding, current, proposed),
        )
        changes["plan_version"] = (None, plan_version)
    else:
        project = db.records(con, "project", project_id=project_id)[0]
        # year locks: a period change rewrites no figures of a year; nothing to ask here.
        db.scalar(con, "project_set_end_date", project_id=project_id, end_date=row["new_end_date"])
        audit.record(
            con,
            scope.user,
            audit.UPDATE,
            "project",
            project_id,
            {"end_date": (project["end_date"], row["new_end_date"])},
            project_id,
        )
    return _decide(con, row, "approved", decided_on, note, scope, plan_version, changes)


def _require_decision_date(row: dict, decided_on: dt.date) -> None:
    if row["submitted_at"] is not None and decided_on < row["submitted_at"]:
        raise invalid(
            [rules.problem("decided_before_submitted", "decided_at", day=decided_on, submitted=row["submitted_at"])]
        )


def _decide(
    con,
    row: dict,
    status: str,
    decided_on: dt.date,
    note,
    scope: Scope,
    plan_version: str | None = None,
    changes: dict | None = None,
) -> int:
    _require_status(row, "submitted")
    _require_decision_date(row, decided_on)
    params = _status(
        row,
        status,
        decided_at=decided_on,
        decided_by=scope.user,
        decision_note=_text(note),
        plan_version=plan_version,
    )
    version = db.scalar(con, "change_request_set_status", **params)
    logged = {"status": ("submitted", status), "decided_at": (None, decided_on), **(changes or {})}
    if _text(note):
        logged["decision_note"] = (None, _text(note))
    audit.record(con, scope.user, audit.UPDATE, TABLE, row["request_id"], logged, row["project_id"])
    return _bumped(con, row, version)
