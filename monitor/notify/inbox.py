"""The in-app list of notifications per user: the evaluated items (monitor/notify/rules.py) with each one's read
state from table notification (migration 019).

A row of `notification` is written lazily, when an item is first marked read (or by the e-mail when first sent):
reading the list writes nothing. An item the rules no longer give (a report submitted, a deliverable delivered)
leaves the list; its row stays, so it is still read should the same occasion come back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.notify import rules
from monitor.notify.items import RULES, Item

TABLE = "notification"
COLUMNS = ["key", "rule", "project_id", "date", "text", "values", "page", "query", "partner_id", "read", "read_at"]


def inbox(con: db.Connection, scope: Scope, settings, today: dt.date, items: list[Item] | None = None) -> pd.DataFrame:
    """One row per item (COLUMNS: the Item's fields, `read` and `read_at`), unread first, then newest first.
    `items` are the scope's evaluated items when the caller has them already (the app caches them)."""
    items = rules.evaluate(con, scope, settings, today) if items is None else items
    read = read_keys(con, scope)
    rows = [
        {
            "key": item.key,
            "rule": item.rule,
            "project_id": item.project_id,
            "date": item.date,
            "text": item.text,
            "values": dict(item.values),
            "page": item.page,
            "query": dict(item.query),
            "partner_id": item.partner_id,
            "read": item.key in read,
            "read_at": read.get(item.key),
        }
        for item in items
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["_order"] = [item.date.toordinal() for item in items]
    frame = frame.sort_values(["read", "_order", "key"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def unread_count(con: db.Connection, scope: Scope, settings, today: dt.date, items: list[Item] | None = None) -> int:
    """How many of the user's items are not read (the sidebar's count)."""
    items = rules.evaluate(con, scope, settings, today) if items is None else items
    read = read_keys(con, scope)
    return sum(1 for item in items if item.key not in read)


def read_keys(con: db.Connection, scope: Scope) -> dict[str, dt.datetime]:
    """{item key: when the scope's user read it}: the user's own marks only."""
    return {row["item_key"]: row["read_at"] for row in db.records(con, "notify_read_keys", user_name=scope.user)}


def mark_read(con: db.Connection, scope: Scope, keys: Iterable[str], now: dt.datetime | None = None) -> int:
    """Mark items read for the scope's user (no one else's); the number newly marked. Each key must be an item of
    a project the scope may see (`rule:project:...`), else AccessDenied and nothing is written. One audit entry."""
    keys = sorted(set(keys))
    parsed = [_parsed(scope, key) for key in keys]
    now = now or dt.datetime.now().replace(microsecond=0)
    already = read_keys(con, scope)
    fresh = [(key, rule, project) for key, (rule, project) in zip(keys, parsed, strict=True) if key not in already]
    if not fresh:
        return 0
    with db.transaction(con):
        for key, rule, project_id in fresh:
            params = {"user_name": scope.user, "item_key": key, "read_at": now}
            db.execute(con, "notify_mark_read", **params)
            db.execute(con, "notify_insert_read", project_id=project_id, rule=rule, due=None, **params)
        audit.record(
            con, scope.user, audit.UPDATE, TABLE, scope.user, {"read": (None, ", ".join(key for key, _, _ in fresh))}
        )
    return len(fresh)


def mark_all_read(con: db.Connection, scope: Scope, settings, today: dt.date, items: list[Item] | None = None) -> int:
    """Mark every item the user has as of `today` read; the number newly marked."""
    items = rules.evaluate(con, scope, settings, today) if items is None else items
    return mark_read(con, scope, [item.key for item in items])


def _parsed(scope: Scope, key: str) -> tuple[str, str]:
    """(rule, project id) of an item key; a key of a project outside the scope is refused."""
    rule, _, rest = key.partition(":")
    project_id = rest.partition(":")[0]
    if rule not in RULES or not project_id:
        raise ValueError(f"not a notification key: {key!r}")
    if not scope.allows_project(project_id):
        raise AccessDenied(f"{scope.user} ({scope.role}) may not see project {project_id!r}")
    return rule, project_id
