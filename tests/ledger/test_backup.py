"""Backups and restore (monitor/ledger/backup.py, issue 13, cases 1-4): a backup counts only once complete and
verified, backups and pre-restore copies are private, a bad backup is refused and the live file kept, and the
last backups before a commit are kept."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from monitor import db
from monitor.ledger import backup
from tests.conftest import database_of, held_by_another_process
from tests.damage import ROOT, cli, cut, garble, sha256, tables
from tests.ledger.helpers import (
    ledger_sum,
    run_import,
    with_settings,
)

pytestmark = pytest.mark.duckdb_only  # backups and restores copy the DuckDB file; PostgreSQL's are pg_dump's


@pytest.fixture
def db_path(tmp_path: Path, seed_dir: Path, settings, built_seeds, tmp_path_factory) -> Path:
    """Overrides tests/ledger's database with the shared one built from seed_dir (MW Inc alone): these tests
    count the project and the seed's ledger lines in a backup."""
    return database_of(seed_dir, tmp_path, settings, built_seeds, tmp_path_factory)


def seed_ledger_lines(seed_dir) -> int:
    """Counted from the seed file itself, not through the app."""
    with (seed_dir / "ledger.csv").open(encoding="utf-8") as source:
        return sum(1 for _ in csv.DictReader(source))


def test_a_partial_or_unfinished_backup_is_never_listed_nor_chosen(con, db_path, settings, seed_dir):
    good = backup.create(con, db_path, settings, reason="manual")
    con.close()
    folder = good.parent
    stem = db_path.stem
    # Newer than the good one, each of them: a backup being written now (temporary name), one an older version
    # left half-written under its final name (a .duckdb with its .wal: case 1 as reported), and one cut short.
    partial = folder / f".{stem}-29990101T000000000000-import.duckdb.partial"
    shutil.copyfile(good, partial)
    unfinished = folder / f"{stem}-29990101T000000000001-import.duckdb"
    cut(shutil.copyfile(good, unfinished), 12288)
    (folder / f"{unfinished.name}.wal").write_bytes(b"\0" * 4096)
    truncated = folder / f"{stem}-29990101T000000000002-import.duckdb"
    cut(shutil.copyfile(good, truncated), good.stat().st_size // 2)

    listed = backup.backups(settings, db_path)
    assert partial not in listed and unfinished not in listed
    assert listed == [truncated, good]  # complete by name; whether it is good, restore checks
    assert str(unfinished) not in cli("backup", "--list", "--db", db_path).stdout

    result = cli("restore", "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert f"from {good}" in result.stdout
    assert f"skipped: {truncated}" in result.stderr
    restored = tables(db_path)
    assert restored["project"] == 1 and restored["ledger_entry"] == seed_ledger_lines(seed_dir)


def _bigger(db_path) -> None:
    """About 400 000 ledger lines more, so a backup takes long enough to be killed in the middle of it."""
    con = duckdb.connect(str(db_path))
    con.execute(
        "insert into ledger_entry (project_id, posting_date, year, period, account, partner_id, amount, "
        "source_line) select 'mwinc', date '2023-01-01', 2023, 1, '5000', 'usn', 1.00, 'big:' || range "
        "from range(400000)"
    )
    con.close()


BACKING_UP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from monitor import config, db
    from monitor.ledger import backup
    settings = config.load(Path(sys.argv[2]), env={})
    con = db.connect(sys.argv[1])
    print("started", flush=True)
    while True:
        backup.create(con, Path(sys.argv[1]), settings, reason="manual")
""")


@pytest.mark.parametrize("run", range(3))
def test_kill_9_during_backups_then_restore_puts_back_a_complete_one(db_path, settings, run):
    _bigger(db_path)
    expected = tables(db_path)
    process = subprocess.Popen(
        [sys.executable, "-c", BACKING_UP, str(db_path), str(ROOT / "config.yaml")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "started"
    time.sleep(random.uniform(0.3, 2.0))  # noqa: S311 - a moment, not a secret: somewhere in a backup
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    folder = backup.backup_dir(settings, db_path)
    left = sorted(p.name for p in folder.iterdir())
    listed = backup.backups(settings, db_path)
    assert all(not p.name.endswith(".partial") for p in listed)

    result = cli("restore", "--db", db_path)
    if not listed:  # killed before the first backup was complete: nothing to restore, and said so
        assert result.returncode == 2 and "no backups" in result.stderr, left
        return
    assert result.returncode == 0, (result.stderr, left)
    assert f"from {listed[0]}" in result.stdout  # the newest complete one; a half-written one is never chosen
    assert tables(db_path) == expected


def test_backups_and_the_pre_restore_copy_are_readable_by_the_owner_only(con, db_path, settings):
    made = backup.create(con, db_path, settings)
    con.close()
    restored = backup.restore(db_path, made, settings)
    for path in (made, restored.saved):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    # and a restored live file is the owner's only too (it is a copy of a backup)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_backup_holds_one_file_and_no_write_ahead_log(con, db_path, settings):
    made = backup.create(con, db_path, settings)
    con.close()
    assert not db.wal_path(made).exists()
    assert [p.name for p in made.parent.iterdir()] == [made.name]
    assert backup.verify(made)["project"] == 1
    assert os.access(made, os.R_OK)


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


def test_backup_before_commit_keeps_the_last_n_and_restores(con, settings, db_path, tmp_path, example_888):
    keep2 = with_settings(settings, **{"import.backup_keep": 2})
    before = ledger_sum(con, imported_only=False)
    # Two cost lines of the file are split between P:200 and P:202 (one source key, two amounts): in one project
    # the P:202 import conflicts with the P:200 batch, so it replaces it.
    for dimension in ("P:90", "P:200", "P:202"):
        run_import(
            con,
            keep2,
            example_888,
            db_path=db_path,
            dimension=dimension,
            partner_id="usn",
            replace=dimension == "P:202",
        )
    found = backup.backups(keep2, db_path)
    assert len(found) == 2 and all(p.parent == db_path.parent / "backups" for p in found)
    con.close()
    # Three imports made three backups; the newest two are kept: the one taken before the P:202 import
    # (holding P:90 and P:200) and, the oldest kept, the one taken before P:200 (holding only P:90).
    oldest = found[-1]
    backup.restore(db_path, oldest, keep2)
    restored = duckdb.connect(str(db_path), read_only=True)
    assert restored.execute("select count(*) from import_batch").fetchone() == (1,)
    restored.close()
    # the state before the restore was saved too, and the seed lines are intact in the restored file
    assert any("pre-restore" in p.name for p in backup.backups(keep2, db_path))
    reopened = db.connect(db_path)
    assert ledger_sum(reopened, imported_only=False)[1] > before[1]
    reopened.close()


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
    from tests.damage import commit_into_wal_only

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
