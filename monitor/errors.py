"""The errors a write can end in, shared by every domain: the input is invalid (each problem told where and
why), the row is not there, or someone else changed it first. Each is raised before anything is written."""

from __future__ import annotations

import datetime as dt
from typing import Any


class Invalid(ValueError):
    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, lang: str) -> list[str]:
        """Every problem told in `lang`, one line each."""
        return [p.text(lang) for p in self.problems]


class NotFound(LookupError):
    pass


class Conflict(RuntimeError):
    """The row changed (or was deleted) after the editor read it. Nothing of the batch was written."""

    def __init__(self, table: str, key: Any, changed_by: str | None, changed_at: dt.datetime | None):
        self.table, self.key, self.changed_by, self.changed_at = table, key, changed_by, changed_at
        who = changed_by or "another session"
        when = f" at {changed_at:%Y-%m-%d %H:%M:%S}" if changed_at is not None else ""
        super().__init__(f"{table} {key} was changed by {who}{when} — reload and edit again")
