"""init: build a database from a seed folder."""

from pathlib import Path

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
    try:
        loaded = seed.build_database(path, args.seed or settings.seed_dir, settings, force=args.force)
    except (FileExistsError, seed.SeedInvalid) as error:
        raise common.CommandError(str(error)) from None
    print(f"built {path} with project(s): {', '.join(loaded)}")
    return 0
