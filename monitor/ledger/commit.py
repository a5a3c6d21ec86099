"""Ledger import, second step: the staged lines of a preview written in one all-or-nothing transaction; undo
by batch. Both write under the project's next ledger generation (see `_ledger_transaction`), retried when
another writer of the project took the same one.

`commit` refuses a blocked preview, backs the database up, then in one transaction takes the project's next
ledger generation, records the batch, inserts the staged lines not in the ledger yet (natural key per source
line; the preview refuses a file that repeats a key), checks that what was written is what the preview showed,
and writes the audit row. `replace` then removes the earlier batches holding the same file or any of its lines,
in the same transaction. `undo` removes a batch's lines and marks it undone, audited, under the same rule.
Neither writes when a year it would change is locked (monitor.reports.locks): YearLocked, nothing written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.config import Config
from monitor.errors import Notice
from monitor.ledger import backup, months
from monitor.ledger.stage import Preview, Progress, no_progress, nothing_new, years_changed
from monitor.reports import locks

log = logging.getLogger("consortium_monitor")

# The memory a process that only imports (the command line) gives DuckDB (db.limit_memory): beyond it DuckDB
# spills the staged lines to its temp directory, and the commit writes its new rows to the file as row groups
# fill (the ledger has no index it would have to hold in memory: migration 007), so memory stays within the cap
# whatever the file size. Not for the app, whose one database instance serves every session.
CLI_MEMORY_LIMIT = "64MiB"
LEDGER_WRITE_ATTEMPTS = 5


class ImportBlocked(ValueError):
    """The preview has problems; nothing was written."""


class LedgerBusy(ImportBlocked):
    """Another import or undo of the project's ledger is being written; nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    batch_id: int | None
    rows_inserted: int
    amount_total: Decimal
    replaced: list[int]
    backup_path: Path | None
    message: str


def commit(
    con: db.Connection,
    preview: Preview,
    scope: Scope,
    settings: Config,
    db_path: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the staged lines of `preview` (prepared on this connection, in the same db.session) in one
    transaction, as scope's user.
    Raises AccessDenied, before anything is written, unless the scope edits the project."""
    scope.require_edit(preview.project_id)
    if preview.blocked:
        raise ImportBlocked("; ".join(preview.blockers))
    if not preview.has_work:
        return ImportResult(None, 0, Decimal("0.00"), [], None, nothing_new(preview))
    try:
        (progress or no_progress)(1.0, Notice("import.progress.backup"))
        # A PostgreSQL database is backed up by its server's tools (pg_dump), not copied by the app.
        saved = backup.create(con, db_path, settings, reason="import") if db_path and not db.is_postgres(con) else None
        (progress or no_progress)(1.0, Notice("import.progress.writing"))
        return _write(con, preview, scope, saved)
    except (*db.Error, OSError) as error:
        if "No space left on device" not in str(error):
            raise
        # The transaction was rolled back (or never began): the ledger is as before. Said to the user, and
        # logged as an error for whoever watches the server.
        log.error("import of %s into %s refused: the disk is full (%s)", preview.file_name, preview.project_id, error)
        raise ImportBlocked(Notice("import.why.disk_full", error=str(error))) from None


def _write(con: db.Connection, preview: Preview, scope: Scope, saved: Path | None) -> ImportResult:
    user = scope.user

    # The insert comes first in the transaction: DuckDB 2.0 corrupted a large insert under a memory cap when the
    # same transaction had updated or deleted rows before it (measured; BENCHMARKS.md), so the replaced batches'
    # lines are removed, and the batches marked undone, after it.
    def write() -> tuple[int, list[int]]:
        with _ledger_transaction(con, preview.project_id, user, "import"):
            # A year locked since the preview refuses the whole file (YearLocked): nothing is written.
            locks.refuse_changes(con, preview.project_id, years_changed(con, preview, scope), scope)
            batch_id = _insert_batch(con, preview, user)
            _check_written(con, batch_id, preview)
            removed = [_remove_batch(con, preview.project_id, b, user, "replace") for b in preview.replaces]
            months.refresh(con, preview.project_id)  # the monthly sums with the lines, in this transaction
            return batch_id, [b for b in removed if b is not None]

    batch_id, replaced = _retrying(write)
    row = db.query(con, "import_batch", batch_id=batch_id).iloc[0]
    return ImportResult(
        batch_id,
        int(row["rows_inserted"]),
        Decimal(row["amount_total"]),
        replaced,
        saved,
        f"imported batch {batch_id}: {row['rows_inserted']} line(s), {row['amount_total']} NOK",
    )


def _insert_batch(con: db.Connection, preview: Preview, user: str) -> int:
    batch_id = db.scalar(
        con,
        "import_batch_insert",
        project_id=preview.project_id,
        file_name=preview.file_name,
        sha256=preview.sha256,
        format=preview.fmt,
        rows_read=preview.rows_read,
        rows_rejected=preview.rejected_count,
        imported_by=user,
    )
    db.execute(
        con,
        "import_ledger_insert",
        project_id=preview.project_id,
        batch_id=batch_id,
        source_file=preview.file_name,
        replaced=preview.replaces,
    )
    db.execute(con, "import_batch_finish", batch_id=batch_id)
    _audit(
        con,
        preview.project_id,
        user,
        "import",
        batch_id,
        json.dumps(
            {
                "file": preview.file_name,
                "sha256": preview.sha256,
                "format": preview.fmt,
                "partner": preview.partner_id,
                "dimension": preview.dimension,
                "rows_read": preview.rows_read,
                "rows_skipped": preview.rows_skipped,
                "rows_already_imported": preview.rows_existing,
                "replaces": preview.replaces,
            }
        ),
    )
    return int(batch_id)


def _audit(
    con, project_id: str, user: str, action: str, batch_id: int, new_value: str | None, old_value: str | None = None
) -> None:
    db.execute(
        con,
        "import_audit",
        project_id=project_id,
        user_name=user,
        action=action,
        row_key=str(batch_id),
        field="undone_at" if action != "import" else None,
        old_value=old_value,
        new_value=new_value,
    )


def undo(con: db.Connection, project_id: str, batch_id: int, scope: Scope) -> int:
    """Remove a batch's ledger lines and mark it undone, in one transaction, as scope's user. Returns the lines
    removed. Raises AccessDenied, before anything is written, unless the scope edits the project."""
    scope.require_edit(project_id)
    user = scope.user

    def write() -> int:
        with _ledger_transaction(con, project_id, user, "undo_import"):
            batch = db.query(con, "import_batch", batch_id=batch_id)  # in the transaction: a retry sees it anew
            if batch.empty or batch["project_id"].iloc[0] != project_id:
                raise LookupError(Notice("import.why.no_batch", batch=batch_id, project=project_id))
            if batch["undone_at"].iloc[0] is not None and not pd.isna(batch["undone_at"].iloc[0]):
                raise LookupError(Notice("import.why.already_undone", batch=batch_id))
            years = db.query(con, "import_batch_years", project_id=project_id, batch_ids=[int(batch_id)])["year"]
            locks.refuse_changes(con, project_id, [int(y) for y in years], scope)  # YearLocked: nothing removed
            _remove_batch(con, project_id, batch_id, user, "undo_import")
            months.refresh(con, project_id)
            return int(batch["rows_inserted"].iloc[0])

    return _retrying(write)


def _retrying(write: Callable[[], Any]) -> Any:
    """Run a ledger write; when another writer of the project took the same generation, it is tried again on a
    fresh snapshot after a short random pause (imports of different files all land this way), up to
    LEDGER_WRITE_ATTEMPTS times. A retry of an import whose lines another writer has meanwhile written fails
    the check against the preview instead of writing anything twice."""
    for attempt in range(1, LEDGER_WRITE_ATTEMPTS + 1):
        try:
            return write()
        except LedgerBusy:
            if attempt == LEDGER_WRITE_ATTEMPTS:
                raise
            time.sleep(random.uniform(0.02, 0.1) * attempt)  # noqa: S311 - a pause, not a secret
    raise AssertionError("unreachable")


def _busy(project_id: str) -> LedgerBusy:
    return LedgerBusy(Notice("import.why.busy", project=project_id))


@contextmanager
def _ledger_transaction(con: db.Connection, project_id: str, user: str, action: str) -> Iterator[None]:
    """One transaction that writes or removes the project's ledger lines, under the project's next generation.

    The ledger has no unique index on the source line (DuckDB could not spill it; migration 007), so two
    imports must never decide "what is new" from the same snapshot. Each such transaction first records the
    generation after the last one it sees; a concurrent one picks the same number, and the later of the two
    fails on that key (here, or when it commits) and is rolled back: LedgerBusy."""
    try:
        with db.transaction(con):
            try:
                db.execute(con, "ledger_claim", project_id=project_id, action=action, user_name=user)
            except db.ConstraintBroken:  # a later generation was committed since this snapshot began
                raise _busy(project_id) from None
            yield
    except db.WriteConflict as error:
        if "No space left on device" in str(error):  # DuckDB's commit on a full disk: said as such by commit()
            raise
        # Every row this transaction writes is the project's: its generation, its lines, its monthly sums. A write
        # conflict (on the generation's key, or on the monthly sums another writer of the project replaced) means
        # that writer committed first: busy, and the caller's retry starts anew.
        raise _busy(project_id) from None


def _check_written(con: db.Connection, batch_id: int, preview: Preview) -> None:
    """The batch's lines and total as written must be the preview's, or nothing is committed. This catches
    a ledger changed since the preview, and guards against the engine itself writing something else (DuckDB
    2.0 was seen to corrupt a large insert under its memory cap; see migration 007)."""
    rows, amount = db.execute(con, "import_batch_written", batch_id=batch_id)[0]
    if (rows, amount) != (preview.rows_to_insert, preview.total):
        raise ImportBlocked(
            Notice(
                "import.why.changed",
                lines=rows,
                amount=Decimal(amount),
                preview_lines=preview.rows_to_insert,
                planned=preview.total,
            )
        )


def _remove_batch(con, project_id: str, batch_id: int, user: str, action: str) -> int | None:
    """Remove an active batch's lines and mark it undone, audited. None when it was undone already (by an undo
    committed between a replace's preview and its commit): nothing to remove, nothing to audit."""
    keyed = {"project_id": project_id, "batch_id": batch_id}
    if not db.scalar(con, "import_batch_undo", **keyed):  # rows changed
        return None
    db.execute(con, "import_ledger_delete_batch", **keyed)
    _audit(con, project_id, user, action, batch_id, dt.datetime.now().isoformat(timespec="seconds"))
    return batch_id
