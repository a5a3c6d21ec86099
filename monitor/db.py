"""Connect, migrate, run named queries with bound parameters, and explicit transactions.

The storage seam: this is the only module that talks to DuckDB. The rest of the core passes a `Connection`
around, runs named SQL through the functions here and catches the errors named here, so that another engine
can be added behind this module without touching the domains."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
import re
import shutil
import struct
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

Connection = duckdb.DuckDBPyConnection
Error = duckdb.Error  # anything the engine refused or failed at
WriteConflict = duckdb.TransactionException  # another session committed a change to the same rows first
ConstraintBroken = duckdb.ConstraintException  # a unique key or check of the schema said no

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQL_DIR = Path(__file__).parent / "sql"
UNREPLAYED_WAL = ".unreplayed-"  # <db>.wal.unreplayed-<time>: a log DuckDB could not read, kept as evidence

log = logging.getLogger("consortium_monitor")

# What DuckDB says when the bytes of the file or of its write-ahead log are not what it wrote: cut short,
# garbled, or not a DuckDB file at all. Matched on the message, as DuckDB raises these as IOException or as
# its base Error class.
DAMAGE_SIGNS = (
    "not a valid duckdb database file",
    "could not read enough bytes",
    "corrupt",
    "failure while replaying wal",
    "checksum",
)


class DatabaseLocked(RuntimeError):
    """Another process holds the DuckDB file; DuckDB allows one writer process, and no readers beside it."""


class DatabaseDamaged(RuntimeError):
    """The database file, or its write-ahead log, cannot be read: a restore from a backup is the way out."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path, self.detail = Path(path), detail
        super().__init__(f"the database file {path} is damaged: {detail}")


def is_damage(error: BaseException) -> bool:
    return isinstance(error, duckdb.Error) and any(sign in str(error).lower() for sign in DAMAGE_SIGNS)


def is_invalidated(error: BaseException) -> bool:
    """A fatal DuckDB error: the whole database instance of this process refuses every query until reopened."""
    return isinstance(error, duckdb.FatalException) or "database has been invalidated" in str(error)


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate the database file.

    Raises DatabaseLocked when another process holds it and DatabaseDamaged when it cannot be read.
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    wal_before = _fingerprint(wal_path(path))
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        raise _explain_open_error(path, error) from None
    try:
        if not read_only:
            _keep_unreplayed_wal(con, path, wal_before)
            migrate(con)
    except duckdb.Error as error:
        con.close()
        if is_damage(error):
            raise DatabaseDamaged(path, first_line(error)) from None
        raise
    return con


def wal_path(path: Path | str) -> Path:
    return Path(f"{path}.wal")


def _fingerprint(path: Path) -> tuple[int, str] | None:
    if not path.is_file() or path.stat().st_size == 0:
        return None
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return path.stat().st_size, digest.hexdigest()


def _keep_unreplayed_wal(con: duckdb.DuckDBPyConnection, path: Path, wal_before: tuple[int, str] | None) -> None:
    """DuckDB replays the write-ahead log on opening, and a checkpoint then folds it into the file and removes
    it. A log whose first entry it cannot read (garbled, replaced) it ignores without a word, and its next write
    overwrites it: the changes committed in it are lost silently. So: checkpoint now; a log still there,
    byte-identical, was not replayed. It is copied aside (for `monitor check` to report and for an expert to
    look at) before anything is written. An interrupted commit leaves such a log too, harmlessly, which is
    why this is a warning and not a refusal."""
    if wal_before is None:
        return
    con.execute("checkpoint")
    wal = wal_path(path)
    if _fingerprint(wal) != wal_before:
        return
    kept = wal.with_name(wal.name + UNREPLAYED_WAL + dt.datetime.now().strftime("%Y%m%dT%H%M%S%f"))
    shutil.copyfile(wal, kept)
    log.warning(
        "%s: DuckDB did not replay its write-ahead log (%d bytes); copied to %s. Changes committed "
        "after the last checkpoint may be missing: see `python -m monitor check`.",
        path,
        wal_before[0],
        kept,
    )


def unreplayed_wals(path: Path | str) -> list[Path]:
    """Write-ahead logs of this database that DuckDB could not replay (kept by connect), oldest first."""
    wal = wal_path(path)
    return sorted(wal.parent.glob(f"{wal.name}{UNREPLAYED_WAL}*")) if wal.parent.is_dir() else []


def _explain_open_error(path: Path, error: Exception) -> Exception:
    message = str(error)
    if "lock" in message.lower():
        pid = re.search(r"PID (\d+)", message)
        return locked(path, int(pid.group(1)) if pid else None)
    if is_damage(error):
        return DatabaseDamaged(path, first_line(error))
    return error


def locked(path: Path, pid: int | None) -> DatabaseLocked:
    holder = f"process {pid}" if pid else "another process"
    return DatabaseLocked(
        f"{path} is in use by {holder} (probably the running app). DuckDB lets only one process open "
        f"the file. Stop that process (for example the `streamlit run` of this project), or use a copy: "
        f"--db /path/to/copy.duckdb."
    )


# struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid (+ padding).
_FLOCK = "hhqqi4x"


def holder_pid(path: Path | str) -> int | None:
    """The process holding DuckDB's lock on the file (DuckDB takes a POSIX record lock on it), without opening
    the database: a damaged file can be asked too. None when no other process holds it.

    Only for processes that do not hold the database themselves: closing any descriptor of a file drops the
    POSIX locks this process has on it, DuckDB's included (the command line's restore and health use it)."""
    try:
        with open(path, "rb") as handle:
            asked = struct.pack(_FLOCK, fcntl.F_WRLCK, 0, 0, 0, 0)
            kind, _, _, _, pid = struct.unpack(_FLOCK, fcntl.fcntl(handle.fileno(), fcntl.F_GETLK, asked))
    except FileNotFoundError:
        return None
    return None if kind == fcntl.F_UNLCK else pid


def ensure_free(path: Path | str) -> None:
    """Raise DatabaseLocked when another process holds the file (checked without opening the database)."""
    pid = holder_pid(path)
    if pid is not None:
        raise locked(Path(path), pid)


def read_every_row(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Read every row of every table (DuckDB checks each block's checksum as it reads it); rows per table.

    hash(t) takes the whole row, so every column is read, not just a count from the metadata. Table names come
    from the database's own catalog and are quoted as identifiers."""
    return {
        table: con.execute(f'select count(*), bit_xor(hash(t)) from "{_identifier(table)}" as t').fetchone()[0]  # noqa: S608
        for table in table_names(con)
    }


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The database's own tables (not views, not attached databases'), by name."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' "
        "and table_type = 'BASE TABLE' order by table_name"
    ).fetchall()
    return [row[0] for row in rows]


def schema_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """The migrations recorded as applied (see migrate)."""
    return {row[0] for row in con.execute("select version from schema_migration").fetchall()}


def _identifier(name: str) -> str:
    return name.replace('"', '""')


def _literal(text: str) -> str:
    return text.replace("'", "''")


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply numbered migrations not yet recorded, each in its own transaction. Returns their names."""
    con.execute(
        "create table if not exists schema_migration ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamp not null default current_timestamp)"
    )
    done = schema_versions(con)
    applied = []
    for version, script in _migration_files():
        if version in done:
            continue
        with transaction(con):
            con.execute(script.read_text(encoding="utf-8"))
            con.execute("insert into schema_migration (version, name) values (?, ?)", [version, script.name])
        applied.append(script.name)
    return applied


def _migration_files() -> list[tuple[int, Path]]:
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    return [(int(f.name[:3]), f) for f in files]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One explicit transaction: commit on success, roll back on any error (DuckDB stays aborted otherwise)."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


@cache
def sql_text(name: str) -> str:
    """The text of monitor/sql/<domain>/<name>.sql (a query is named without its domain folder)."""
    return _sql_files()[name].read_text(encoding="utf-8")


@cache
def _sql_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for path in sorted(SQL_DIR.rglob("*.sql")):
        if path.stem in files:
            raise RuntimeError(f"two queries named {path.stem!r}: {files[path.stem]} and {path}")
        files[path.stem] = path
    return files


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run a named query with bound parameters. Money stays Decimal (object columns), never float."""
    result = con.execute(sql_text(name), params)
    columns = [column[0] for column in result.description]
    return pd.DataFrame.from_records(result.fetchall(), columns=columns)


def scalar(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    row = con.execute(sql_text(name), params).fetchone()
    return row[0] if row else None


def records(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """A named query's rows as dicts, for callers where a DataFrame costs more than it gives."""
    result = con.execute(sql_text(name), params)
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def execute(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[tuple]:
    """Run a named statement (an insert, update, delete; or a query whose rows are wanted as tuples) with bound
    parameters; its rows (for a write: DuckDB's count of rows changed, or what it returns)."""
    return con.execute(sql_text(name), params).fetchall()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: Any) -> Iterator[None]:
    """An Arrow table (or DataFrame) readable by the connection's statements as `name` while inside."""
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows (column -> value, the same columns in each) into a table; the values are bound. Table and
    column names must be the caller's own, never from a file: they are quoted, not bound."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{_identifier(c)}"' for c in columns)
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f'insert into "{_identifier(table)}" ({names}) values ({placeholders})',  # noqa: S608
        [[row[c] for c in columns] for row in rows],
    )


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the database file (a finished file is one file, no log beside it)."""
    con.execute("checkpoint")


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Cap DuckDB's buffer memory (for example "64MiB"); beyond it DuckDB spills to its temp directory. The cap
    is the whole database instance's: for a process with one job (the command line), not for the app."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?\s*[KMGT]i?B", limit):  # SET takes no bound parameters
        raise ValueError(f"not a memory size: {limit!r}")
    con.execute(f"set memory_limit = '{limit}'")


def copy_to_file(con: duckdb.DuckDBPyConnection, path: Path, mode: int | None = None) -> None:
    """Copy the whole open database into a new file at path, checkpointed (no log beside it): a consistent
    snapshot even while other sessions write. `mode` is set on the file before any row is in it."""
    source = con.execute("select current_database()").fetchone()[0]
    alias = f"monitor_copy_{os.getpid()}_{uuid.uuid4().hex}"  # two sessions may copy at once
    # ATTACH takes no bound parameters; the path is the caller's (config + timestamp), quoted for SQL anyway.
    con.execute(f"attach '{_literal(str(path))}' as {alias}")
    try:
        if mode is not None:
            os.chmod(path, mode)
        con.execute(f'copy from database "{_identifier(source)}" to {alias}')
        con.execute(f"checkpoint {alias}")  # everything in the one file, nothing left in a log
    finally:
        con.execute(f"detach {alias}")


def open_read_only(path: Path | str) -> Connection:
    """The file as it is, read-only and without migrating (a backup to verify). Raises Error when DuckDB
    cannot read it."""
    return duckdb.connect(str(path), read_only=True)


def used_by(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Of `values`, those the named query binds (a query refuses a parameter it does not use)."""
    text = sql_text(name)
    return {key: value for key, value in values.items() if f"${key}" in text}
