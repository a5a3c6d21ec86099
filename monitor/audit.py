"""The change log: who changed which field of which row, when, from what to what.

Writers call `record` inside the transaction that makes the change, so the change and its log
entry are committed (or rolled back) together. `read` filters the log for the Audit page and tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from monitor import db

INSERT, UPDATE, DELETE, REFUSED = "insert", "update", "delete", "refused"
DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class Filters:
    """Optional filters of `read`; None matches everything. `until` is exclusive."""

    project_id: str | None = None
    table_name: str | None = None
    user_name: str | None = None
    action: str | None = None
    row_key: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    max_rows: int = DEFAULT_MAX_ROWS


def record(con: duckdb.DuckDBPyConnection, user: str, action: str, table: str | None, row_key: Any,
           changes: dict[str, tuple[Any, Any]], project_id: str | None = None) -> int:
    """Log one action: a row per changed field (old, new), or one row without a field when there is
    no field change to show (a login, a denied access). The caller owns the transaction. Returns rows written."""
    items = list(changes.items()) or [(None, (None, None))]
    db.scalar(con, "audit_insert", project_id=project_id, user_name=user, action=action, table_name=table,
              row_key=None if row_key is None else str(row_key), fields=[field for field, _ in items],
              old_values=[as_text(old) for _, (old, _new) in items],
              new_values=[as_text(new) for _, (_old, new) in items])
    return len(items)


def read(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """The log, newest first, filtered."""
    f = filters or Filters()
    frame = db.query(con, "audit_read", project_id=f.project_id, table_name=f.table_name, user_name=f.user_name,
                     action=f.action, row_key=f.row_key, since=f.since, until=f.until, max_rows=f.max_rows)
    return frame.astype(object).where(frame.notna(), None)  # a missing value is None, not NaN


def last_change(con: duckdb.DuckDBPyConnection, project_id: str, table: str, row_key: Any) -> tuple[str, dt.datetime] | None:
    """(user, when) of the newest accepted change of a row, or None when the log has none (seeded rows)."""
    rows = db.query(con, "audit_last_change", project_id=project_id, table_name=table, row_key=str(row_key))
    return None if rows.empty else (rows.iloc[0]["user_name"], rows.iloc[0]["logged_at"])


def as_text(value: Any) -> str | None:
    """How a value is kept in the log: ISO dates, exact decimals, true/false; None stays None."""
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (dt.date, Decimal, int)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return str(value)
