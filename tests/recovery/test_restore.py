"""Issue 13, cases 2 and 3: restore checks a backup in full before replacing anything, and works when the live
database is damaged (it never opens it)."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from monitor.ledger import backup

from ..conftest import held_by_another_process
from .helpers import cli, cut, garble, sha256, tables


@pytest.fixture
def made(con, db_path, settings):
    """A good backup of the seeded database; the connection is closed, as the app is stopped for a restore."""
    path = backup.create(con, db_path, settings, reason="manual")
    con.close()
    return path


def truncated(made, tmp_path):
    return cut(shutil.copyfile(made, tmp_path / "truncated.duckdb"), made.stat().st_size // 2)


def foreign(made, tmp_path):
    path = tmp_path / "other-app.duckdb"
    other = duckdb.connect(str(path))
    other.execute("create table customers (id integer, name varchar)")
    other.execute("insert into customers values (1, 'Kari')")
    other.close()
    return path


def text(made, tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database\n", encoding="utf-8")
    return path


def garbled(made, tmp_path):
    """16 bytes flipped in every 256 KB block after the headers: data blocks, whichever hold rows."""
    path = shutil.copyfile(made, tmp_path / "garbled.duckdb")
    for offset in range(12288 + 262144 + 1000, made.stat().st_size, 262144):
        garble(path, offset, 16)
    return path


@pytest.mark.parametrize("bad", [truncated, foreign, text, garbled])
def test_a_bad_backup_is_refused_and_the_live_file_stays_byte_identical(made, db_path, tmp_path, bad):
    candidate = bad(made, tmp_path)
    before = sha256(db_path)
    result = cli("restore", candidate, "--db", db_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(candidate) in result.stderr and "nothing was changed" in result.stderr
    assert "restored" not in result.stdout
    assert sha256(db_path) == before
    assert not (tmp_path / "monitor.duckdb.restoring").exists()
    assert [p for p in made.parent.iterdir()] == [made]  # no pre-restore copy either: nothing was done


@pytest.mark.parametrize("damage", ["4 KB", "garbled header", "half"])
def test_restore_works_when_the_live_database_is_damaged(made, db_path, damage):
    expected = tables(made)
    size = db_path.stat().st_size
    {
        "4 KB": lambda: cut(db_path, 4096),
        "half": lambda: cut(db_path, size // 2),
        "garbled header": lambda: garble(db_path, 0, 64),
    }[damage]()
    damaged = sha256(db_path)
    result = cli("restore", "--db", db_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"restored {db_path} from {made}" in result.stdout
    assert tables(db_path) == expected
    saved = [p for p in made.parent.iterdir() if "pre-restore" in p.name]
    assert len(saved) == 1 and sha256(saved[0]) == damaged  # the damaged file kept as it was, for a look later
    assert f"kept in {saved[0]}" in result.stdout


def test_restore_keeps_a_damaged_write_ahead_log_beside_the_pre_restore_copy(made, db_path):
    from .helpers import commit_into_wal_only

    wal = commit_into_wal_only(db_path)
    garble(wal, wal.stat().st_size // 2, 16)
    logged = sha256(wal)
    result = cli("restore", "--db", db_path)
    assert result.returncode == 0, result.stderr
    saved = next(p for p in made.parent.iterdir() if "pre-restore" in p.name and p.suffix == ".duckdb")
    assert sha256(saved.with_name(saved.name + ".wal")) == logged
    assert not wal.exists()  # the log of the replaced file is not replayed into the restored one


def test_restore_is_refused_while_another_process_holds_the_database(made, db_path):
    with held_by_another_process(db_path) as holder:
        before = sha256(db_path)
        result = cli("restore", "--db", db_path)
        assert result.returncode == 2 and f"in use by process {holder.pid}" in result.stderr
        assert sha256(db_path) == before
