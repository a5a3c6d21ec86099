"""migrate-store: copy a DuckDB database into an empty PostgreSQL one, verified table by table.

The target is migrated to the same schema first, then every table is copied in one transaction (all or nothing),
the ids' sequence continued after the highest copied id, and each table's row count and the sum of each of its
money columns compared with the source, to the øre. A target that holds any row is refused: this is a move, not a
merge.
"""

from monitor import db
from monitor.commands import common

SKIPPED = ("schema_migration",)  # the target records its own migrations


def register(subparsers) -> None:
    parser = subparsers.add_parser("migrate-store", help="copy the DuckDB database into an empty PostgreSQL one")
    parser.add_argument(
        "--to", required=True, metavar="URL", help="postgresql://user@host:5432/dbname (password: PGPASSWORD)"
    )
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings, path = common.settings_and_path(args)
    if not db.is_url(args.to):
        raise common.CommandError(f"--to {args.to!r} is not a postgresql:// URL")
    if not path.exists():
        raise common.CommandError(f"{path} does not exist: nothing to copy")
    source = db.connect(path)
    target = db.connect(args.to)
    try:
        tables = [t for t in db.table_names(source) if t not in SKIPPED]
        _refuse_unless_empty(target, tables)
        with db.transaction(target):
            copied = {table: db.copy_table(source, target, table) for table in tables}
            db.reset_sequences(target)
        _verify(source, target, tables)
        db.analyze(target)
    finally:
        target.close()
        source.close()
    print(f"copied {sum(copied.values())} rows in {len(tables)} tables to {args.to}; row counts and money totals match")
    return 0


def _refuse_unless_empty(target: db.PostgresStore, tables: list[str]) -> None:
    filled = [table for table in tables if db.row_count(target, table)]
    if filled:
        raise common.CommandError(f"the target is not empty ({', '.join(filled)} hold rows); nothing was copied")


def _verify(source: db.Connection, target: db.PostgresStore, tables: list[str]) -> None:
    for table in tables:
        counts = db.row_count(source, table), db.row_count(target, table)
        totals = db.money_totals(source, table), db.money_totals(target, table)
        if counts[0] != counts[1] or totals[0] != totals[1]:
            raise common.CommandError(
                f"{table}: the copy differs from the source (rows {counts[0]} vs {counts[1]}, totals "
                f"{totals[0]} vs {totals[1]}); drop the target database and run again"
            )
