"""Freezing a submitted report, and what has changed since.

"Mark as submitted" stores the report's exact tables (canonical JSON) with their sha256, the user and the
time, and logs it in the audit log in the same transaction; an accounts report also locks its year there
(monitor.reports.locks). The frozen copy never changes; comparing it
with today's tables shows every figure that moved since (a late ledger correction, a re-dated deliverable).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.reports import calendar, locks, tables
from monitor.reports.tables import KEYS, Report


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: int
    kind: str
    period: str
    as_of: dt.date
    submitted_at: dt.datetime
    submitted_by: str
    content_hash: str
    tables: dict[str, pd.DataFrame]


def freeze(con: db.Connection, report: Report, scope: Scope, now: dt.datetime) -> Snapshot:
    """Store the report as submitted (leader and admin only); one transaction with its audit entry and, for an
    accounts report, the lock of its year (a year reopened since is locked again by this submission)."""
    scope.require_edit(report.project_id)
    with db.transaction(con):
        stored = store(con, report, scope.user, now)
        audit.record(
            con,
            scope.user,
            audit.INSERT,
            "report_snapshot",
            stored.snapshot_id,
            {"report": (None, f"{report.kind} {report.period}"), "content_hash": (None, stored.content_hash)},
            project_id=report.project_id,
        )
        if report.kind == calendar.ACCOUNTS:
            locks.lock(con, report.project_id, int(report.period), stored.snapshot_id, scope, now)
    return stored


def store(con: db.Connection, report: Report, submitted_by: str, submitted_at: dt.datetime) -> Snapshot:
    """Write the report's tables as a snapshot; the caller owns the transaction (and the access check)."""
    text, digest = tables.to_json(report.tables), tables.fingerprint(report.tables)
    snapshot_id = int(
        db.scalar(
            con,
            "report_snapshot_insert",
            project_id=report.project_id,
            report_type=report.kind,
            period=report.period,
            as_of=report.as_of,
            submitted_at=submitted_at,
            submitted_by=submitted_by,
            tables_json=text,
            content_hash=digest,
        )
    )
    return Snapshot(
        snapshot_id,
        report.kind,
        report.period,
        report.as_of,
        submitted_at,
        submitted_by,
        digest,
        tables.from_json(text),
    )


def snapshots(
    con: db.Connection, project_id: str, scope: Scope, kind: str | None = None, period: str | None = None
) -> list[Snapshot]:
    """Frozen reports of a project, newest first."""
    scope.require_project(project_id)
    rows = db.query(con, "report_snapshots", project_id=project_id, report_type=kind, period=period)
    return [
        Snapshot(
            int(r["snapshot_id"]),
            r["report_type"],
            r["period"],
            r["as_of"],
            r["submitted_at"],
            r["submitted_by"],
            r["content_hash"],
            tables.from_json(r["tables_json"]),
        )
        for r in rows.to_dict("records")
    ]


def snapshot_by_id(con: db.Connection, project_id: str, snapshot_id: int, scope: Scope) -> Snapshot | None:
    """One frozen report of a project by its id (the one a year lock names), or None."""
    found = [s for s in snapshots(con, project_id, scope) if s.snapshot_id == snapshot_id]
    return found[0] if found else None


def changed_since_lock(
    con: db.Connection, project_id: str, year: int, scope: Scope, look_ahead_days: int
) -> tuple[locks.Lock, pd.DataFrame] | None:
    """The newest lock of `year` (in force, or reopened and not submitted again) and every figure of that year's
    accounts report that differs today from the snapshot that locked it (as `differences` lists them; empty when
    nothing moved). The report is built as of the snapshot's own as-of date, so a figure differs only because
    data of the year changed, not because time passed. None when the year was never locked."""
    history = locks.history(con, project_id, scope, int(year))
    lock = history[0] if history else None
    frozen = (
        None if lock is None or lock.snapshot_id is None else snapshot_by_id(con, project_id, lock.snapshot_id, scope)
    )
    if frozen is None:
        return None
    today = tables.build(con, project_id, calendar.ACCOUNTS, int(year), frozen.as_of, scope, look_ahead_days)
    return lock, differences(frozen.tables, today.tables)


def first_submissions(frozen: list[Snapshot]) -> dict[tuple[str, str], dt.datetime]:
    """{(kind, period): time of the first submission}, for the reporting calendar."""
    first: dict[tuple[str, str], dt.datetime] = {}
    for item in frozen:
        key = (item.kind, item.period)
        first[key] = min(first.get(key, item.submitted_at), item.submitted_at)
    return first


def differences(frozen: dict[str, pd.DataFrame], current: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """table, row (key values), column, submitted, today, difference — one row per figure that changed.

    Rows are matched by each table's key columns; a row on one side only shows None on the other.
    difference is today − submitted for numbers, None for text and dates. A table the report gained after the
    submission (a snapshot frozen before the person-month table) is not compared: it was not part of what was sent.
    """
    records = []
    for name in frozen.keys():
        before, after = _by_key(frozen.get(name), name), _by_key(current.get(name), name)
        for key in sorted(before.keys() | after.keys(), key=str):
            old, new = before.get(key, {}), after.get(key, {})
            for column in [c for c in dict.fromkeys([*old, *new]) if c not in KEYS[name]]:
                was, now = _value(old.get(column)), _value(new.get(column))
                if was != now:
                    records.append(
                        {
                            "table": name,
                            "row": key,
                            "column": column,
                            "submitted": was,
                            "today": now,
                            "difference": _difference(was, now),
                        }
                    )
    return pd.DataFrame(records, columns=["table", "row", "column", "submitted", "today", "difference"])


def _by_key(frame: pd.DataFrame | None, name: str) -> dict[tuple, dict]:
    if frame is None:
        return {}
    return {tuple(row[k] for k in KEYS[name]): row for row in frame.to_dict("records")}


def _value(value):
    if value is None or (not isinstance(value, (str, Decimal, list)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _difference(was, now):
    numbers = (int, Decimal)
    if isinstance(was, numbers) and isinstance(now, numbers) and not isinstance(was, bool):
        return now - was
    if was is None and isinstance(now, numbers):
        return now
    if now is None and isinstance(was, numbers):
        return -was
    return None
