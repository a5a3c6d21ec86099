"""calendar: every deadline a user may see, written as an iCalendar file (monitor/notify/calendar_feed.py).

Run it from cron into a folder a calendar app reads: the file is replaced whole (never half written), and the
same deadlines keep their UIDs, so the app updates its events instead of adding copies.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

from monitor.access import users
from monitor.access.scope import AccessDenied
from monitor.commands import common
from monitor.i18n import LANGUAGES
from monitor.notify import calendar_feed


def register(subparsers) -> None:
    parser = subparsers.add_parser("calendar", help="write a user's deadlines as an iCalendar (.ics) file")
    parser.add_argument("--user", required=True, help="user name in the users file (auth.users_file)")
    parser.add_argument("--out", type=Path, required=True, help="the .ics file to write (replaced whole)")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the titles (default: app.language)")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="YYYY-MM-DD: what is marked done and received by then (default: app.as_of, else today)",
    )
    common.add_common(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    user = _user(args.user, settings)
    con = common.open_db(args, settings)
    today = args.as_of or settings.as_of_default or dt.date.today()
    try:
        found = calendar_feed.events(con, user.scope(), today, settings)
    except AccessDenied as error:  # a partner user without a partner sees nothing rather than everything
        raise common.CommandError(str(error)) from None
    data = calendar_feed.to_ical(found, args.lang or settings["app.language"], user.name)
    _write(args.out, data)
    print(f"wrote {len(found)} deadlines for {user.username} ({user.role}) to {args.out}")
    return 0


def _user(username: str, settings) -> users.User:
    """The user from the users file (and the demo users in demo mode), as the app signs them in."""
    try:
        known = users.all_users(settings.users_file, settings["auth.demo_mode"])
    except users.UsersError as error:
        raise common.CommandError(str(error)) from None
    if username not in known:
        raise common.CommandError(f"no user {username!r} in {settings.users_file}; `python -m monitor users list`")
    return known[username]


def _write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then replace it: a calendar app reading the folder sees the
    old file or the new one, never a half-written one."""
    if not path.parent.is_dir():
        raise common.CommandError(f"the folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
