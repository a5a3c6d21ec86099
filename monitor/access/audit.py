"""The change log: who changed which field of which row, when, from what to what.

Writers call `record` inside the transaction that makes the change, so the change and its log
entry are committed (or rolled back) together. `read` filters the log for the Audit page and tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from monitor import db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.i18n import catalog, label, t

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported inside the functions that use it: the login path imports this module (users -> audit) and
# needs no pandas before the form is shown (issue 19, first paint).

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


def record(
    con: db.Connection,
    user: str,
    action: str,
    table: str | None,
    row_key: Any,
    changes: dict[str, tuple[Any, Any]],
    project_id: str | None = None,
) -> int:
    """Log one action: a row per changed field (old, new), or one row without a field when there is
    no field change to show (a login, a denied access). The caller owns the transaction. Returns rows written."""
    items = list(changes.items()) or [(None, (None, None))]
    db.scalar(
        con,
        "audit_insert",
        project_id=project_id,
        user_name=user,
        action=action,
        table_name=table,
        row_key=None if row_key is None else str(row_key),
        fields=[field for field, _ in items],
        old_values=[as_text(old) for _, (old, _new) in items],
        new_values=[as_text(new) for _, (_old, new) in items],
    )
    return len(items)


def read(con: db.Connection, scope: Scope, filters: Filters | None = None) -> pd.DataFrame:
    """The log, newest first, filtered. Leaders and admins read a project's log; only admins the whole log,
    which names every project."""
    f = filters or Filters()
    if f.project_id is None:
        scope.require_admin()
    else:
        scope.require_edit(f.project_id)
    frame = db.query(con, "audit_read", **dataclasses.asdict(f))  # each filter is a parameter of the query
    return frame.astype(object).where(frame.notna(), None)  # a missing value is None, not NaN


def last_change(con: db.Connection, project_id: str, table: str, row_key: Any) -> tuple[str, dt.datetime] | None:
    """(user, when) of the newest accepted change of a row, or None when the log has none (seeded rows)."""
    rows = db.query(con, "audit_last_change", project_id=project_id, table_name=table, row_key=str(row_key))
    return None if rows.empty else (rows.iloc[0]["user_name"], rows.iloc[0]["logged_at"])


def as_text(value: Any) -> str | None:
    """How a value is kept in the log: ISO dates, exact decimals, true/false; None stays None."""
    import pandas as pd

    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (dt.date, Decimal, int)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return str(value)


# --- the log as shown: labels, not codes; values in the language's format ------------------------

ACCOUNT_ACTIONS = (
    "login_ok",
    "login_failed",
    "login_locked",
    "logout",
    "session_timeout",
    "session_removed",
    "session_password_changed",
    "denied",
)
CHANGE_ACTIONS = (INSERT, UPDATE, DELETE, REFUSED, "import", "replace", "undo_import")
COLUMNS = {
    "logged_at": "audit.col.at",
    "user_name": "audit.col.user",
    "action": "audit.col.action",
    "table_name": "audit.col.table",
    "row_key": "audit.col.row",
    "field": "audit.col.field",
    "old_value": "audit.col.old",
    "new_value": "audit.col.new",
}
ACCOUNT_COLUMNS = {
    "logged_at": "audit.col.at",
    "user_name": "audit.col.user",
    "action": "audit.col.action",
    "project_id": "audit.col.project",
    "row_key": "audit.col.detail",
}
_DECIMAL = re.compile(r"-?\d+\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")


def account_events(
    con: db.Connection,
    scope: Scope,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    user_name: str | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> pd.DataFrame:
    """Logins, failed logins, lock-outs, logouts, ended sessions and denied access of every project and of
    none, newest first. Administrators only: the events name every user and every project."""
    scope.require_admin()
    frame = db.query(
        con,
        "audit_account_events",
        actions=list(ACCOUNT_ACTIONS),
        user_name=user_name,
        since=since,
        until=until,
        max_rows=max_rows,
    )
    return frame.astype(object).where(frame.notna(), None)


def shown(frame: pd.DataFrame, lang: str, columns: dict[str, str] = COLUMNS) -> pd.DataFrame:
    """The log with labelled headers, actions, tables and fields, and readable old and new values."""
    import pandas as pd

    cells = {
        "logged_at": [_when(v, lang) for v in frame["logged_at"]],
        "action": [label_of("audit.action", v, lang) for v in frame["action"]],
        "table_name": [label_of("audit.table", v, lang) for v in frame["table_name"]],
        "field": [field_text(v, lang) for v in frame["field"]],
        "old_value": [field_value_text(f, v, lang) for f, v in zip(frame["field"], frame["old_value"], strict=True)],
        "new_value": [field_value_text(f, v, lang) for f, v in zip(frame["field"], frame["new_value"], strict=True)],
    }
    out = {t(key, lang): cells.get(name, [_plain(v) for v in frame[name]]) for name, key in columns.items()}
    return pd.DataFrame(out, columns=[t(key, lang) for key in columns.values()])


def label_of(kind: str, code: str | None, lang: str) -> str:
    """A code's catalog label; '–' for none; the code itself when the catalog does not know it."""
    import pandas as pd

    return "–" if code is None or (not isinstance(code, str) and pd.isna(code)) else label(kind, code, lang)


def field_text(name: str | None, lang: str) -> str:
    import pandas as pd

    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return "–"
    for key in (f"registers.field.{name}", f"audit.field.{name}"):
        if key in catalog():
            return t(key, lang)
    return name


def field_value_text(field: str | None, value: str | None, lang: str) -> str:
    """A logged value of a field: a submitted report's 'accounts 2024' as 'Prosjektregnskapsrapport 2024',
    a register's choice by its label; any other value as `value_text` shows it."""
    if field == "report" and isinstance(value, str) and " " in value:
        kind, period = value.split(" ", 1)
        return label("report.kind", kind, lang) + ("" if period == "final" else f" {period}")
    if field in _CHOICES and isinstance(value, str):
        return label(_CHOICES[field], value, lang)
    return value_text(value, lang)


_CHOICES = {"status": "schedule.stage", "category": "results.category", "state": "risks.state"}


def value_text(value: str | None, lang: str) -> str:
    """A logged value as the page shows it: dates, times and amounts in the language's format, true/false
    as yes/no, and an import's record (JSON) as 'label: value' pairs."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    text = str(value)
    if text.startswith("{"):
        return _record_text(text, lang)
    if text in ("true", "false"):
        return t(f"audit.{text}", lang)
    if _DATE.fullmatch(text):
        return fmt.date(dt.date.fromisoformat(text), lang)
    if _DATETIME.fullmatch(text):
        return _when(dt.datetime.fromisoformat(text), lang)
    if _DECIMAL.fullmatch(text):
        return fmt.number(Decimal(text), lang, 2)
    return text


def _record_text(text: str, lang: str) -> str:
    try:
        record = json.loads(text)
    except ValueError:
        return text
    if not isinstance(record, dict):
        return text
    parts = [f"{field_text(key, lang)}: {_record_value(value, lang)}" for key, value in record.items()]
    return "; ".join(parts)


def _record_value(value: Any, lang: str) -> str:
    if value is None or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return t(f"audit.{str(value).lower()}", lang)
    if isinstance(value, int):
        return fmt.number(value, lang)
    return value_text(str(value), lang)


def _when(value: Any, lang: str) -> str:
    import pandas as pd

    if value is None:
        return "–"
    stamp = pd.Timestamp(value).to_pydatetime()
    return f"{fmt.date(stamp.date(), lang)} {stamp:%H:%M:%S}"


def _plain(value: Any) -> str:
    import pandas as pd

    return "–" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
