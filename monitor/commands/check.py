"""check: consistency of plans, references, dates and account mapping."""

from monitor import cli, db
from monitor.checks import ERROR, check_project, has_errors
from monitor.i18n import t


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="check plans, references and dates; exit 1 on errors")
    parser.add_argument("--project", help="project id (default: every project)")
    parser.add_argument("--lang", choices=("nb", "en"), help="language of the messages (default: app.language)")
    cli.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = cli.load_config(args)
    lang = args.lang or settings["app.language"]
    con = cli.open_db(args, settings)
    projects = [args.project] if args.project else [r[0] for r in con.execute(db.sql_text("project_ids")).fetchall()]
    failed = False
    for project_id in projects:
        if args.project and not con.execute(db.sql_text("project"), {"project_id": project_id}).fetchall():
            raise cli.CommandError(f"no project {project_id!r} in the database")
        findings = check_project(con, project_id, settings)
        errors = sum(f.level == ERROR for f in findings)
        print(f"{project_id}: {errors} error(s), {len(findings) - errors} warning(s)")
        for finding in findings:
            print(f"  {t('level.' + finding.level, lang)}: {t('check.' + finding.code, lang, **finding.values)}")
        failed = failed or has_errors(findings)
    return 1 if failed else 0
