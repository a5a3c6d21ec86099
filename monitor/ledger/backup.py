"""Copies of the database file: made before each committed import, restored on demand, the last N kept.

A backup is taken through the open connection (`COPY FROM DATABASE` into a fresh file), so it is a
consistent snapshot even while the app holds the database; a plain file copy could catch a
half-written checkpoint. It counts only once it is complete: written under a hidden temporary name,
checkpointed into one file (no write-ahead log beside it), made private (0600: it holds the whole
ledger), flushed to disk, and only then renamed to its listed name. A process killed half-way leaves
at most a `.…partial` file, which is never listed nor restored.

Restoring never opens the live database (it may be the damaged thing being replaced): the lock is
asked of the operating system, the current file is kept by a plain copy, and the backup is copied
beside the live file and that copy verified in full before it replaces anything.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from monitor import db
from monitor.config import Config
from monitor.i18n import t

NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\d{6})-(?P<reason>[a-z-]+)\.duckdb$")
PARTIAL = ".partial"  # suffix of a backup being written; with a leading dot, so NAME never matches it
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
# Tables without which a file is not this app's database (a DuckDB file of another app has none of them).
REQUIRED_TABLES = {"schema_migration", "project", "ledger_entry", "import_batch", "audit_log"}


class BackupError(RuntimeError):
    pass


@dataclass(frozen=True)
class Restored:
    backup: Path
    saved: Path | None  # the file as it was before the restore (None when there was none)
    rows: dict[str, int]  # rows per table of the restored file, as verified
    skipped: list[str] = field(default_factory=list)  # newer backups refused, and why


def backup_dir(settings: Config, db_path: Path) -> Path:
    """import.backup_dir; a relative folder sits beside the database file (data/backups by default)."""
    folder = Path(settings["import.backup_dir"]).expanduser()
    return folder if folder.is_absolute() else Path(db_path).resolve().parent / folder


def create(con: db.Connection, db_path: Path, settings: Config, reason: str = "manual") -> Path:
    """Snapshot the open database into backup_dir, then delete all but the newest import.backup_keep."""
    folder = _private_folder(backup_dir(settings, db_path))
    target = folder / _name(db_path, reason)
    partial = folder / f".{target.name}{PARTIAL}"
    try:
        db.copy_to_file(con, partial, mode=PRIVATE_FILE)  # private before any row is in it
        if db.wal_path(partial).exists():
            raise BackupError(f"{partial}: the copy left a write-ahead log; not a complete backup")
        _flush(partial)
        os.replace(partial, target)
        _flush_folder(folder)
    except BaseException:
        for part in (partial, db.wal_path(partial)):  # a partial copy is no backup
            part.unlink(missing_ok=True)
        raise
    prune(folder, Path(db_path).stem, settings["import.backup_keep"])
    return target


def _name(db_path: Path, reason: str) -> str:
    return f"{Path(db_path).stem}-{dt.datetime.now().strftime('%Y%m%dT%H%M%S%f')}-{reason}.duckdb"


def _private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    return folder


def _flush(path: Path) -> None:
    with open(path, "rb") as written:
        os.fsync(written.fileno())


def _flush_folder(folder: Path) -> None:
    """The rename itself reaches the disk only when the folder is flushed too."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def backups(settings: Config, db_path: Path) -> list[Path]:
    """This database's complete backups, newest first. A file with a write-ahead log beside it was left by an
    interrupted backup (of an earlier version of this app, which wrote under the final name): never listed."""
    folder = backup_dir(settings, db_path)
    if not folder.is_dir():
        return []
    return [p for p in _named(folder, Path(db_path).stem) if not db.wal_path(p).exists()]


def _named(folder: Path, stem: str) -> list[Path]:
    found = [p for p in folder.iterdir() if (m := NAME.match(p.name)) and m["stem"] == stem]
    return sorted(found, key=lambda p: NAME.match(p.name)["stamp"], reverse=True)


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    ordered = _named(folder, stem)
    for old in ordered[keep:]:
        old.unlink(missing_ok=True)
        db.wal_path(old).unlink(missing_ok=True)
    return ordered[keep:]


def verify(path: Path, shown: Path | None = None) -> dict[str, int]:
    """Open the file read-only and read every row of every table (DuckDB checks each block's checksum as it
    reads), and require this app's tables and a schema version it knows. Returns the rows per table.
    Messages name `shown` (the backup a checked copy was made from) when given."""
    path = Path(path)
    try:
        return _verify(path)
    except BackupError as refused:
        raise BackupError(str(refused).replace(str(path), str(shown))) if shown else refused from None


def _verify(path: Path) -> dict[str, int]:
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    if db.wal_path(path).exists():
        raise BackupError(f"{path}: a write-ahead log lies beside it, so it was not finished")
    try:
        con = db.open_read_only(path)
    except db.Error as error:
        raise BackupError(f"{path}: not a readable DuckDB database ({db.first_line(error)})") from None
    try:
        return _verify_tables(con, path)
    except db.Error as error:
        raise BackupError(f"{path}: damaged ({db.first_line(error)})") from None
    finally:
        con.close()


def _verify_tables(con: db.Connection, path: Path) -> dict[str, int]:
    missing = REQUIRED_TABLES - set(db.table_names(con))
    if missing:
        raise BackupError(f"{path}: not a Consortium Monitor database (no table {', '.join(sorted(missing))})")
    versions = db.schema_versions(con)
    known = {version for version, _ in db._migration_files("duckdb")}
    if not versions or not versions <= known:
        raise BackupError(
            f"{path}: schema versions {sorted(versions)} are not this app's ({sorted(known)}); "
            f"it was made by another version of the app"
        )
    return db.read_every_row(con)


def newest_good(settings: Config, db_path: Path) -> Path | None:
    """The newest backup that passes `verify` (what `monitor restore` without a file puts back)."""
    for candidate in backups(settings, db_path):
        try:
            verify(candidate)
        except BackupError:
            continue
        return candidate
    return None


def restore(db_path: Path, backup: Path | None, settings: Config) -> Restored:
    """Replace db_path by backup, or by the newest backup that verifies. The live file is never opened.

    Raises db.DatabaseLocked when another process holds the database, BackupError when no backup is good;
    either way the live file is untouched.
    """
    db_path = Path(db_path)
    db.ensure_free(db_path)
    temporary = db_path.with_name(db_path.name + ".restoring")
    chosen, rows, skipped = _checked_copy(backup, backups(settings, db_path), temporary, settings, db_path)
    try:
        saved = _keep_current(db_path, settings) if db_path.exists() else None
        db.wal_path(db_path).unlink(missing_ok=True)  # the log belongs to the file being replaced
        os.replace(temporary, db_path)
        _flush_folder(db_path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Restored(chosen, saved, rows, skipped)


def _checked_copy(
    backup: Path | None, found: list[Path], temporary: Path, settings: Config, db_path: Path
) -> tuple[Path, dict[str, int], list[str]]:
    """Copy the backup (or the newest that verifies) to `temporary` and verify that copy: what is installed is
    exactly what was checked."""
    if backup is None and not found:
        raise BackupError(f"no backups of {db_path} in {backup_dir(settings, db_path)}")
    skipped = []
    for candidate in [Path(backup)] if backup else found:
        try:
            return candidate, _copy_and_verify(candidate, temporary), skipped
        except BackupError as refused:
            if backup:
                raise
            skipped.append(str(refused))
    raise BackupError(f"no good backup of {db_path}: " + "; ".join(skipped))


def _copy_and_verify(candidate: Path, temporary: Path) -> dict[str, int]:
    if not candidate.is_file():
        raise BackupError(f"{candidate}: no such backup file")
    if db.wal_path(candidate).exists():
        raise BackupError(f"{candidate}: a write-ahead log lies beside it, so it was not finished")
    try:
        _private_copy(candidate, temporary)
        return verify(temporary, shown=candidate)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _private_copy(source: Path, target: Path) -> None:
    """Copy, readable by the owner only from the start, and flushed to disk."""
    target.unlink(missing_ok=True)
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(handle, "wb") as out, open(source, "rb") as data:
        shutil.copyfileobj(data, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _keep_current(db_path: Path, settings: Config) -> Path:
    """The live file (and its write-ahead log, if any) copied byte for byte as a 'pre-restore' backup. Not
    opened: it may be damaged, and a damaged file is worth keeping as it is."""
    folder = _private_folder(backup_dir(settings, db_path))
    saved = folder / _name(db_path, "pre-restore")
    partial = folder / f".{saved.name}{PARTIAL}"
    try:
        _private_copy(db_path, partial)
        if db.wal_path(db_path).exists():
            _private_copy(db.wal_path(db_path), db.wal_path(saved))
        os.replace(partial, saved)
        _flush_folder(folder)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return saved


def damaged_message(error: db.DatabaseDamaged, settings: Config, lang: str) -> str:
    """What to tell a person about a damaged database: which file, what DuckDB said, and what to do."""
    good = newest_good(settings, error.path)
    if good is None:
        return t(
            "recovery.damaged_no_backup",
            lang,
            file=error.path,
            detail=error.detail,
            folder=backup_dir(settings, error.path),
        )
    return t("recovery.damaged", lang, file=error.path, detail=error.detail, backup=good)
