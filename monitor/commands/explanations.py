"""explanations: export a project's explained deviations to CSV/Excel, or import them from such a file.

An import is all or nothing and audited under `--user`, like the other registers: a row names year, cost category,
partner (empty: the whole project) and the text; a row of a key already explained replaces its text (a file without
versions wins, as for the registers). The local user is an admin (monitor.access.scope.local_user)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.access.scope import local_user
from monitor.budget import explanations
from monitor.commands import common
from monitor.errors import Conflict, Invalid, Problem
from monitor.registers.files import read_file
from monitor.reports import downloads

COLUMNS = ["year", "cost_category", "partner_id", "text", "version"]
REQUIRED = ("year", "cost_category", "text")


def register(subparsers) -> None:
    parser = subparsers.add_parser("explanations", help="export or import the explanations of budget deviations")
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write the explanations to a .csv or .xlsx file")
    export.add_argument("file", type=Path, help="output file; .xlsx for Excel, otherwise CSV")
    imports = actions.add_parser("import", help="write explanations from a .csv or .xlsx file, all or nothing")
    imports.add_argument("file", type=Path, help="a file as written by export")
    imports.add_argument("--user", default="cli", help="name recorded in the audit log (default: cli)")
    for sub in actions.choices.values():
        sub.add_argument("--project", help="project id (default: app.default_project)")
        common.add_common(sub)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    con = common.open_db(args, settings)
    project_id = common.project_of(args, settings)
    try:
        return _export(con, args, project_id) if args.action == "export" else _import(con, args, project_id)
    finally:
        con.close()


def _export(con, args, project_id: str) -> int:
    frame = explanations.read(con, project_id, local_user())[COLUMNS]
    data = downloads.to_xlsx(frame) if args.file.suffix.lower() == ".xlsx" else downloads.to_csv(frame)
    args.file.write_bytes(data)
    print(f"{project_id}: {len(frame)} explanation(s) written to {args.file}")
    return 0


def _import(con, args, project_id: str) -> int:
    if not args.file.exists():
        raise common.CommandError(f"{args.file} does not exist")
    try:
        header, body = read_file(args.file.read_bytes(), args.file.name)
        _check_header(header)
        entries = [_entry(cells) for _, cells in body]
        changed = explanations.save_all(con, project_id, entries, local_user(args.user), dt.datetime.now())
    except Invalid as error:
        raise common.CommandError(f"{args.file}: nothing imported.\n" + "\n".join(error.text("en"))) from None
    except Conflict as error:
        raise common.CommandError(f"{args.file}: nothing imported; {error}") from None
    print(f"{project_id}: {changed} explanation(s) written from {args.file}, {len(entries) - changed} unchanged")
    return 0


def _check_header(header: list[str]) -> None:
    """Row 1 names the columns: an unknown one or a missing one refuses the file before any row is read."""
    problems = [Problem(None, 1, name, "unknown column") for name in header if name and name not in COLUMNS]
    problems += [Problem(None, 1, name, "column is missing") for name in REQUIRED if name not in header]
    if problems:
        raise Invalid(problems)


def _entry(cells: dict[str, str]) -> explanations.Entry:
    year, version = (cells.get("year") or "").strip(), (cells.get("version") or "").strip()
    return explanations.Entry(
        year=int(year) if year.isascii() and year.isdigit() else 0,  # 0 is outside every period: named as such
        cost_category=(cells.get("cost_category") or "").strip(),
        partner_id=(cells.get("partner_id") or "").strip() or None,
        text=cells.get("text") or "",
        version=int(version) if version.isascii() and version.isdigit() else None,
    )
