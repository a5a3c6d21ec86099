"""timesheet: import a time system's export (CSV or Excel: hours per person, work package and day or month) into the
effort register, all or nothing and audited; `--dry-run` prints the preview and writes nothing. The command line
works on the machine itself as the local user, an admin (monitor.access.scope.local_user): its hours are imported
as approved, and the audit log names `--user`. See monitor/effort/timesheet.py for the file and the rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.access.scope import local_user
from monitor.commands import common
from monitor.effort import timesheet
from monitor.errors import Conflict, Invalid
from monitor.reports.locks import YearLocked


def register(subparsers) -> None:
    parser = subparsers.add_parser("timesheet", help="import hours from a timesheet export (CSV or Excel)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    imports = actions.add_parser("import", help="import a timesheet file; --dry-run shows what it would do")
    imports.add_argument("file", type=Path, help="a .csv or .xlsx timesheet export")
    imports.add_argument("--project", help="project id (default: app.default_project)")
    imports.add_argument("--user", default="cli", help="name recorded in the audit log (default: cli)")
    imports.add_argument("--dry-run", action="store_true", help="show the preview; write nothing")
    common.add_common(imports)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    if not args.file.is_file():
        raise common.CommandError(f"{args.file}: no such file")
    con = common.open_db(args, settings)
    project_id = common.project_of(args, settings)
    scope, data, today = local_user(args.user), args.file.read_bytes(), dt.date.today()
    try:
        if args.dry_run:
            result = timesheet.preview(con, project_id, data, args.file.name, scope, today)
        else:
            result = timesheet.commit(con, project_id, data, args.file.name, scope, today)
    except (Invalid, YearLocked, Conflict, timesheet.TimesheetBusy) as error:
        raise common.CommandError(f"{args.file}: nothing imported.\n{error}") from None
    print_preview(result)
    if args.dry_run:
        print("dry run: nothing was written")
    else:
        print(timesheet.summary_text(result, "en", done=True))
    return 0


def print_preview(result: timesheet.Preview) -> None:
    """One line per person × work package × month the file covers, then the counts and totals."""
    if result.imported_before:
        before = result.imported_before
        print(f"this file was imported before, by {before['user_name']} at {before['imported_at']:%Y-%m-%d %H:%M}")
    for row in result.rows:
        was = "-" if row.old_hours is None else f"{row.old_hours}"
        print(
            f"  {row.month:%Y-%m}  {row.person_name:<36} {row.wp_code:<6} {row.hours:>9} h  (was {was:>9})  "
            f"{row.status:<9} {row.outcome}"
        )
    print(timesheet.summary_text(result, "en"))
