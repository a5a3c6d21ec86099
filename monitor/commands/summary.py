"""summary: the headline figures, as JSON for scripts (a stable contract) or as text."""

import datetime as dt
import json

from monitor.access.scope import local_user
from monitor.cash import load as cash_load
from monitor.commands import common
from monitor.effort import load as effort_load
from monitor.project import load as project_load
from monitor.project.summary import build_summary


def register(subparsers) -> None:
    parser = subparsers.add_parser("summary", help="headline figures of a project (--json for scripts)")
    parser.add_argument("--project", help="project id (default: app.default_project)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help=common.AS_OF_HELP)
    parser.add_argument("--json", action="store_true", help="print JSON (amounts as exact decimal strings)")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    con = common.open_db(args, settings)
    project_id = common.project_of(args, settings)
    try:
        as_of = common.as_of(args, settings, con, project_id)
        data = project_load.load_project(con, project_id, as_of, local_user())
    except project_load.ProjectNotFound as error:
        raise common.CommandError(str(error)) from None
    scope = local_user()
    cash = cash_load.load(con, project_id, as_of, settings, scope)
    summary = build_summary(data, settings, cash, effort_load.load(con, project_id, scope, as_of))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_text(summary)
    return 0


def _print_text(summary: dict) -> None:
    project, budget, spent = summary["project"], summary["budget"], summary["spent"]
    print(
        f"{project['name']} ({project['id']}), {project['start_date']} – {project['end_date']}, as of {summary['as_of']}"
    )
    print(f"budget {budget['total']}  spent {spent['total']}")
    print(f"milestones {summary['milestones']}  deliverables {summary['deliverables']}")
