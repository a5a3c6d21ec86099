"""projects import: the Research Council's open data (the soknader2 CSV) into the applications register, all or
nothing and audited; `--org` keeps the rows of one organisation (nine digits: its organisation number; anything
else: part of the owner's or institution's name); `--dry-run` tells what would change and writes nothing. A file
with one bad row imports nothing: every problem is printed with its row, column and reason. Works as the local
user, an admin (monitor.access.scope.local_user); the audit log names `--user`. See monitor/portfolio/opendata.py
for the file and monitor/portfolio/applications.py for the register.

The funded rows (Bevilgning, Avsluttet) also become projects, project id = the project number
(monitor/portfolio/funded.py): `summary --project 225873` then works, with `budget.plan_status: "declared_only"`
until a cost plan is made."""

from __future__ import annotations

from pathlib import Path

from monitor.access.scope import local_user
from monitor.commands import common
from monitor.errors import Invalid
from monitor.portfolio import applications, opendata


def register(subparsers) -> None:
    parser = subparsers.add_parser("projects", help="import projects and applications from the funder's open data")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    imports = actions.add_parser("import", help="import a soknader2 CSV file; --dry-run shows what it would do")
    imports.add_argument("file", type=Path, help="the Research Council's open-data CSV (soknader2)")
    imports.add_argument("--org", help="only this organisation: its organisation number, or part of its name")
    imports.add_argument("--user", default="cli", help="name recorded in the audit log (default: cli)")
    imports.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    common.add_common(imports)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    if not args.file.is_file():
        raise common.CommandError(f"{args.file}: no such file")
    reading = opendata.read_path(args.file)
    if reading.problems:
        lines = "\n".join(str(problem) for problem in reading.problems)
        raise common.CommandError(f"{args.file}: nothing imported.\n{lines}")
    records = opendata.of_organisation(reading.records, args.org) if args.org else reading.records
    con = common.open_db(args, settings)
    try:
        done = applications.import_records(con, local_user(args.user), records, dry_run=args.dry_run)
    except Invalid as error:
        raise common.CommandError(f"{args.file}: nothing imported.\n{error}") from None
    funded = len(opendata.funded(records))
    print(f"{len(records)} rows ({funded} funded projects, {len(records) - funded} applications)")
    print(f"register: {len(done.added)} new, {len(done.changed)} changed, {len(done.unchanged)} left as they were")
    projects = done.projects
    print(
        f"projects: {len(projects.added)} new, {len(projects.changed)} changed, "
        f"{len(projects.unchanged)} left as they were"
    )
    for number, project_id in sorted(projects.followed.items()):
        print(f"project number {number} is already followed as project {project_id}: left as it is")
    print("dry run: nothing was written" if args.dry_run else "imported")
    return 0
