"""locks: list a project's locked years (with their history) and reopen one with a reason, as an admin.

The command line works on the machine itself, as the local user, who is an admin (monitor.access.scope.local_user):
the reopening is audited under that user's name, like an import."""

from __future__ import annotations

import datetime as dt
import getpass

from monitor import db
from monitor.access.scope import local_user
from monitor.commands import common
from monitor.errors import Conflict, Invalid
from monitor.project.load import ProjectNotFound, project_row
from monitor.reports import locks


def register(subparsers) -> None:
    parser = subparsers.add_parser("locks", help="list locked years; reopen one (admin) with a reason")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every lock of the project's years, reopened ones too")
    listing.add_argument("--project", help="project id (default: app.default_project)")
    reopen = actions.add_parser("reopen", help="reopen a locked year; the reason goes to the audit log")
    reopen.add_argument("--project", help="project id (default: app.default_project)")
    reopen.add_argument("--year", type=int, required=True, help="the locked year")
    reopen.add_argument("--reason", required=True, help="why the year is reopened")
    for sub in actions.choices.values():
        common.add_common(sub)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    project_id = common.project_of(args, settings)
    con = common.open_db(args, settings)
    scope = local_user(_user())
    try:
        project_row(con, project_id, scope)
        return _list(con, project_id, scope) if args.action == "list" else _reopen(con, project_id, args, scope)
    except ProjectNotFound:
        raise common.CommandError(f"no project {project_id!r} in the database") from None
    except Invalid as error:
        raise common.CommandError("; ".join(error.text("en")) + "; nothing was changed") from None
    except Conflict as error:
        raise common.CommandError(f"{error}; nothing was changed") from None
    finally:
        con.close()


def _list(con: db.Connection, project_id: str, scope) -> int:
    found = locks.history(con, project_id, scope)
    if not found:
        print(f"{project_id}: no year is locked")
        return 0
    for lock in sorted(found, key=lambda item: (item.year, item.locked_at)):
        line = f"{lock.year}  locked {lock.locked_at:%Y-%m-%d %H:%M} by {lock.locked_by}"
        if lock.snapshot_id is not None:
            line += f" (report snapshot {lock.snapshot_id})"
        if lock.in_force:
            line += "  LOCKED"
        else:
            line += f"  reopened {lock.reopened_at:%Y-%m-%d %H:%M} by {lock.reopened_by}: {lock.reopen_reason}"
        print(line)
    return 0


def _reopen(con: db.Connection, project_id: str, args, scope) -> int:
    lock = locks.reopen(con, project_id, args.year, args.reason, scope, dt.datetime.now())
    print(
        f"{project_id}: {lock.year} reopened by {lock.reopened_by} ({lock.reopen_reason}); "
        f"submit its accounts report again to lock it"
    )
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"
