"""The applications register: every row of the Research Council's open data (monitor/portfolio/opendata.py)
an administrator imported, funded or not, kept by its project number (migration 020, table rcn_application).

The import is idempotent: a row as stored changes nothing, a changed row is updated (each changed field
audited, old -> new), a new row inserted; rows stored before and absent from the file are kept (a file filtered
to one organisation must not delete the others'). A file with a problem writes nothing. In the same transaction
the funded rows become projects (monitor/portfolio/funded.py); this register is what the success rates read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.errors import Invalid, Problem
from monitor.portfolio import funded
from monitor.portfolio.opendata import Record

TABLE = "rcn_application"
# Record fields stored as published, in the register's column names (the rest: number -> project_number; row
# is where the record stood in its file, not a fact about the project).
_STORED = tuple(f.name for f in fields(Record) if f.name not in ("row", "number"))


@dataclass(frozen=True)
class RegisterImport:
    """What an import did (or, dry, would do): project numbers added, changed and left as they were in the
    register, and what happened to the funded rows' projects."""

    added: list[str]
    changed: list[str]
    unchanged: list[str]
    projects: funded.ProjectsImport


def load(con: db.Connection, scope: Scope) -> list[dict[str, Any]]:
    """Every row of the register, by project number. The register spans the whole office: admins only."""
    scope.require_admin()
    return db.records(con, "rcn_applications")


def import_records(
    con: db.Connection,
    scope: Scope,
    records: Iterable[Record],
    problems: Iterable[Problem] = (),
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> RegisterImport:
    """Write the records into the register, all or nothing, audited; `dry_run` tells what would change and
    writes nothing. Any problem of the file (`problems`, as opendata.read_* gave them) refuses it: Invalid."""
    scope.require_admin()
    problems = list(problems)
    if problems:
        raise Invalid(problems)
    records = list(records)
    stored = {row["project_number"]: row for row in db.records(con, "rcn_applications")}
    plan = [(record, _changes(stored.get(record.number), record)) for record in records]
    projects, project_work = funded.plan(con, scope, records)
    result = RegisterImport(
        added=[r.number for r, changes in plan if r.number not in stored],
        changed=[r.number for r, changes in plan if r.number in stored and changes],
        unchanged=[r.number for r, changes in plan if r.number in stored and not changes],
        projects=projects,
    )
    if dry_run:
        return result
    at = now or dt.datetime.now().replace(microsecond=0)
    with db.transaction(con):
        for record, changes in plan:
            if not changes:
                continue
            params = _params(record) | {"imported_at": at, "imported_by": scope.user}
            new = record.number not in stored
            db.execute(con, "rcn_application_insert" if new else "rcn_application_update", **params)
            audit.record(con, scope.user, audit.INSERT if new else audit.UPDATE, TABLE, record.number, changes)
        funded.write(con, scope, project_work)
    return result


def _params(record: Record) -> dict[str, Any]:
    return {"project_number": record.number} | {name: getattr(record, name) for name in _STORED}


def _changes(stored: dict[str, Any] | None, record: Record) -> dict[str, tuple[Any, Any]]:
    """{field: (old, new)} of the fields that differ; every field of a new row (old None)."""
    changes = {}
    for name in _STORED:
        new, old = getattr(record, name), None if stored is None else stored[name]
        if not _same(old, new):
            changes[name] = (old, new)
    return changes


def _same(old: Any, new: Any) -> bool:
    """Equal as stored: Decimals by value (6.0 is 6.00), everything else as it is."""
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new
