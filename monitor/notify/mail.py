"""Reminders by e-mail (issue 18, point 3): one digest per user per run, of the items not yet sent to them.

`remind` is handed the users and a function that gives each user's items (`items_for(user) -> list[Item]`, in the
command: the rules evaluated in that user's scope), so this module knows nothing of the rules and a user's digest
holds only what that user's scope gives. What happened to each item is kept in table `notification` (migration
019) per user and item key: sent_at once the SMTP server accepted it, so a second run the same day sends nothing
new; failed_at, attempts and last_error when it refused or could not be reached, and the item stays unsent for
the next run. A failure is logged and counted in the Report (the command exits 1), never dropped silently.

One run sends at a time (table `mail_run`, migration 023): a second run started while one sends sends nothing and
says which run is sending (RunInProgress). A user whose items cannot be worked out (their rules fail) is a failure
of that user's digest, not of the run: the other users' digests still go.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from monitor import config, db
from monitor import format as fmt
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.access.users import User
from monitor.i18n import project_text, t
from monitor.notify.items import Item, say
from monitor.project import load as project_load

log = logging.getLogger("consortium_monitor.mail")

SENDER_NAME = "Consortium Monitor"
MAX_ERROR_CHARS = 500  # what a refusal said, kept in notification.last_error
# A sending run's hold on `mail_run` counts as left behind by a killed run after this long: a digest per user
# with a 30 s SMTP timeout each would have to be refused for 120 users in a row to outlast it.
RUN_STALE_AFTER = dt.timedelta(hours=1)


class MailConfigError(config.ConfigError):
    """The mail.* settings cannot send (no host, no sender, no password): said as one line, exit 2."""


class RunInProgress(Exception):
    """Another remind run is sending now: this one sent and wrote nothing."""

    def __init__(self, holder: str, started_at: dt.datetime) -> None:
        super().__init__(f"another remind run ({holder}) has been sending since {started_at:%Y-%m-%d %H:%M:%S}")
        self.holder, self.started_at = holder, started_at


@dataclass(frozen=True)
class Server:
    """The SMTP server of config mail.*, with the password read from the environment variable it names."""

    host: str
    port: int
    security: str  # none | starttls | ssl
    sender: str
    timeout: int
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never printed or logged


def server(settings: config.Config, env: Mapping[str, str] | None = None) -> Server:
    """The configured SMTP server, or MailConfigError naming the setting to fix."""
    env = os.environ if env is None else env
    source = settings.source or "config.yaml"
    if not settings["mail.host"]:
        raise MailConfigError(f"{source}: mail.host: set the SMTP server that sends the reminders")
    if not settings["mail.sender"]:
        raise MailConfigError(f"{source}: mail.sender: set the From address of the reminders")
    password = None
    if settings["mail.user"]:
        name = settings["mail.password_env"]
        password = env.get(name)
        if not password:
            raise MailConfigError(
                f"{source}: mail.user is set but the environment variable {name} (mail.password_env) holding "
                f"its password is not"
            )
    return Server(
        settings["mail.host"],
        settings["mail.port"],
        settings["mail.security"],
        settings["mail.sender"],
        settings["mail.timeout_seconds"],
        settings["mail.user"],
        password,
    )


# --- the digest --------------------------------------------------------------------------------


def link(app_url: str, item: Item) -> str:
    """Where the item is handled: the app's page (pages/effort.py -> /effort, the URL Streamlit gives the file)
    with the item's project and query, so the page opens on the right project."""
    query = dict(item.query)
    params = [("project", item.project_id)] if "project" not in query else []
    params += list(item.query)
    return f"{app_url.rstrip('/')}/{PurePosixPath(item.page).stem}?{urlencode(params)}"


def digest(
    user: User,
    items: list[Item],
    lang: str,
    app_url: str,
    as_of: dt.date | None = None,
    projects: Mapping[str, Mapping[str, Any]] | None = None,
    sender: str | None = None,
) -> EmailMessage:
    """One e-mail to one user with every item given: subject and text in `lang`, a plain-text part and an HTML
    part, each item with its date, its text and a link to its page. `projects` (project id -> its row) gives each
    project's heading and, for sample data, the note that says so."""
    projects = projects or {}
    groups = _by_project(items, projects, lang)
    message = EmailMessage()
    message["Subject"] = t("mail.subject", lang, count=len(items))
    message["To"] = formataddr((user.name, user.email or ""))
    if sender:
        message["From"] = formataddr((SENDER_NAME, sender))
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message["Date"] = formatdate(localtime=True)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a robot
    as_of = as_of or dt.date.today()
    message.set_content(_plain_text(user, groups, lang, app_url, as_of))
    message.add_alternative(_html(user, groups, lang, app_url, as_of), subtype="html")
    return message


@dataclass(frozen=True)
class _Group:
    heading: str
    sample_note: str | None
    items: list[Item]


def _by_project(items: list[Item], projects: Mapping[str, Mapping[str, Any]], lang: str) -> list[_Group]:
    """Items per project (in the order of the projects' ids), each project's by date."""
    groups = []
    for project_id in sorted({item.project_id for item in items}):
        row = projects.get(project_id) or {}
        name = row.get(f"name_{lang}") or row.get("name_en")
        heading = f"{row['acronym']} – {name}" if row.get("acronym") and name else project_id
        note = None
        if row.get("is_sample_data"):
            note = t("app.sample_data", lang, note=project_text(row, "sample_data_note", lang) or "")
        own = sorted((i for i in items if i.project_id == project_id), key=lambda i: (i.date, i.key))
        groups.append(_Group(heading, note, own))
    return groups


def _plain_text(user: User, groups: list[_Group], lang: str, app_url: str, as_of: dt.date) -> str:
    lines = [t("mail.greeting", lang, name=user.name), "", t("mail.intro", lang, date=as_of), ""]
    for group in groups:
        lines += [group.heading, "=" * len(group.heading)]
        if group.sample_note:
            lines.append(group.sample_note)
        lines.append("")
        for item in group.items:
            lines += [f"* {fmt.date(item.date, lang)}: {say(item, lang)}", f"  {link(app_url, item)}", ""]
    lines += ["-- ", t("mail.footer", lang)]
    return "\n".join(lines) + "\n"


def _html(user: User, groups: list[_Group], lang: str, app_url: str, as_of: dt.date) -> str:
    """The same as the plain text, with every text from data escaped (an item's text is data, never markup)."""
    e = html.escape
    parts = [
        f'<html lang="{lang}"><body>',
        f"<p>{e(t('mail.greeting', lang, name=user.name))}</p>",
        f"<p>{e(t('mail.intro', lang, date=as_of))}</p>",
    ]
    for group in groups:
        parts.append(f"<h3>{e(group.heading)}</h3>")
        if group.sample_note:
            parts.append(f"<p><em>{e(group.sample_note)}</em></p>")
        parts.append("<ul>")
        for item in group.items:
            parts.append(
                f"<li><strong>{e(fmt.date(item.date, lang))}</strong>: {e(say(item, lang))}"
                f' <a href="{e(link(app_url, item))}">{e(t("mail.open", lang))}</a></li>'
            )
        parts.append("</ul>")
    parts += [f"<p><small>{e(t('mail.footer', lang))}</small></p>", "</body></html>"]
    return "\n".join(parts) + "\n"


# --- sending -----------------------------------------------------------------------------------


def send(message: EmailMessage, smtp: Server, context: ssl.SSLContext | None = None) -> None:
    """Hand one message to the SMTP server: TLS from the start (ssl), upgraded after connecting (starttls) or
    none; a login when a user is set. `context` checks the server's certificate (default: the system's CAs).
    Raises smtplib.SMTPException or OSError (refused, unreachable, timed out); the caller keeps the item."""
    context = context or ssl.create_default_context()
    if "From" not in message:
        message["From"] = formataddr((SENDER_NAME, smtp.sender))
    if smtp.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    with client:
        if smtp.security == "starttls":
            client.starttls(context=context)
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(message, from_addr=smtp.sender)


# --- a run -------------------------------------------------------------------------------------

SENT, FAILED, WOULD_SEND, NOTHING_NEW, NO_ADDRESS = "sent", "failed", "would_send", "nothing_new", "no_address"


@dataclass(frozen=True)
class Outcome:
    """What a run did for one user: the items' keys, and the message (sent, failed or, in a dry run, shown)."""

    username: str
    status: str  # SENT, FAILED, WOULD_SEND, NOTHING_NEW or NO_ADDRESS
    address: str | None = None
    keys: tuple[str, ...] = ()
    message: EmailMessage | None = field(default=None, repr=False)
    error: str | None = None


@dataclass(frozen=True)
class Report:
    dry_run: bool
    outcomes: tuple[Outcome, ...]

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ok(self) -> bool:
        """Every digest went out (or there was nothing to send): the command's exit 0."""
        return not self.of(FAILED)


def visible(item: Item, scope: Scope) -> bool:
    """Whether the item may reach this scope: its project, and for a partner only its own partner's or the
    project's items. items_for gives each user's items in their scope already; this is the last gate before
    an address outside the app, so that a wrong items_for cannot leak another partner's things."""
    if not scope.allows_project(item.project_id):
        return False
    return scope.role != "partner" or item.partner_id in (None, scope.partner_id)


def remind(
    con: db.Connection,
    scope: Scope,
    users: Iterable[User],
    items_for: Callable[[User], list[Item]],
    settings: config.Config,
    today: dt.date,
    dry_run: bool = False,
    env: Mapping[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> Report:
    """One digest per user with an e-mail address, of their items not sent before. A dry run builds the same
    messages and sends and writes nothing. `scope` is who runs it (the operator, `python -m monitor remind`):
    a run reads every user's items and writes their marks, so it takes an administrator."""
    scope.require_admin()
    smtp = None if dry_run else server(settings, env)  # a bad config stops the run before anything is sent
    ordered = sorted(users, key=lambda u: u.username)
    if dry_run:  # sends and writes nothing, so it may run beside a sending run
        return Report(True, tuple(_remind_one(con, scope, user, items_for, settings, today, None) for user in ordered))
    with sending_run(con, scope):
        outcomes = [_remind_one(con, scope, user, items_for, settings, today, smtp, context) for user in ordered]
    return Report(False, tuple(outcomes))


@contextmanager
def sending_run(con: db.Connection, scope: Scope, now: Callable[[], dt.datetime] = dt.datetime.now) -> Iterator[str]:
    """Hold the one sending run's row (`mail_run`) while the block runs; raise RunInProgress when another run holds
    it. A hold older than RUN_STALE_AFTER was left by a killed run and is taken over. Only an administrator's run
    sends (see remind)."""
    scope.require_admin()
    holder = f"{socket.gethostname()} pid {os.getpid()} {uuid.uuid4().hex[:8]}"
    started = now().replace(microsecond=0)
    with db.transaction(con):
        claimed = db.execute(con, "mail_run_claim", holder=holder, now=started, stale_before=started - RUN_STALE_AFTER)
    if not claimed:
        other = db.records(con, "mail_run_holder")
        raise RunInProgress(other[0]["holder"], other[0]["started_at"]) if other else RunInProgress("?", started)
    try:
        yield holder
    finally:
        with db.transaction(con):
            db.execute(con, "mail_run_release", holder=holder)


def _remind_one(
    con: db.Connection,
    scope: Scope,
    user: User,
    items_for: Callable[[User], list[Item]],
    settings: config.Config,
    today: dt.date,
    smtp: Server | None,
    context: ssl.SSLContext | None = None,
) -> Outcome:
    if not user.email:
        return Outcome(user.username, NO_ADDRESS)
    try:
        items = _unsent(con, user, items_for(user))
    except Exception as error:  # noqa: BLE001 - one user's rules (a damaged project, a bad override) must not stop the run
        reason = f"the reminders could not be worked out: {_reason(error)}"
        log.exception(
            "reminder e-mail to %s (%s) not built, tried again next run: %s", user.username, user.email, reason
        )
        return Outcome(user.username, FAILED, user.email, error=reason)
    if not items:
        return Outcome(user.username, NOTHING_NEW, user.email)
    lang = user.lang or settings["app.language"]
    projects = {pid: _project(con, pid, user.scope()) for pid in {item.project_id for item in items}}
    message = digest(user, items, lang, settings["mail.app_url"], today, projects, settings["mail.sender"])
    keys = tuple(item.key for item in items)
    if smtp is None:
        return Outcome(user.username, WOULD_SEND, user.email, keys, message)
    try:
        send(message, smtp, context)
    except (smtplib.SMTPException, OSError) as error:
        reason = _reason(error)
        log.error(
            "reminder e-mail to %s (%s) failed, %d item(s) kept for the next run: %s",
            user.username,
            user.email,
            len(items),
            reason,
        )
        _mark(con, scope, user, items, "mail_mark_failed", reason)
        return Outcome(user.username, FAILED, user.email, keys, message, reason)
    # Sent: marked after the server accepted it. Should this write fail, the next run sends the items again:
    # twice rather than never.
    _mark(con, scope, user, items, "mail_mark_sent", None)
    log.info("reminder e-mail to %s (%s): %d item(s)", user.username, user.email, len(items))
    return Outcome(user.username, SENT, user.email, keys, message)


def _unsent(con: db.Connection, user: User, items: list[Item]) -> list[Item]:
    """The user's items that may reach them and were not sent before, each key once."""
    sent = {row["item_key"] for row in db.records(con, "mail_sent_keys", user_name=user.username)}
    scope, seen, unsent = user.scope(), set(), []
    for item in items:
        if item.key in sent or item.key in seen:
            continue
        if not visible(item, scope):
            log.warning("item %s is not in %s's scope; left out of their e-mail", item.key, user.username)
            continue
        seen.add(item.key)
        unsent.append(item)
    return unsent


def _project(con: db.Connection, project_id: str, scope: Scope) -> dict[str, Any]:
    try:
        return project_load.project_row(con, project_id, scope)
    except project_load.ProjectNotFound:
        return {}  # the heading is then the project's id


def _reason(error: BaseException) -> str:
    """What the server said (code and text) or why it could not be reached, as one line."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        reason = f"{error.smtp_code} {text}"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        reason = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace')}" for addr, (code, msg) in error.recipients.items()
        )
    else:
        reason = f"{type(error).__name__}: {error}"
    return " ".join(reason.split())[:MAX_ERROR_CHARS]


def _mark(con: db.Connection, scope: Scope, user: User, items: list[Item], statement: str, error: str | None) -> None:
    """Every item of the digest sent (or failed) now, and one line in the audit log, in one transaction."""
    at = dt.datetime.now().replace(microsecond=0)
    with db.transaction(con):
        for item in items:
            db.execute(
                con,
                statement,
                user_name=user.username,
                item_key=item.key,
                project_id=item.project_id,
                rule=item.rule,
                due=item.date,
                at=at,
                **({} if error is None else {"error": error}),
            )
        action = "mail_failed" if error else "mail_sent"
        audit.record(con, scope.user, action, "notification", user.username, {"mail_items": (None, len(items))})


def log_of(con: db.Connection, scope: Scope, username: str) -> list[dict[str, Any]]:
    """What the reminders recorded for a user, item by item (sent_at, failed_at, attempts, last_error): the user
    themselves or an administrator."""
    if scope.user != username:
        scope.require_admin()
    return db.records(con, "mail_notifications", user_name=username)
