"""Connect, migrate, run named queries with bound parameters, and explicit transactions.

The storage seam: this is the only module that talks to DuckDB. The rest of the core passes a `Connection`
around, runs named SQL through the functions here and catches the errors named here, so that another engine
can be added behind this module without touching the domains."""

from __future__ import annotations

import copy
import datetime as dt
import fcntl
import hashlib
import io
import logging
import os
import re
import shutil
import struct
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

# pandas (~250 ms) and psycopg (~40-130 ms) are imported where first used, not here: the login form runs this
# module's connect and a probe query, and needs neither; a DuckDB store never needs psycopg (issue 19, first paint).

# One vocabulary of errors for both engines (tuples: `except db.Error` catches either engine's), built when read
# (module __getattr__ below): psycopg's classes join once psycopg is imported, as no psycopg error can be raised
# before that.
_ENGINE_ERRORS = {
    "Error": ("Error", ("Error",)),  # anything the engine refused or failed at
    # another session committed a change to the same rows first
    "WriteConflict": (
        "TransactionException",
        ("errors.SerializationFailure", "errors.DeadlockDetected", "errors.LockNotAvailable"),
    ),
    "ConstraintBroken": ("ConstraintException", ("errors.IntegrityError",)),  # a unique key or check said no
}


def __getattr__(name: str) -> tuple[type[BaseException], ...]:
    """db.Error, db.WriteConflict, db.ConstraintBroken: DuckDB's class, and psycopg's once it is imported."""
    if name not in _ENGINE_ERRORS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    duckdb_name, psycopg_names = _ENGINE_ERRORS[name]
    classes = [getattr(duckdb, duckdb_name)]
    if "psycopg" in sys.modules:
        import psycopg.errors

        for dotted in psycopg_names:
            owner, _, attribute = dotted.rpartition(".")
            classes.append(getattr(psycopg.errors if owner else psycopg, attribute))
    return tuple(classes)


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


def is_url(store: Path | str) -> bool:
    return str(store).startswith(("postgresql://", "postgres://"))


def connect(store: Path | str, read_only: bool = False) -> Connection:
    """Open and migrate the database: a DuckDB file (created if needed) or, for a postgresql:// URL, a pool of
    connections to that PostgreSQL database.

    Raises DatabaseLocked when another process holds the file and DatabaseDamaged when it cannot be read.
    """
    if is_url(store):
        return _connect_postgres(str(store))
    path = Path(store)
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
    read = "count(*)" if is_postgres(con) else "count(*), bit_xor(hash(t))"  # PostgreSQL checks pages as it reads
    return {
        table: con.execute(f'select {read} from "{_identifier(table)}" as t').fetchone()[0]  # noqa: S608
        for table in table_names(con)
    }


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The database's own tables (not views, not attached databases'), by name."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = current_schema() "
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
    for version, script in _migration_files("postgresql" if is_postgres(con) else "duckdb"):
        if version in done:
            continue
        with transaction(con):
            con.execute(script.read_text(encoding="utf-8"))
            con.execute(
                "insert into schema_migration (version, name) values ($version, $name)",
                {"version": version, "name": script.name},
            )
        applied.append(script.name)
    return applied


def _migration_files(engine: str) -> list[tuple[int, Path]]:
    """The numbered migrations, in order, for both engines; a file named `NNN_….postgresql.sql` (or `.duckdb.sql`)
    is for that engine only, where the engines must differ (a constraint one of them cannot keep)."""
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    other = {"duckdb": ".postgresql.sql", "postgresql": ".duckdb.sql"}[engine]
    return [(int(f.name[:3]), f) for f in files if not f.name.endswith(other)]


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
    import pandas as pd

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
    """An Arrow table readable by the connection's statements as `name` while inside. On PostgreSQL a temp table
    of the Arrow schema's types, filled by COPY (inside db.session: a temp table lives on one connection)."""
    if is_postgres(con):
        with _copied_temp_table(con, name, table):
            yield
        return
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


# Arrow types of a staged table -> PostgreSQL's.
_PG_TYPES = {"int32": "integer", "int64": "bigint", "string": "text", "large_string": "text", "date32[day]": "date"}


def _pg_type(arrow_type: Any) -> str:
    text = str(arrow_type)
    if text.startswith("decimal128("):
        return "numeric" + text[len("decimal128") :]
    return _PG_TYPES[text]


@contextmanager
def _copied_temp_table(con: PostgresStore, name: str, table: Any) -> Iterator[None]:
    connection = con.held_connection()
    columns = ", ".join(f'"{_identifier(f.name)}" {_pg_type(f.type)}' for f in table.schema)
    connection.execute(f'create temp table "{_identifier(name)}" ({columns})')
    try:
        with connection.cursor() as cursor, cursor.copy(f'copy "{_identifier(name)}" from stdin') as copy:
            for row in zip(*(column.to_pylist() for column in table.columns), strict=True):
                copy.write_row(row)
        yield
    finally:
        connection.execute(f'drop table if exists "{_identifier(name)}"')


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows (column -> value, the same columns in each) into a table; the values are bound. Table and
    column names must be the caller's own, never from a file: they are quoted, not bound."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{_identifier(c)}"' for c in columns)
    placeholders = ", ".join(("%s" if is_postgres(con) else "?") for _ in columns)
    con.executemany(
        f'insert into "{_identifier(table)}" ({names}) values ({placeholders})',  # noqa: S608
        [[row[c] for c in columns] for row in rows],
    )


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the database file (a finished file is one file, no log beside it). PostgreSQL
    checkpoints by itself."""
    if not is_postgres(con):
        con.execute("checkpoint")


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Cap DuckDB's buffer memory (for example "64MiB"); beyond it DuckDB spills to its temp directory. The cap
    is the whole database instance's: for a process with one job (the command line), not for the app."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?\s*[KMGT]i?B", limit):  # SET takes no bound parameters
        raise ValueError(f"not a memory size: {limit!r}")
    if not is_postgres(con):  # the server's memory is the DBA's to set
        con.execute(f"set memory_limit = '{limit}'")


def copy_to_file(con: duckdb.DuckDBPyConnection, path: Path, mode: int | None = None) -> None:
    """Copy the whole open database into a new file at path, checkpointed (no log beside it): a consistent
    snapshot even while other sessions write. `mode` is set on the file before any row is in it."""
    if is_postgres(con):
        raise NotOnThisEngine("a PostgreSQL database is backed up with pg_dump (see the README), not by this app")
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


# --- Copying a whole database between engines (python -m monitor migrate-store) ---------------------------


COPY_CHUNK = 200_000  # rows read and written at a time: the ledger may hold tens of millions


def table_columns(con: Connection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = current_schema() "
        "and table_name = $table order by ordinal_position",
        {"table": table},
    ).fetchall()
    return [row[0] for row in rows]


def row_count(con: Connection, table: str) -> int:
    return con.execute(f'select count(*) from "{_identifier(table)}"').fetchone()[0]  # noqa: S608 (catalog name)


def money_totals(con: Connection, table: str) -> dict[str, Decimal]:
    """The sum of every decimal column of a table, to compare a copy with its source to the øre."""
    columns = [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns where table_schema = current_schema() "
            "and table_name = $table and (lower(data_type) like 'decimal%' or lower(data_type) like 'numeric%') "
            "order by ordinal_position",
            {"table": table},
        ).fetchall()
    ]
    if not columns:
        return {}
    sums = ", ".join(f'coalesce(sum("{_identifier(c)}"), 0)' for c in columns)
    row = con.execute(f'select {sums} from "{_identifier(table)}"').fetchone()  # noqa: S608 (catalog names)
    return {column: Decimal(value) for column, value in zip(columns, row, strict=True)}


def copy_table(source: Connection, target: PostgresStore, table: str) -> int:
    """Every row of a table from a DuckDB connection into the same table of a PostgreSQL store, by COPY in CSV
    batches; the number of rows copied. The caller owns the target's transaction.

    DuckDB hands the rows over as Arrow batches and Arrow writes them as CSV, so no row passes through Python
    objects: fifty million ledger lines (issue 19) took minutes row by row. In PostgreSQL's CSV an unquoted empty
    field is NULL and Arrow quotes every string, so an empty text stays an empty text."""
    import pyarrow.csv  # only the move between engines needs it

    columns = table_columns(source, table)
    quoted = ", ".join(f'"{_identifier(c)}"' for c in columns)
    # a relation streams its batches; execute() would hold the whole table in memory first (12 GiB at 50 M lines)
    batches = source.sql(f'select {quoted} from "{_identifier(table)}"').to_arrow_reader(COPY_CHUNK)  # noqa: S608
    options = pyarrow.csv.WriteOptions(include_header=False)
    copied = 0
    indexes = _plain_indexes(target, table)
    for name, _definition in indexes:  # built anew after the copy: one sort, not millions of scattered inserts
        target.execute(f'drop index "{_identifier(name)}"')
    with target.held_connection().cursor() as cursor:
        with cursor.copy(f'copy "{_identifier(table)}" ({quoted}) from stdin with (format csv)') as copy:
            for batch in batches:
                buffer = io.BytesIO()
                pyarrow.csv.write_csv(batch, buffer, options)
                copy.write(buffer.getbuffer())
                copied += batch.num_rows
    if indexes:
        target.execute("set local maintenance_work_mem = '256MB'")  # the sort of a big table's index in memory
    for _name, definition in indexes:
        target.execute(definition)
    return copied


def _plain_indexes(target: PostgresStore, table: str) -> list[tuple[str, str]]:
    """A table's indexes that back no constraint (a primary key or unique constraint stays), with their definitions:
    copy_table drops them before a copy and builds them after. Built on 50 M copied lines the ledger's index took
    seconds; kept during the copy, every line went into it on its own."""
    rows = target.execute(
        "select i.indexname, i.indexdef from pg_indexes as i where i.schemaname = current_schema() "
        "and i.tablename = $table and not exists (select 1 from pg_constraint as c where c.conname = i.indexname) "
        "order by i.indexname",
        {"table": table},
    ).fetchall()
    return [(name, definition) for name, definition in rows]


def analyze(target: PostgresStore) -> None:
    """After a bulk copy, outside its transaction: gather the planner's statistics of every table (without them the
    server guessed a one-project read of the ledger at 100 000 rows and planned for a scan of millions) and vacuum,
    which marks the copied pages all-visible: until then an index-only scan must visit the table for every row, so
    the planner scanned all 9 M monthly sums instead of the portfolio's covering index (issue 19, 3000 projects)."""
    target.execute("vacuum (analyze)")


def reset_sequences(target: PostgresStore) -> None:
    """After rows were copied in with their ids: every sequence a column draws from continues after the highest."""
    defaults = target.execute(
        "select table_name, column_name, column_default from information_schema.columns "
        "where table_schema = current_schema() and column_default like 'nextval(%'"
    ).fetchall()
    highest: dict[str, int] = {}
    for table, column, default in defaults:
        sequence = re.search(r"nextval\('([^']+)'", default).group(1)
        top = target.execute(f'select max("{_identifier(column)}") from "{_identifier(table)}"').fetchone()[0]  # noqa: S608
        highest[sequence] = max(highest.get(sequence, 0), top or 0)
    for sequence, top in highest.items():
        if top:
            target.execute("select setval($sequence::regclass, $top)", {"sequence": sequence, "top": top})


# --- PostgreSQL -------------------------------------------------------------------------------------------


class NotOnThisEngine(RuntimeError):
    """What the DuckDB file does that a PostgreSQL server does another way (backups, bulk staging)."""


class PostgresStore:
    """A PostgreSQL database behind the calls the core makes of a DuckDB connection (`execute`, `executemany`,
    `cursor`, `close`), with the named queries' `$name` parameters.

    Connections come from a pool. Outside a transaction each statement borrows one, reads its rows whole and
    gives it back at once, so a page's reads hold no connection between them; `begin` keeps one for the calling
    thread until `commit` or `rollback`, and `session()` keeps one for the thread until its end (a temp table, such
    as the ledger import's stage, lives on one connection). Each connection is in autocommit mode, so the explicit
    `begin` of db.transaction is the only transaction there is, as on DuckDB."""

    def __init__(self, url: str, max_size: int = 10):
        from psycopg_pool import ConnectionPool

        self.url, self.owner = url, True
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max_size, kwargs={"autocommit": True}, configure=_configure, open=True
        )
        self._thread = threading.local()  # .connection (held), .session (held for a session), .in_transaction

    def execute(self, sql: str, params: dict[str, Any] | list | None = None) -> _Rows:
        params = params or None  # psycopg reads % signs as placeholders only when there are parameters
        statement = sql.strip().rstrip(";").lower()
        if statement in ("begin", "begin transaction"):
            return self._begin()
        held = getattr(self._thread, "connection", None)
        if held is not None:
            return self._run_held(held, sql, params, ending=statement in ("commit", "rollback"))
        with self.pool.connection() as connection:
            return _Rows.of(connection.execute(_postgres_text(sql, params), params))

    def executemany(self, sql: str, rows: list) -> None:
        held = getattr(self._thread, "connection", None)
        if held is not None:
            held.cursor().executemany(sql, rows)
            return
        with self.pool.connection() as connection:
            connection.cursor().executemany(sql, rows)

    @contextmanager
    def session(self) -> Iterator[None]:
        """Every statement of this thread on one connection while inside (transactions included)."""
        if getattr(self._thread, "connection", None) is not None:
            yield  # already held: a session inside a session or a transaction keeps that connection
            return
        self._thread.connection, self._thread.session = self.pool.getconn(), True
        try:
            yield
        finally:
            connection, self._thread.connection, self._thread.session = self._thread.connection, None, False
            import psycopg.pq

            if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                connection.rollback()
            self.pool.putconn(connection)

    def held_connection(self):
        """This thread's connection inside a transaction or session (COPY has no named-query form)."""
        held = getattr(self._thread, "connection", None)
        if held is None:
            import psycopg

            raise psycopg.ProgrammingError("COPY runs inside db.transaction or db.session")
        return held

    def cursor(self) -> PostgresStore:
        """Another handle on the same pool, with transactions and sessions of its own (as a DuckDB cursor is a
        connection of its own); closing it leaves the pool open."""
        borrowed = copy.copy(self)
        borrowed.owner, borrowed._thread = False, threading.local()
        return borrowed

    def close(self) -> None:
        if self.owner:
            self.pool.close()

    def _begin(self) -> _Rows:
        if getattr(self._thread, "in_transaction", False):
            import psycopg

            raise psycopg.ProgrammingError("a transaction is already open on this thread")
        connection = getattr(self._thread, "connection", None) or self.pool.getconn()
        try:
            connection.execute("begin")
        except BaseException:
            if not getattr(self._thread, "session", False):
                self.pool.putconn(connection)
            raise
        self._thread.connection, self._thread.in_transaction = connection, True
        return _Rows([], [])

    def _run_held(self, connection, sql: str, params, ending: bool) -> _Rows:
        try:
            return _Rows.of(connection.execute(_postgres_text(sql, params), params))
        finally:
            if ending:
                self._thread.in_transaction = False
                if not getattr(self._thread, "session", False):
                    self._thread.connection = None
                    self.pool.putconn(connection)


# A writer that waits longer than this for a row another writer holds gives up with LockNotAvailable (a
# WriteConflict): DuckDB refuses a conflicting write at once, and the callers' retry and conflict paths expect an
# answer, not a wait without end.
LOCK_TIMEOUT = "3s"


def _configure(connection) -> None:
    connection.execute(f"set lock_timeout = '{LOCK_TIMEOUT}'")
    # The pages' reads are small (one project's rows, or sums read through an index). A plan whose row estimates are
    # off (a table just filled, not yet analyzed) crosses the server's JIT threshold and spends 0.5-1.5 s compiling
    # a query that then runs in 20 ms: that was most of the Overview's 2.7 s on 50 M copied lines (issue 19).
    connection.execute("set jit = off")


@dataclass
class _Rows:
    """A statement's rows, read whole, with the DB-API description and fetch calls the core uses."""

    description: list[tuple[str]]
    rows: list[tuple]

    @classmethod
    def of(cls, cursor) -> _Rows:
        if cursor.description is None:  # a write: its row count, as DuckDB reports it
            return cls([("count",)], [(cursor.rowcount,)])
        return cls([(column.name,) for column in cursor.description], cursor.fetchall())

    def fetchall(self) -> list[tuple]:
        return self.rows

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None


Connection = duckdb.DuckDBPyConnection | PostgresStore


@contextmanager
def session(con: Connection) -> Iterator[None]:
    """Run this thread's statements on one connection while inside, as a DuckDB cursor always does: the ledger
    import stages a file in a temp table in `prepare` and writes it in `commit`, both inside one session."""
    if is_postgres(con):
        with con.session():
            yield
    else:
        yield


def is_postgres(con: Connection) -> bool:
    return isinstance(con, PostgresStore)


_TOKENS = re.compile(
    r"""(?P<comment>--[^\n]*|/\*.*?\*/)
      | (?P<string>'(?:[^']|'')*')
      | (?P<ident>"(?:[^"]|"")*")
      | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*)
      | (?P<qmark>\?)
      | (?P<percent>%)
      | (?P<other>[^-/'"$%?]+|.)""",
    re.VERBOSE | re.DOTALL,
)


@cache
def to_psycopg(sql: str) -> str:
    """DuckDB's `$name` -> psycopg's `%(name)s` and its `?` -> `%s`, outside strings, quoted names and comments (dropped: a comment may
    name a parameter the query does not bind); every other `%` doubled, as psycopg reads the whole text for
    placeholders. `::` casts are not parameters."""
    out = []
    for match in _TOKENS.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind == "comment":
            out.append(" " if text.startswith("/*") else "")
        elif kind == "param":
            out.append(f"%({text[1:]})s")
        elif kind == "qmark":  # DuckDB's positional parameter (with a list of values)
            out.append("%s")
        else:
            out.append(text.replace("%", "%%"))
    return "".join(out)


def _postgres_text(sql: str, params: Any) -> str:
    """A named query's `$name` parameters in psycopg's `%(name)s` style; a statement without parameters as it is
    (psycopg then runs several statements in one call, as a migration has)."""
    return to_psycopg(sql) if params else sql


def _connect_postgres(url: str) -> PostgresStore:
    import psycopg  # only here: a DuckDB store never loads it

    try:
        store = PostgresStore(url)
        migrate(store)
    except psycopg.Error as error:
        raise DatabaseUnavailable(url, first_line(error)) from None
    return store


class DatabaseUnavailable(RuntimeError):
    """The PostgreSQL server cannot be reached or refused the login."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"the PostgreSQL database {_without_password(url)} cannot be used ({detail})")


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)
