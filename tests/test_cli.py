"""The command line's own errors (monitor/cli.py, issue 13, case 5): a damaged database named with the newest good
backup and the restore command, or the absence of one."""

from __future__ import annotations

import pytest

from monitor.ledger import backup
from tests.damage import DAMAGE, cli, cut


@pytest.mark.parametrize("damage", DAMAGE)
def test_the_command_line_names_the_damaged_file_and_the_newest_good_backup(good_backup, db_path, damage):
    DAMAGE[damage](db_path)
    result = cli("summary", "--project", "mwinc", "--json", "--db", db_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert f"The database file `{db_path}` is damaged" in result.stderr
    assert f"newest good backup, `{good_backup}`" in result.stderr
    assert f"python -m monitor restore --db {db_path}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one plain line


def test_without_a_good_backup_the_message_says_so(db_path, settings):
    cut(db_path, 4096)
    result = cli("check", "--db", db_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"There is no good backup in `{backup.backup_dir(settings, db_path)}`" in result.stderr
