"""Connect, migrate, run named queries with bound parameters, and explicit transactions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQL_DIR = Path(__file__).parent / "sql"


class DatabaseLocked(RuntimeError):
    """Another process holds the DuckDB file; DuckDB allows one writer process, and no readers beside it."""


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate the database file."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        raise _explain_io_error(path, error) from None
    if not read_only:
        migrate(con)
    return con


def _explain_io_error(path: Path, error: Exception) -> Exception:
    message = str(error)
    if "lock" not in message.lower():
        return error
    pid = re.search(r"PID (\d+)", message)
    holder = f"process {pid.group(1)}" if pid else "another process"
    return DatabaseLocked(
        f"{path} is in use by {holder} (probably the running app). DuckDB lets only one process open "
        f"the file. Stop that process (for example the `streamlit run` of this project), or use a copy: "
        f"--db /path/to/copy.duckdb."
    )


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply numbered migrations not yet recorded, each in its own transaction. Returns their names."""
    con.execute(
        "create table if not exists schema_migration ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamp not null default current_timestamp)"
    )
    done = {row[0] for row in con.execute("select version from schema_migration").fetchall()}
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
    """The text of monitor/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run a named query with bound parameters. Money stays Decimal (object columns), never float."""
    result = con.execute(sql_text(name), params)
    columns = [column[0] for column in result.description]
    return pd.DataFrame.from_records(result.fetchall(), columns=columns)


def scalar(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    row = con.execute(sql_text(name), params).fetchone()
    return row[0] if row else None
