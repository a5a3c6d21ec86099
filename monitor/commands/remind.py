"""remind: e-mail each user a digest of the reminders not sent before (issue 18, point 3), for cron or a
systemd timer (see the README). Exit 0: every digest sent, or nothing new; 1: some failed (their items stay for
the next run, the failures are logged); 2: the mail settings or the database are missing; 3: another run is
sending now, so this one sent nothing (its items go with that run, or with the next).

The items come from the rules (monitor/notify/rules.py, `evaluate(con, scope, settings, today)`), evaluated in
each user's own scope, so a digest holds what its user may see and nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable

from monitor import config
from monitor.access import users
from monitor.access.scope import local_user
from monitor.commands import common
from monitor.notify import items as notify_items
from monitor.notify import mail
from monitor.notify.rules import admin_projects, evaluate


def register(subparsers) -> None:
    parser = subparsers.add_parser("remind", help="e-mail each user the reminders not sent before")
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send and write nothing")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="YYYY-MM-DD the rules are evaluated at (default: app.as_of, else today)",
    )
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    settings = common.load_config(args)
    if not args.dry_run:
        mail.server(settings)  # a missing host, sender or password: exit 2 before the database is opened
    today = args.as_of or settings.as_of_default or dt.date.today()
    try:
        known = users.read_users(settings.users_file)
    except users.UsersError as error:
        raise common.CommandError(str(error)) from None
    con = common.open_db(args, settings)
    try:
        report = mail.remind(
            con,
            local_user("remind"),
            known.values(),
            _items_for(con, settings, today),
            settings,
            today,
            args.dry_run,
        )
    except mail.RunInProgress as busy:
        stale = busy.started_at + mail.RUN_STALE_AFTER
        print(
            f"{busy}; this run sent nothing. Its reminders go with that run or the next. If that run was stopped, "
            f"a run after {stale:%Y-%m-%d %H:%M} takes over.",
            file=sys.stderr,
        )
        return 3
    finally:
        con.close()
    _print(report)
    return 0 if report.ok else 1


def _items_for(con, settings: config.Config, today: dt.date) -> Callable:
    """Each user's items, evaluated in that user's own scope: what the user may see and nothing more."""

    def items_for(user: users.User) -> list[notify_items.Item]:
        scope = user.scope()
        # an administrator hears by e-mail about the projects named for it in the users file (none: nothing)
        return list(evaluate(con, scope, settings, today, admin_projects(scope, user.projects)))

    return items_for


def _print(report: mail.Report) -> None:
    for outcome in report.outcomes:
        count = len(outcome.keys)
        if outcome.status == mail.WOULD_SEND:
            print(f"would send to {outcome.username} <{outcome.address}>: {count} item(s)")
            print(_indented(outcome.message))
        elif outcome.status == mail.SENT:
            print(f"sent to {outcome.username} <{outcome.address}>: {count} item(s)")
        elif outcome.status == mail.FAILED and not outcome.keys:  # the user's reminders could not be worked out
            print(f"FAILED to {outcome.username} <{outcome.address}>: {outcome.error}; the next run tries again")
        elif outcome.status == mail.FAILED:
            print(
                f"FAILED to {outcome.username} <{outcome.address}>: {count} item(s) kept for the next run: {outcome.error}"
            )
        elif outcome.status == mail.NOTHING_NEW:
            print(f"nothing new for {outcome.username}")
        else:
            print(f"no e-mail address for {outcome.username} (users add --email)")
    failed = len(report.of(mail.FAILED))
    done = "would send" if report.dry_run else "sent"
    count = len(report.of(mail.WOULD_SEND if report.dry_run else mail.SENT))
    print(
        f"{done} {count} e-mail(s), {failed} failed"
        + (" (dry run: nothing sent, nothing written)" if report.dry_run else "")
    )


def _indented(message) -> str:
    """The message's headers and its plain-text part, as the user would read it."""
    head = [f"    {name}: {message[name]}" for name in ("From", "To", "Subject") if message[name]]
    body = message.get_body(preferencelist=("plain",)).get_content()
    return "\n".join(head + ["    " + line for line in body.splitlines()])
