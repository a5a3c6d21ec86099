"""The import batches of a project, as the import page lists them (to undo one), and a preview's rejected rows
as a table."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.errors import Problem


def batches(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """Every import batch of the project, newest first. Only an editor of the project lists them: the list is
    the import page's, for undoing a batch (AccessDenied for anyone else)."""
    scope.require_edit(project_id)
    return db.query(con, "import_batches", project_id=project_id)


def rejected_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"file": p.file, "row": p.row, "column": p.column, "reason": p.reason} for p in problems],
        columns=["file", "row", "column", "reason"],
    )
