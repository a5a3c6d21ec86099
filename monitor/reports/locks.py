"""Locked years: once a year's accounts report is submitted, the figures behind it stay as submitted.

Marking an accounts report as submitted (monitor.reports.snapshot.freeze) locks its year in the same
transaction, naming the user, the time and the snapshot. While a year is locked every write that would change
its figures is refused before anything is written: a ledger import with a line in it, the undo of a batch with
lines in it, a plan version that changes its amounts, in-kind hours reported or approved in it. Each such writer
calls `refuse_changes` inside its own transaction, so a lock committed between a preview and its commit still
counts. An admin reopens a year with a reason (audited); the lock row keeps who, when and why, and the next
submission locks the year again with a new row, so the history of a year is every row it has had.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.errors import Conflict, Invalid, Notice, Problem
from monitor.i18n import t

TABLE = "year_lock"
MAX_REASON = 1000


@dataclass(frozen=True)
class Lock:
    lock_id: int
    project_id: str
    year: int
    snapshot_id: int | None
    locked_by: str
    locked_at: dt.datetime
    reopened_by: str | None
    reopened_at: dt.datetime | None
    reopen_reason: str | None
    version: int

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None


class YearLocked(RuntimeError):
    """A write would change a locked year's figures; nothing was written. `notice` says which year, since when,
    and that an admin can reopen it, in either language (`text(lang)`); str() is the English text."""

    def __init__(self, locks: list[Lock]):
        self.locks = locks
        self.years = [lock.year for lock in locks]
        self.notice = refusal(locks)
        super().__init__(self.notice)

    def text(self, lang: str) -> str:
        return self.notice.text(lang)


def refusal(locks: list[Lock]) -> Notice:
    """'2023 is locked since 15 Jan 2024 (the accounts report was submitted) …', naming every locked year."""
    years = ", ".join(str(lock.year) for lock in locks)
    first = min(locks, key=lambda lock: lock.locked_at)
    return Notice("locks.refused", years=years, at=first.locked_at.date())


# --- reading -----------------------------------------------------------------------------------


def history(con: db.Connection, project_id: str, scope: Scope, year: int | None = None) -> list[Lock]:
    """Every lock of the project's years (or of one year), reopened ones too, newest first."""
    scope.require_project(project_id)
    return [_lock(row) for row in db.records(con, "year_locks", project_id=project_id, year=year)]


def locked(con: db.Connection, project_id: str, scope: Scope, years: Iterable[int] | None = None) -> dict[int, Lock]:
    """{year: its lock in force} of the project, among `years` (None: every year)."""
    scope.require_project(project_id)
    wanted = None if years is None else sorted({int(y) for y in years})
    if wanted == []:
        return {}
    rows = db.records(con, "year_locks_active", project_id=project_id, years=wanted)
    return {int(row["year"]): _lock(row) for row in rows}


def refuse_changes(con: db.Connection, project_id: str, years: Iterable[int], scope: Scope) -> None:
    """The one check every writer makes, inside its own transaction, before writing figures of `years`: raises
    YearLocked naming each locked year among them. Writes nothing."""
    found = locked(con, project_id, scope, years)
    if found:
        raise YearLocked([found[year] for year in sorted(found)])


def _lock(row: dict) -> Lock:
    return Lock(
        lock_id=int(row["lock_id"]),
        project_id=row["project_id"],
        year=int(row["year"]),
        snapshot_id=None if row["snapshot_id"] is None else int(row["snapshot_id"]),
        locked_by=row["locked_by"],
        locked_at=row["locked_at"],
        reopened_by=row["reopened_by"],
        reopened_at=row["reopened_at"],
        reopen_reason=row["reopen_reason"],
        version=int(row["version"]),
    )


def _field(name: str, lang: str) -> str:
    return t(f"locks.field.{name}", lang)


# --- writing -----------------------------------------------------------------------------------


def lock(
    con: db.Connection,
    project_id: str,
    year: int,
    snapshot_id: int | None,
    scope: Scope,
    now: dt.datetime,
    audited: bool = True,
) -> Lock:
    """Lock `year` from the snapshot just stored; the caller owns the transaction (the submission's). A year
    locked already keeps the lock it has (the first submission locked it). `audited=False` for the seed's own
    history, which has no audit entries."""
    scope.require_edit(project_id)
    found = locked(con, project_id, scope, [year])
    if year in found:
        return found[year]
    lock_id = int(
        db.scalar(
            con,
            "year_lock_insert",
            project_id=project_id,
            year=int(year),
            snapshot_id=snapshot_id,
            locked_by=scope.user,
            locked_at=now,
        )
    )
    if audited:
        audit.record(
            con,
            scope.user,
            audit.INSERT,
            TABLE,
            int(year),  # the log names a year's locks by the year: its history reads as one row
            {"lock_id": (None, lock_id), "snapshot_id": (None, snapshot_id)},
            project_id,
        )
    return Lock(lock_id, project_id, int(year), snapshot_id, scope.user, now, None, None, None, 1)


def reopen(
    con: db.Connection,
    project_id: str,
    year: int,
    reason: str,
    scope: Scope,
    now: dt.datetime,
    version: int | None = None,
) -> Lock:
    """Reopen a locked year (admins only) with a reason; audited. `version` is the lock's version as the admin
    read it (None: the one in force now). Raises AccessDenied (nothing written), Invalid (no reason, or the
    year is not locked) or Conflict (another admin reopened it first)."""
    scope.require_project(project_id)
    scope.require_admin()
    text = (reason or "").strip()
    problems = []
    if not text:
        problems.append(Problem(None, None, "reason", Notice("locks.problem.reason_required")))
    elif len(text) > MAX_REASON:
        problems.append(Problem(None, None, "reason", Notice("locks.problem.reason_too_long", max=MAX_REASON)))
    if problems:
        raise Invalid(problems, column_label=_field)
    with db.transaction(con):
        current = locked(con, project_id, scope, [year]).get(int(year))
        if current is None:
            raise Invalid([Problem(None, None, "year", Notice("locks.problem.not_locked", year=int(year)))], _field)
        read = current.version if version is None else int(version)
        changed = db.execute(
            con,
            "year_lock_reopen",
            project_id=project_id,
            lock_id=current.lock_id,
            version=read,
            reopened_by=scope.user,
            reopened_at=now,
            reopen_reason=text,
        )
        if not changed:
            last = audit.last_change(con, project_id, TABLE, int(year))
            raise Conflict(TABLE, int(year), *(last or (None, None)))
        audit.record(
            con,
            scope.user,
            audit.UPDATE,
            TABLE,
            int(year),
            {
                "reopened_by": (None, scope.user),
                "reopened_at": (None, now),
                "reopen_reason": (None, text),
            },
            project_id,
        )
    return Lock(
        current.lock_id,
        project_id,
        current.year,
        current.snapshot_id,
        current.locked_by,
        current.locked_at,
        scope.user,
        now,
        text,
        int(changed[0][0]),
    )
