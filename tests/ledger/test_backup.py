"""Issue 13, cases 1 and 4: a backup counts only once complete; backups and pre-restore copies are private."""

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

import duckdb
import pytest

from monitor import db
from monitor.ledger import backup

from .helpers import ROOT, cli, cut, tables


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
