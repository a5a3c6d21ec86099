"""What every command shares: the common options, the settings and database they name, and the one error
that `python -m monitor` reports as a single line (see monitor/cli.py)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from monitor import config, db
from monitor.access.scope import local_user
from monitor.project import load as project_load
from monitor.project.as_of import default_as_of

AS_OF_HELP = "YYYY-MM-DD (default: the date the app opens on: app.as_of; else today, or the project's end once past)"


class CommandError(Exception):
    """A failure to report as one clear line and a non-zero exit, never a traceback."""


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes."""
    parser.add_argument("--db", type=Path, help="DuckDB file (default: database.path in config.yaml, or MONITOR_DB)")
    parser.add_argument("--config", type=Path, help="config file (default: config.yaml, or MONITOR_CONFIG)")


def load_config(args: argparse.Namespace) -> config.Config:
    return config.load(args.config)


def db_path(args: argparse.Namespace, settings: config.Config) -> Path:
    return args.db or settings.db_path


def settings_and_path(args: argparse.Namespace) -> tuple[config.Config, Path]:
    """The settings the command runs with, and the database file it names."""
    settings = load_config(args)
    return settings, db_path(args, settings)


def project_of(args: argparse.Namespace, settings: config.Config) -> str:
    """--project, else the app's default project."""
    return args.project or settings["app.default_project"]


def open_db(args: argparse.Namespace, settings: config.Config) -> db.Connection:
    """The database the command works on: --db (a DuckDB file), else database.engine's store."""
    if args.db is None and settings["database.engine"] == "postgresql":
        return db.connect(settings.store)
    path = db_path(args, settings)
    if not path.exists():
        raise CommandError(f"{path} does not exist; build it with `python -m monitor init --db {path}`")
    return db.connect(path)


def as_of(args: argparse.Namespace, settings: config.Config, con: db.Connection, project_id: str) -> dt.date:
    """--as-of, else the date the app opens on for this project (monitor.project.as_of), with the end date from
    the project's row. Raises ProjectNotFound (as loading the project would)."""
    if args.as_of:
        return args.as_of
    end = project_load.project_row(con, project_id, local_user())["end_date"]
    return default_as_of(settings, dt.date.today(), end)
