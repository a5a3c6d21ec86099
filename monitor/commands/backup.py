"""backup: a consistent copy of the database in import.backup_dir (the last import.backup_keep are kept).

Backups are written under a temporary name and renamed once complete; --list shows only complete ones.
They hold the whole ledger, so they are readable by their owner only (0600).
"""

from monitor.commands import common
from monitor.ledger import backup


def register(subparsers) -> None:
    parser = subparsers.add_parser("backup", help="copy the database to the backup folder; --list shows the copies")
    parser.add_argument("--list", action="store_true", help="list this database's complete backups, newest first")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings, path = common.settings_and_path(args)
    if args.list:
        for found in backup.backups(settings, path):
            print(found)
        return 0
    con = common.open_db(args, settings)
    try:
        target = backup.create(con, path, settings, reason="manual")
    finally:
        con.close()
    print(f"backup: {target}")
    return 0
