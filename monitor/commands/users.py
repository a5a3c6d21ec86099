"""users: add, remove, change the password or the details of, and list the app's users (the users file in config)."""

import dataclasses
import getpass
import sys

from monitor import db
from monitor.access import users
from monitor.access.scope import ROLES
from monitor.commands import common
from monitor.i18n import LANGUAGES


def register(subparsers) -> None:
    parser = subparsers.add_parser("users", help="manage users: add, remove, passwd, set, list")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--project", action="append", default=[], help="project id (repeat for several)")
    add.add_argument("--partner", help="partner id (role partner)")
    add.add_argument("--name", help="display name")
    add.add_argument("--email", help="e-mail address for the reminders (`monitor remind`)")
    add.add_argument("--lang", choices=LANGUAGES, help="language of the reminder e-mails (default: app.language)")
    for name in ("remove", "passwd"):
        actions.add_parser(name, help=f"{name} a user").add_argument("username")
    change = actions.add_parser("set", help="change a user's e-mail address, language or name (not the password)")
    change.add_argument("username")
    address = change.add_mutually_exclusive_group()
    address.add_argument("--email", help="the new address for the reminders")
    address.add_argument("--no-email", action="store_true", help="no address: no reminders by e-mail")
    change.add_argument("--lang", choices=LANGUAGES, help="language of the reminder e-mails")
    change.add_argument("--name", help="display name")
    actions.add_parser("list", help="list users")
    for name, sub in actions.choices.items():
        if name != "set":  # set asks for no password
            sub.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        common.add_common(sub)
    parser.set_defaults(run=run)


def run(args) -> int:
    settings = common.load_config(args)
    path = settings.users_file
    try:
        known = users.read_users(path)
        actions = {"add": _add, "remove": _remove, "passwd": _passwd, "set": _set, "list": _list}
        return actions[args.action](args, path, known)
    except users.UsersError as error:
        raise common.CommandError(str(error)) from None


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first, second = getpass.getpass("Password: "), getpass.getpass("Repeat: ")
    if first != second:
        raise users.UsersError("the passwords differ")
    return first


def _add(args, path, known) -> int:
    if args.username in known:
        raise users.UsersError(f"user {args.username!r} exists; use passwd to change the password")
    if args.role == "partner" and not args.partner:
        raise users.UsersError("a partner user needs --partner ID")
    if args.role in ("leader", "partner", "viewer") and not args.project:
        raise users.UsersError(f"a {args.role} needs at least one --project ID")
    email = users.checked_email(args.email)  # before the password is asked for, so a typo costs nothing
    if args.project or args.partner:
        _check_references(args, args.project, args.partner)
    known[args.username] = users.User(
        args.username,
        args.name or args.username,
        args.role,
        tuple(args.project),
        args.partner,
        users.hash_password(_password(args)),
        email=email,
        lang=args.lang,
    )
    users.write_users(path, known)
    print(f"added {args.username} ({args.role}) to {path}")
    return 0


def _check_references(args, projects: list[str], partner: str | None) -> None:
    """The projects and partner must exist in the database the command is pointed at (--db, MONITOR_DB or
    database.path), opened read-only; while the app holds it, DuckDB refuses and the message says so."""
    settings = common.load_config(args)
    path = common.db_path(args, settings)
    if not path.exists():
        raise common.CommandError(
            f"{path} does not exist, so --project/--partner cannot be checked; point --db at the project database"
        )
    con = db.connect(path, read_only=True)
    try:
        users.check_references(con, projects, partner)
    finally:
        con.close()


def _remove(args, path, known) -> int:
    if known.pop(args.username, None) is None:
        raise users.UsersError(f"no user {args.username!r} in {path}")
    users.write_users(path, known)
    print(f"removed {args.username}; their sessions end at their next click")
    return 0


def _passwd(args, path, known) -> int:
    user = known.get(args.username)
    if user is None:
        raise users.UsersError(f"no user {args.username!r} in {path}")
    # replace(): every other field (e-mail address, language) stays as it was
    known[args.username] = dataclasses.replace(user, password_hash=users.hash_password(_password(args)))
    users.write_users(path, known)
    print(f"changed the password of {args.username}; their old sessions end")
    return 0


def _set(args, path, known) -> int:
    """The user's e-mail address, language or name; everything else (password, role, projects) as it was, so their
    sessions go on."""
    user = known.get(args.username)
    if user is None:
        raise users.UsersError(f"no user {args.username!r} in {path}")
    changes = {}
    if args.email is not None or args.no_email:
        changes["email"] = None if args.no_email else users.checked_email(args.email)
    if args.lang:
        changes["lang"] = args.lang
    if args.name:
        changes["name"] = args.name
    if not changes:
        raise users.UsersError("nothing to change: give --email ADDRESS, --no-email, --lang or --name")
    known[args.username] = dataclasses.replace(user, **changes)
    users.write_users(path, known)
    said = ", ".join(f"{field} {value or '-'}" for field, value in changes.items())
    print(f"changed {args.username}: {said}")
    return 0


def _list(args, path, known) -> int:
    for row in users.describe(known):
        print(
            f"{row['username']:<16} {row['role']:<8} projects={row['projects'] or '*'} partner={row['partner_id'] or '-'}"
            f" email={row['email'] or '-'} lang={row['lang'] or '-'}"
        )
    return 0
