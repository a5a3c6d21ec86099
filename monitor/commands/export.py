"""export: a funder report (progress, accounts, final) as an Excel, CSV (zip) or PDF file."""

import datetime as dt
from pathlib import Path

from monitor.access.scope import local_user
from monitor.commands import common
from monitor.i18n import t
from monitor.project.load import ProjectNotFound
from monitor.reports import calendar, export, tables


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="write a funder report as xlsx, csv (zip) or pdf")
    parser.add_argument("--project", help="project id (default: app.default_project)")
    parser.add_argument("--report", required=True, choices=calendar.KINDS, help="which report")
    parser.add_argument("--year", type=int, help="the report's year (progress and accounts)")
    parser.add_argument("--format", required=True, choices=tuple(export.FORMATS), dest="file_format")
    parser.add_argument("--out", required=True, type=Path, help="file to write")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help=common.AS_OF_HELP)
    parser.add_argument("--lang", choices=("nb", "en"), help="language (default: app.language)")
    parser.add_argument("--unit", choices=("nok", "nok_whole", "knok"), help="amounts (default: report.amount_unit)")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.report != calendar.FINAL and args.year is None:
        raise common.CommandError(f"--report {args.report} needs --year")
    settings = common.load_config(args)
    con = common.open_db(args, settings)
    project_id = common.project_of(args, settings)
    try:
        report = tables.build(
            con,
            project_id,
            args.report,
            args.year,
            common.as_of(args, settings, con, project_id),
            local_user(),
            settings["status.look_ahead_days"],
            require_plan=True,
        )
    except ProjectNotFound as error:
        raise common.CommandError(str(error)) from None
    except tables.NoCostPlan:
        raise common.CommandError(
            t("declared.export_refused", args.lang or settings["app.language"], project=project_id)
        ) from None
    content = export.build_file(
        report,
        args.file_format,
        args.lang or settings["app.language"],
        args.unit or settings["report.amount_unit"],
        dt.datetime.now(),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    print(f"{args.out}: {len(content)} bytes, fingerprint {tables.fingerprint(report.tables)}")
    return 0
