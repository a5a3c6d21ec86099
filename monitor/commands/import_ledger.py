"""import: a ledger file (SAF-T Financial XML, CSV or Excel) into a project, all or nothing."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from monitor import db
from monitor.access.scope import local_user
from monitor.commands import common
from monitor.ledger import readers
from monitor.ledger.commit import CLI_MEMORY_LIMIT, ImportBlocked, commit
from monitor.ledger.readers.common import FileRefused
from monitor.ledger.stage import ImportRequest, Preview, prepare


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="import a ledger file (SAF-T, CSV, Excel); --dry-run shows what it would do"
    )
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument("--project", required=True, help="project id")
    parser.add_argument("--partner", help="partner id (default: from the SAF-T company number or a partner column)")
    parser.add_argument("--dimension", help="SAF-T analysis dimension TYPE:ID (default: import.dimension)")
    parser.add_argument("--format", choices=readers.formats(), help="file format (default: from the file name)")
    parser.add_argument("--dry-run", action="store_true", help="show the preview; write nothing")
    parser.add_argument("--replace", action="store_true", help="swap out earlier batches holding these lines")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    if not args.file.is_file():
        raise common.CommandError(f"{args.file}: no such file")
    con = common.open_db(args, settings)
    db.limit_memory(con, CLI_MEMORY_LIMIT)
    request = ImportRequest(
        path=args.file,
        project_id=args.project,
        fmt=args.format,
        partner_id=args.partner,
        dimension=args.dimension,
        replace=args.replace,
    )
    with db.session(con):  # the stage is a temp table: prepare and commit on one connection
        code = _prepare_and_commit(con, request, local_user(_user()), settings, args)
    con.close()
    return code


def _prepare_and_commit(con, request: ImportRequest, scope, settings, args) -> int:
    try:
        preview = prepare(con, request, scope, settings, progress=_progress)
    except FileRefused as error:
        raise common.CommandError(f"{error}; nothing was imported") from None
    print_preview(preview)
    if preview.blocked:
        for blocker in preview.blockers:
            hint = CLI_HINTS.get(getattr(blocker, "key", None))
            print(f"blocked: {blocker}" + (f" ({hint})" if hint else ""), file=sys.stderr)
        return 1
    if args.dry_run:
        print("dry run: nothing was written")
        return 0
    try:
        result = commit(con, preview, scope, settings, db_path=common.db_path(args, settings), progress=_progress)
    except ImportBlocked as error:  # the disk is full, or the ledger changed since the preview: nothing written
        print(f"blocked: {error}", file=sys.stderr)
        return 1
    if result.backup_path:
        print(f"backup: {result.backup_path}")
    if result.replaced:
        print(f"replaced batch(es): {', '.join(map(str, result.replaced))}")
    print(result.message)
    return 0


# What the app's messages say to choose, as this command's options.
CLI_HINTS = {
    "import.blocker.unknown_company": "--partner ID",
    "import.blocker.no_partner": "--partner ID",
    "import.blocker.conflict": "--replace",
    "import.blocker.no_dimension": "--dimension TYPE:ID",
}


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def print_preview(preview: Preview) -> None:
    print(f"file: {preview.file_name} ({preview.fmt}, sha256 {preview.sha256[:12]}...)")
    if preview.dimension:
        print(f"dimension: {preview.dimension}; company: {preview.company_number or '-'}")
    print(f"partner: {preview.partner_id or '-'}")
    print(
        f"ledger lines read: {preview.rows_read}; for the project: {preview.rows_selected}; "
        f"skipped (not a cost account): {preview.rows_skipped}; rejected: {preview.rejected_count}"
    )
    if preview.skipped_accounts:
        skipped = ", ".join(f"{a} ({n})" for a, n in sorted(preview.skipped_accounts.items()))
        print(f"  skipped accounts outside accounts.cost_range: {skipped}")
    print(f"already imported: {preview.rows_existing}; to insert: {preview.rows_to_insert}, total {preview.total} NOK")
    for row in preview.totals.to_dict("records"):
        print(
            f"  {row['year']}  {row['cost_category'] or '(unmapped)':<20} {row['amount']:>16}  ({row['lines']} lines)"
        )
    print_out_of_period(preview)
    for row in preview.conflicts.to_dict("records"):
        print(
            f"conflict: row {row['row_no']} {row['source_line']}: {row['fields']} differ from batch "
            f"{row['batch_id']} ({row['file_name']})"
        )
    if preview.conflict_count > len(preview.conflicts):
        print(f"... and {preview.conflict_count - len(preview.conflicts)} more conflicting line(s)")
    if preview.same_file_batches:
        print(f"this file was imported before: batch {', '.join(map(str, preview.same_file_batches))}")
    if preview.replaces:
        print(f"--replace swaps out batch(es): {', '.join(map(str, preview.replaces))}")
    for problem in preview.rejected:
        print(f"rejected: {problem}")
    if preview.rejected_count > len(preview.rejected):
        print(f"... and {preview.rejected_count - len(preview.rejected)} more rejected row(s)")


def print_out_of_period(preview: Preview) -> None:
    """Lines dated outside the project period are skipped, never written: each listed with its reason."""
    if not preview.out_of_period:
        return
    start, end = preview.period
    print(
        f"skipped (dated outside the project period {start} to {end}): {preview.out_of_period} line(s), "
        f"{preview.out_of_period_amount} NOK"
    )
    for line in preview.out_of_period_lines:
        reason = {
            "before": f"before the project start {start}",
            "after": f"after the project end {end}",
            "year": f"booked in the accounting year {line.year}, outside the project",
        }[line.reason]
        print(f"  row {line.row}  {line.posting_date}  {line.account}  {line.amount:>14}  {reason}")
    if preview.out_of_period > len(preview.out_of_period_lines):
        print(f"  ... and {preview.out_of_period - len(preview.out_of_period_lines)} more")
