"""health: does the database answer a query? Exit 0 yes, 1 no (for a process supervisor such as systemd).

While the app holds the database (DuckDB lets one process open it), the answer is the app's own: it
queries the database every few seconds and writes `<database>.health.json`; this command believes that file
only when the holding process wrote it within --max-age seconds. See monitor/setup/health.py.
"""

import sys

from monitor.commands import common
from monitor.ledger import backup
from monitor.setup import health


def register(subparsers) -> None:
    parser = subparsers.add_parser("health", help="exit 0 when the database answers a query, 1 when not")
    parser.add_argument(
        "--max-age",
        type=float,
        default=health.STALE_SECONDS,
        help=f"seconds the running app's answer stays valid (default {health.STALE_SECONDS:.0f})",
    )
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    store = settings.store if args.db is None else common.db_path(args, settings)
    answer = health.check(store, args.max_age)
    if answer.ok:
        print(answer.message)
        return 0
    print(f"unhealthy: {answer.message}", file=sys.stderr)
    if answer.damaged:
        print(backup.damaged_message(answer.damaged, settings, "en"), file=sys.stderr)
    return 1
