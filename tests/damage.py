"""Damage done for real to real database files, and the command line run as a user runs it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MONITOR_CONFIG": str(ROOT / "config.yaml"), **(env or {})},
        timeout=120,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cut(path: Path, size: int) -> Path:
    os.truncate(path, size)
    return path


def garble(path: Path, offset: int, length: int) -> Path:
    """Overwrite bytes with their complement: always different from what was there."""
    with open(path, "r+b") as handle:
        handle.seek(offset)
        original = handle.read(length)
        handle.seek(offset)
        handle.write(bytes(255 - b for b in original))
    return path


def commit_into_wal_only(path: Path, action: str = "committed-change") -> Path:
    """Commit one audit row that lives only in the write-ahead log (no checkpoint on closing), as after a
    crash of the app between a commit and the next checkpoint. Returns the log's path."""
    con = duckdb.connect(str(path))
    con.execute("pragma disable_checkpoint_on_shutdown")
    con.execute("set checkpoint_threshold = '1GB'")
    con.execute("insert into audit_log (user_name, action) values ('tester', ?)", [action])
    con.close()
    wal = Path(f"{path}.wal")
    assert wal.stat().st_size > 0
    return wal


def tables(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()]
        return {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}  # noqa: S608
    finally:
        con.close()


def _half(path):
    return cut(path, path.stat().st_size // 2)


def _flipped_wal(path):
    wal = commit_into_wal_only(path)
    return garble(wal, wal.stat().st_size // 2, 16)


# Damage as it happens (a half-written copy, a cut file, a garbled header or log), by the name tests show.
DAMAGE = {
    "half": _half,
    "4 KB": lambda path: cut(path, 4096),
    "0 bytes": lambda path: cut(path, 0),
    "garbled header": lambda path: garble(path, 0, 64),
    "flipped bytes in the WAL": _flipped_wal,
}
