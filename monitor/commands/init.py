"""init: build a database from a seed folder."""

from pathlib import Path

from monitor import db
from monitor.commands import common
from monitor.setup import seed


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help="build a database from a seed folder")
    parser.add_argument("--seed", type=Path, help="a project folder or a folder of them (default: database.seed_dir)")
    parser.add_argument("--force", action="store_true", help="replace an existing database file")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings, path = common.settings_and_path(args)
    if args.db is None and settings["database.engine"] == "postgresql":
        return _into_server(args, settings)
    try:
        loaded = seed.build_database(path, args.seed or settings.seed_dir, settings, force=args.force)
    except (FileExistsError, seed.SeedInvalid) as error:
        raise common.CommandError(str(error)) from None
    print(f"built {path} with project(s): {', '.join(loaded)}")
    return 0


def _into_server(args, settings) -> int:
    """On PostgreSQL: migrate and load the seed into the configured database, which must hold no project yet
    (drop and create it to start over: the server's data is the DBA's to remove, never this command's)."""
    store = db.connect(settings.store)
    try:
        if not db.query(store, "project_ids").empty:
            raise common.CommandError("the PostgreSQL database already holds projects; nothing was loaded")
        try:
            loaded = seed.load_into(store, args.seed or settings.seed_dir, settings)
        except seed.SeedInvalid as error:
            raise common.CommandError(str(error)) from None
    finally:
        store.close()
    print(f"loaded project(s) into PostgreSQL: {', '.join(loaded)}")
    return 0
