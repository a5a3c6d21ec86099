"""generate: a synthetic portfolio (the embedded projects plus N generated ones) for benchmarks."""

import time

from monitor.commands import common
from monitor.setup import generate


def register(subparsers) -> None:
    parser = subparsers.add_parser("generate", help="build a database with a synthetic portfolio (for benchmarks)")
    parser.add_argument("--projects", type=int, required=True, help="number of generated projects")
    parser.add_argument("--ledger-rows", type=int, required=True, help="ledger lines in all, spread evenly")
    parser.add_argument("--persons", type=int, default=0, help="people over the generated projects (default none)")
    parser.add_argument("--effort-rows", type=int, default=0, help="hours lines in all over those people")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data; default 1)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.projects < 1 or args.ledger_rows < 0 or args.persons < 0 or args.effort_rows < 0:
        raise common.CommandError(
            "--projects must be at least 1, --ledger-rows, --persons and --effort-rows at least 0"
        )
    if args.effort_rows and not args.persons:
        raise common.CommandError("--effort-rows needs --persons (the hours are the generated people's)")
    if args.db is None:
        raise common.CommandError(
            "name the new file with --db PATH (generate never overwrites the app's database by default)"
        )
    settings = common.load_config(args)
    started = time.perf_counter()
    try:
        counts = generate.build(
            args.db, settings, args.projects, args.ledger_rows, args.seed, args.force, args.persons, args.effort_rows
        )
    except FileExistsError as error:
        raise common.CommandError(str(error)) from None
    rows = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    print(f"built {args.db} in {time.perf_counter() - started:.1f} s: {rows}")
    return 0
