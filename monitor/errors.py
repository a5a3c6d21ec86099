"""What goes wrong with input, shared by every domain: a Problem (the file, row and column, and why) for every
importer and register, and the errors a write can end in: the input is invalid (each problem told where and
why), the row is not there, or someone else changed it first. Each is raised before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from monitor.i18n import t


class Notice(str):
    """A message from the catalogs: a str holding its English text (what the CLI prints and the log records),
    which also keeps its catalog key and values, so the app shows it in the user's language (`text(lang)`)."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Notice:
        notice = super().__new__(cls, t(key, "en", **values))
        notice.key, notice.values = key, values
        return notice

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


def in_language(message: str, lang: str) -> str:
    """A Notice in `lang`; any other message (a library's own words) as it is."""
    return message.text(lang) if isinstance(message, Notice) else str(message)


@dataclass(frozen=True)
class Problem:
    """A rejected value: where it is (file, row, column) and why. Every importer and register tells its
    problems this way. `reason` is English for logs and the CLI; a Notice reason also tells itself in the
    user's language (`text`)."""

    file: str | None
    row: int | None
    column: str | None
    reason: str

    @property
    def code(self) -> str | None:
        """The last part of the reason's catalog key ('required' of 'registers.problem.required'), if it has one."""
        return self.reason.key.rsplit(".", 1)[-1] if isinstance(self.reason, Notice) else None

    def __str__(self) -> str:
        where = [self.file or "", f"row {self.row}" if self.row else "", f"column {self.column}" if self.column else ""]
        shown = ", ".join(part for part in where if part)
        return f"{shown}: {self.reason}" if shown else str(self.reason)

    def text(self, lang: str, column_label: Callable[[str, str], str] | None = None) -> str:
        """'Rad 3, Tittel: verdien må fylles ut': the file, the row, the column (by `column_label(name, lang)`
        where the user knows it by a label), and the reason, in `lang`."""
        where = [self.file] if self.file else []
        where += [t("problem.row", lang, row=self.row)] if self.row else []
        where += [column_label(self.column, lang) if column_label else self.column] if self.column else []
        reason = in_language(self.reason, lang)
        return f"{', '.join(where)}: {reason}" if where else reason


class Invalid(ValueError):
    """`column_label(name, lang)`: how the user knows a column (a register's field by its label)."""

    def __init__(self, problems: list[Problem], column_label: Callable[[str, str], str] | None = None):
        self.problems, self.column_label = problems, column_label
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, lang: str) -> list[str]:
        """Every problem told in `lang`, one line each."""
        return [p.text(lang, self.column_label) for p in self.problems]


class NotFound(LookupError):
    pass


class Conflict(RuntimeError):
    """The row changed (or was deleted) after the editor read it. Nothing of the batch was written."""

    def __init__(self, table: str, key: Any, changed_by: str | None, changed_at: dt.datetime | None):
        self.table, self.key, self.changed_by, self.changed_at = table, key, changed_by, changed_at
        who = changed_by or "another session"
        when = f" at {changed_at:%Y-%m-%d %H:%M:%S}" if changed_at is not None else ""
        super().__init__(f"{table} {key} was changed by {who}{when} — reload and edit again")
