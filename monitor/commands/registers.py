"""registers: export a register (milestones, deliverables, results, risks, the funder's payments, transfers to
partners, commitments) to CSV/Excel, or import one."""

import datetime as dt
from pathlib import Path

from monitor.access.scope import local_user
from monitor.commands import common
from monitor.registers import edit as register_edit
from monitor.registers import files as register_files


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "registers", help="export or import a register: schedule, results, risks, payments, transfers, commitments"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write a register to a .csv or .xlsx file")
    export.add_argument("file", type=Path, help="output file; .xlsx for Excel, otherwise CSV")
    imports = actions.add_parser("import", help="add and update register rows from a .csv or .xlsx file")
    imports.add_argument("file", type=Path, help="a file as written by export")
    imports.add_argument("--user", default="cli", help="name recorded in the audit log (default: cli)")
    for sub in (export, imports):
        sub.add_argument("--register", required=True, choices=sorted(register_edit.REGISTERS))
        sub.add_argument("--project", help="project id (default: app.default_project)")
        common.add_common(sub)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    con = common.open_db(args, settings)
    project_id = common.project_of(args, settings)
    if args.action == "export":
        return _export(con, args, project_id)
    return _import(con, args, project_id)


def _export(con, args, project_id: str) -> int:
    frame = register_edit.rows(con, args.register, project_id, local_user())
    writer = register_files.export_xlsx if args.file.suffix.lower() == ".xlsx" else register_files.export_csv
    args.file.write_bytes(writer(frame, args.register))
    print(f"{len(frame)} {args.register} written to {args.file}")
    return 0


def _import(con, args, project_id: str) -> int:
    if not args.file.exists():
        raise common.CommandError(f"{args.file} does not exist")
    try:
        summary = register_files.import_file(
            con,
            args.register,
            project_id,
            args.file.read_bytes(),
            args.file.name,
            local_user(args.user),
            dt.date.today(),
        )
    except (register_edit.Invalid, register_edit.Conflict, register_edit.NotFound) as error:
        raise common.CommandError(f"{args.file}: nothing imported.\n{error}") from None
    print(f"{args.file}: {summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged")
    return 0
