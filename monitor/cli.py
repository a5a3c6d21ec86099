"""`python -m monitor ...`: every job the app does with data, scriptable.

Each command lives in its own module under monitor/commands/ with a `register(subparsers)`
function; they are discovered here, so adding a command never edits this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from monitor import commands, config, db
from monitor.ledger import backup


class CommandError(Exception):
    """A failure to report as one clear line and a non-zero exit, never a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m monitor", description="Consortium Monitor command line.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"monitor.commands.{module.name}").register(subparsers)
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes."""
    parser.add_argument("--db", type=Path, help="DuckDB file (default: database.path in config.yaml, or MONITOR_DB)")
    parser.add_argument("--config", type=Path, help="config file (default: config.yaml, or MONITOR_CONFIG)")


def load_config(args: argparse.Namespace) -> config.Config:
    return config.load(args.config)


def db_path(args: argparse.Namespace, settings: config.Config) -> Path:
    return args.db or settings.db_path


def open_db(args: argparse.Namespace, settings: config.Config) -> db.Connection:
    path = db_path(args, settings)
    if not path.exists():
        raise CommandError(f"{path} does not exist; build it with `python -m monitor init --db {path}`")
    return db.connect(path)


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
    except (CommandError, config.ConfigError, db.DatabaseLocked) as error:
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
    return backup.damaged_message(damaged, settings, "en")
