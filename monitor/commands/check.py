"""check: the database file read in full, then per project plans, references, dates, account mapping and
import batches against the ledger and the audit log, and the funder's caps its people break (effort)."""

from monitor import db
from monitor.access.scope import local_user
from monitor.commands import common
from monitor.i18n import t
from monitor.project.checks import ERROR, NOTE, check_database, check_project, effort_breaches, has_errors


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="check plans, references and dates; exit 1 on errors")
    parser.add_argument("--project", help="project id (default: every project)")
    parser.add_argument("--lang", choices=("nb", "en"), help="language of the messages (default: app.language)")
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    lang = args.lang or settings["app.language"]
    con = common.open_db(args, settings)
    failed = _report("database", check_database(con, common.db_path(args, settings)), lang)
    projects = [args.project] if args.project else db.query(con, "project_ids")["project_id"].tolist()
    for project_id in projects:
        if args.project and db.query(con, "project", project_id=project_id).empty:
            raise common.CommandError(f"no project {project_id!r} in the database")
        findings = check_project(con, project_id, settings, local_user()) + effort_breaches(
            con, project_id, local_user()
        )
        failed = _report(project_id, findings, lang) or failed
    return 1 if failed else 0


def _report(subject: str, findings, lang: str) -> bool:
    """Print the findings under `subject` (a project id, or 'database'); True when there is an error."""
    errors, notes = sum(f.level == ERROR for f in findings), sum(f.level == NOTE for f in findings)
    counted = f"{errors} error(s), {len(findings) - errors - notes} warning(s)" + (
        f", {notes} note(s)" if notes else ""
    )
    print(f"{subject}: {counted}")
    for finding in findings:
        print(f"  {t('level.' + finding.level, lang)}: {t('check.' + finding.code, lang, **finding.values)}")
    return has_errors(findings)
