"""Copies of the database file: made before each committed import, restored on demand, the last N kept.

A backup is taken through the open connection (`COPY FROM DATABASE` into a fresh file), so it is a
consistent snapshot even while the app holds the database; a plain file copy could catch a
half-written checkpoint. Restoring replaces the file and needs the database closed everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import duckdb

from monitor import db
from monitor.config import Config

NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\d{6})-(?P<reason>[a-z-]+)\.duckdb$")


class BackupError(RuntimeError):
    pass


def backup_dir(settings: Config, db_path: Path) -> Path:
    """import.backup_dir; a relative folder sits beside the database file (data/backups by default)."""
    folder = Path(settings["import.backup_dir"]).expanduser()
    return folder if folder.is_absolute() else Path(db_path).resolve().parent / folder


def create(con: duckdb.DuckDBPyConnection, db_path: Path, settings: Config, reason: str = "manual") -> Path:
    """Snapshot the open database into backup_dir, then delete all but the newest import.backup_keep."""
    folder = backup_dir(settings, db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"{Path(db_path).stem}-{stamp}-{reason}.duckdb"
    source = con.execute("select current_database()").fetchone()[0]
    # ATTACH takes no bound parameters; the path is ours (config + timestamp), quoted for SQL anyway.
    con.execute(f"attach '{_quoted(str(target))}' as monitor_backup")
    try:
        con.execute(f'copy from database "{source}" to monitor_backup')
    except BaseException:
        for part in (target, target.with_name(target.name + ".wal")):  # a partial copy is no backup
            part.unlink(missing_ok=True)
        raise
    finally:
        con.execute("detach monitor_backup")
    prune(folder, Path(db_path).stem, settings["import.backup_keep"])
    return target


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def backups(settings: Config, db_path: Path) -> list[Path]:
    """This database's backups, newest first."""
    folder = backup_dir(settings, db_path)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    found = [p for p in folder.iterdir() if (m := NAME.match(p.name)) and m["stem"] == stem]
    return sorted(found, key=lambda p: NAME.match(p.name)["stamp"], reverse=True)


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    found = [p for p in folder.iterdir() if (m := NAME.match(p.name)) and m["stem"] == stem]
    ordered = sorted(found, key=lambda p: NAME.match(p.name)["stamp"], reverse=True)
    for old in ordered[keep:]:
        old.unlink(missing_ok=True)
        old.with_name(old.name + ".wal").unlink(missing_ok=True)
    return ordered[keep:]


def restore(db_path: Path, backup: Path, settings: Config) -> Path:
    """Replace db_path by backup. The current state is first saved as a 'pre-restore' backup.

    Raises db.DatabaseLocked when another process holds the database, BackupError for a bad backup.
    """
    _check_backup(backup)
    temporary = Path(db_path).with_name(Path(db_path).name + ".restoring")
    shutil.copyfile(backup, temporary)  # first: pruning after the safety copy may delete `backup`
    try:
        con = db.connect(db_path)  # DatabaseLocked here when the app (or anyone) holds the file
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        saved = create(con, db_path, settings, reason="pre-restore")
    finally:
        con.close()
    Path(str(db_path) + ".wal").unlink(missing_ok=True)
    os.replace(temporary, db_path)
    return saved


def _check_backup(backup: Path) -> None:
    if not Path(backup).is_file():
        raise BackupError(f"{backup}: no such backup file")
    try:
        check = duckdb.connect(str(backup), read_only=True)
    except duckdb.Error as error:
        raise BackupError(f"{backup}: not a readable DuckDB file ({error})") from None
    try:
        check.execute("select count(*) from schema_migration").fetchall()
    except duckdb.Error:
        raise BackupError(f"{backup}: not a Consortium Monitor database (no schema_migration table)") from None
    finally:
        check.close()
