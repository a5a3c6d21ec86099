"""restore: replace the database by a backup (default: the newest that verifies); the current file is kept first.

Works when the database is damaged: the live file is never opened, only copied aside. Refused while another
process (the app) holds the file.
"""

import sys
from pathlib import Path

from monitor.commands import common
from monitor.ledger import backup


def register(subparsers) -> None:
    parser = subparsers.add_parser("restore", help="replace the database by a backup (default: the newest good one)")
    parser.add_argument("backup_file", nargs="?", type=Path, help="the backup to restore (see `backup --list`)")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings, path = common.settings_and_path(args)
    if args.db is None and settings["database.engine"] == "postgresql":
        raise common.CommandError(
            "a PostgreSQL database is restored with pg_restore (see the README); nothing was changed"
        )
    try:
        restored = backup.restore(path, args.backup_file, settings)
    except backup.BackupError as error:
        raise common.CommandError(f"{error}; nothing was changed") from None
    for reason in restored.skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    rows = restored.rows
    print(
        f"restored {path} from {restored.backup} (verified: {rows.get('project', 0)} project(s), "
        f"{rows.get('ledger_entry', 0)} ledger line(s), {sum(rows.values())} rows in {len(rows)} tables)"
    )
    if restored.saved:
        print(f"the file as it was before the restore is kept in {restored.saved}")
    return 0
