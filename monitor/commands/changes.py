"""changes: list and export a project's change requests, and take a request's steps (submit, approve, reject) from
the command line, with the same rules, version check and audit log as the Budget page."""

import datetime as dt
from pathlib import Path

from monitor import db
from monitor.access.scope import local_user
from monitor.changes import edit, load, rules, views
from monitor.commands import common
from monitor.errors import Conflict, Invalid, NotFound
from monitor.reports import downloads, locks
from monitor.shown import for_screen


def register(subparsers) -> None:
    parser = subparsers.add_parser("changes", help="list, export, submit and decide change requests")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="a project's change requests with their status")
    export = actions.add_parser("export", help="every request and its proposed plan lines to a .csv or .xlsx file")
    export.add_argument("--out", type=Path, required=True, help="output file; .xlsx for Excel, otherwise CSV")
    for sub in (listing, export):
        sub.add_argument("--project", help="project id (default: app.default_project)")
        sub.add_argument("--lang", choices=("nb", "en"), help="language of the labels (default: app.language)")
    steps = []
    for name, text in (
        ("submit", "submit a draft to the funder (the Council's rules are checked)"),
        ("approve", "record the funder's approval: a new current plan version, or the new end date"),
        ("reject", "record the funder's rejection"),
    ):
        step = actions.add_parser(name, help=text)
        step.add_argument("request_id", type=int, metavar="ID", help="the request's number (see `changes list`)")
        step.add_argument("--date", type=dt.date.fromisoformat, help="YYYY-MM-DD of the step (default: today)")
        step.add_argument("--user", default="cli", help="name recorded in the audit log (default: cli)")
        steps.append(step)
    for step in steps[1:]:
        step.add_argument("--note", help="the funder's note on its decision")
    for sub in (listing, export, *steps):
        common.add_common(sub)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    con = common.open_db(args, settings)
    if args.action in ("list", "export"):
        project_id = common.project_of(args, settings)
        lang = args.lang or settings["app.language"]
        return _list(con, project_id, lang) if args.action == "list" else _export(con, project_id, args.out, lang)
    return _step(con, args, rules.limits_from(settings))


def _list(con: db.Connection, project_id: str, lang: str) -> int:
    table = views.requests_table(load.requests(con, project_id, local_user()), lang)
    print(for_screen(table, lang).frame.to_string(index=False) if not table.empty else f"{project_id}: no requests")
    return 0


def _export(con: db.Connection, project_id: str, out: Path, lang: str) -> int:
    scope = local_user()
    labels = views.names(db.query(con, "partners", project_id=project_id), _work_packages(con, project_id), lang)
    table = views.export_table(
        load.requests(con, project_id, scope), load.lines_of_project(con, project_id, scope), labels, lang
    )
    out.write_bytes(downloads.to_xlsx(table, "changes") if out.suffix.lower() == ".xlsx" else downloads.to_csv(table))
    print(f"{len(table)} rows of {project_id}'s change requests written to {out}")
    return 0


def _work_packages(con: db.Connection, project_id: str):
    return db.query(con, "work_packages", project_id=project_id)


def _step(con: db.Connection, args, limits: rules.Limits) -> int:
    scope, day = local_user(args.user), args.date or dt.date.today()
    try:
        request = load.request(con, args.request_id, scope)
        version = int(request["version"])
        if args.action == "submit":
            edit.submit(con, args.request_id, version, scope, day, limits)
        elif args.action == "approve":
            edit.approve(con, args.request_id, version, scope, day, args.note, dt.datetime.now())
        else:
            edit.reject(con, args.request_id, version, scope, day, args.note)
    except NotFound as error:
        raise common.CommandError(str(error)) from None
    except (Invalid, Conflict) as error:
        raise common.CommandError(f"change request {args.request_id}: nothing changed.\n{error}") from None
    except locks.YearLocked as error:
        raise common.CommandError(f"change request {args.request_id}: nothing changed.\n{error.text('en')}") from None
    after = load.request(con, args.request_id, scope)
    made = f", plan version {after['plan_version']}" if after["plan_version"] and args.action == "approve" else ""
    print(f"change request {args.request_id}: {after['status']} on {day}{made}")
    return 0
