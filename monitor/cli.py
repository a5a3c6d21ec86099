"""`python -m monitor ...`: every job the app does with data, scriptable.

Each command lives in its own module under monitor/commands/ with a `register(subparsers)` function and
is named once in COMMANDS below; what the commands share is in monitor/commands/common.py, so no command
imports this module back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from monitor import config, db
from monitor.commands import (
    backup,
    calendar,
    changes,
    check,
    explanations,
    export,
    generate,
    health,
    import_ledger,
    init,
    locks,
    migrate_store,
    projects,
    registers,
    remind,
    restore,
    summary,
    timesheet,
    users,
)
from monitor.commands.common import CommandError, db_path, load_config
from monitor.ledger.backup import damaged_message

# Every command, in the order `--help` lists them; a new command is one module and one name here.
COMMANDS = (
    backup,
    calendar,
    changes,
    check,
    explanations,
    export,
    generate,
    health,
    import_ledger,
    init,
    locks,
    migrate_store,
    projects,
    registers,
    remind,
    restore,
    summary,
    timesheet,
    users,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m monitor", description="Consortium Monitor command line.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        try:
            return int(args.run(args) or 0)
        except db.Error as error:  # damage found by a query, not on opening: said the same way
            raise _plain(args, error) from None
    except db.DatabaseDamaged as damaged:
        print(f"error: {_damaged(args, damaged)}", file=sys.stderr)
        return 2
    except (CommandError, config.ConfigError, db.DatabaseLocked, db.DatabaseUnavailable, db.NotOnThisEngine) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _plain(args: argparse.Namespace, error: Exception) -> Exception:
    if db.is_damage(error):
        return db.DatabaseDamaged(db_path(args, load_config(args)), db.first_line(error))
    if db.is_invalidated(error):
        return CommandError(
            f"DuckDB stopped after a fatal error and wrote nothing more ({db.first_line(error)}); "
            f"run the command again, and `python -m monitor check` if it happens again"
        )
    return error


def _damaged(args: argparse.Namespace, damaged: db.DatabaseDamaged) -> str:
    """The damaged file, what DuckDB said, and the restore that helps, naming the newest good backup."""
    try:
        settings = load_config(args)
    except config.ConfigError:
        return f"{damaged}. Restore a backup with `python -m monitor restore --db {damaged.path}`."
    return damaged_message(damaged, settings, "en")
