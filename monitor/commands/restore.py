"""restore: replace the database by a backup (the newest by default); the current state is saved first."""

from pathlib import Path

from monitor import backup, cli


def register(subparsers) -> None:
    parser = subparsers.add_parser("restore", help="replace the database by a backup (default: the newest)")
    parser.add_argument("backup_file", nargs="?", type=Path, help="the backup to restore (see `backup --list`)")
    cli.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = cli.load_config(args)
    path = cli.db_path(args, settings)
    chosen = args.backup_file or next(iter(backup.backups(settings, path)), None)
    if chosen is None:
        raise cli.CommandError(f"no backups of {path} in {backup.backup_dir(settings, path)}")
    try:
        saved = backup.restore(path, chosen, settings)
    except backup.BackupError as error:
        raise cli.CommandError(str(error)) from None
    print(f"restored {path} from {chosen}; the state before the restore is in {saved}")
    return 0
