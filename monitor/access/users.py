"""Users, passwords and sessions. The only module that knows how a user proves who they are.

Users live in a git-ignored YAML file (path in config: auth.users_file) with bcrypt hashes. In demo
mode the documented demo users of the embedded data exist as well. A session remembers the user
name and a fingerprint of the password hash; every rerun re-reads the users file, so a removed user
or a changed password ends the session at once. To replace the password form with single sign-on
(OIDC via st.login), map the identity provider's user to a `User` here and keep the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import yaml

from monitor import db
from monitor.access import audit
from monitor.access.scope import ROLES, Scope
from monitor.config_rules import address_problem
from monitor.i18n import LANGUAGES

DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: str
    projects: tuple[str, ...] = ()
    partner_id: str | None = None
    password_hash: str | None = None  # None for demo users
    is_demo: bool = False
    email: str | None = None  # where `monitor remind` sends the reminders; None: the user gets none by e-mail
    lang: str | None = None  # the language of those e-mails; None: app.language

    def scope(self) -> Scope:
        projects = None if self.role == "admin" else frozenset(self.projects)
        return Scope(user=self.username, role=self.role, project_ids=projects, partner_id=self.partner_id)

    @property
    def fingerprint(self) -> str:
        """Changes when the password changes, so old sessions end."""
        source = self.password_hash or f"demo:{self.username}"
        return hashlib.sha256(source.encode()).hexdigest()[:16]


DEMO_USERS: dict[str, User] = {
    u.username: u
    for u in (
        User("admin", "USN økonomi (demo)", "admin", is_demo=True),
        User("leader", "Annett Arntzen (demo)", "leader", ("mwinc",), is_demo=True),
        User("nav", "NAV Vestfold og Telemark (demo)", "partner", ("mwinc",), "nav_vt", is_demo=True),
        User("nho", "NHO Vestfold og Telemark (demo)", "partner", ("mwinc",), "nho_vt", is_demo=True),
        User("reader", "Forskningsrådet (demo)", "viewer", ("mwinc",), is_demo=True),
    )
}


class UsersError(ValueError):
    pass


def check_references(con: db.Connection, projects: tuple[str, ...] | list[str], partner_id: str | None) -> None:
    """Refuse a user whose projects or partner the database does not know. The users file is separate from the
    database, so nothing else would catch a typo: the user would sign in to an empty app (an unknown project)
    or, as a partner, see nothing of their own (an unknown partner). The message lists the ids there are."""
    known = db.query(con, "project_ids")["project_id"].tolist()
    unknown = [p for p in projects if p not in known]
    if unknown:
        raise UsersError(
            f"unknown project {', '.join(map(repr, unknown))}; the database has: {', '.join(known) or '(none)'}"
        )
    if partner_id is None:
        return
    if not projects:
        raise UsersError(f"partner {partner_id!r} needs the --project it belongs to")
    partners = sorted(
        {row for project in projects for row in db.query(con, "partners", project_id=project)["partner_id"]}
    )
    if partner_id not in partners:
        raise UsersError(
            f"unknown partner {partner_id!r} in project(s) {', '.join(projects)}; "
            f"their partners are: {', '.join(partners) or '(none)'}"
        )


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise UsersError("a password needs at least 10 characters")
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def read_users(path: Path) -> dict[str, User]:
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    users = {}
    for username, entry in (raw.get("users") or {}).items():
        if entry.get("role") not in ROLES:
            raise UsersError(f"{path}: user {username}: unknown role {entry.get('role')!r}")
        email, lang = entry.get("email"), entry.get("lang")  # absent in files written before issue 18
        if email is not None and address_problem(email):
            raise UsersError(f"{path}: user {username}: email {email!r}: {address_problem(email)}")
        if lang is not None and lang not in LANGUAGES:
            raise UsersError(f"{path}: user {username}: unknown lang {lang!r}; expected one of {', '.join(LANGUAGES)}")
        users[str(username)] = User(
            str(username),
            entry.get("name") or str(username),
            entry["role"],
            tuple(entry.get("projects") or ()),
            entry.get("partner_id"),
            entry.get("password_hash"),
            email=email,
            lang=lang,
        )
    return users


def checked_email(address: str | None) -> str | None:
    """An address given for a user (`users add --email`), trimmed, or UsersError saying what is wrong with it."""
    if address is None:
        return None
    problem = address_problem(address.strip())
    if problem:
        raise UsersError(f"--email {address!r}: {problem}")
    return address.strip()


def write_users(path: Path, users: dict[str, User]) -> None:
    """Write atomically (temporary file + rename), readable by the owner only."""
    body = {
        "users": {
            u.username: {
                "name": u.name,
                "role": u.role,
                "projects": list(u.projects),
                "partner_id": u.partner_id,
                "password_hash": u.password_hash,
                "email": u.email,
                "lang": u.lang,
            }
            for u in users.values()
        }
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".users-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        yaml.safe_dump(body, out, allow_unicode=True, sort_keys=True)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def all_users(path: Path, demo_mode: bool) -> dict[str, User]:
    """File users, plus the demo users in demo mode (a file user of the same name wins)."""
    return {**(DEMO_USERS if demo_mode else {}), **read_users(path)}


def demo_passwords_in_use(path: Path) -> list[str]:
    """File users whose password is still the demo password: the app refuses to start outside demo mode."""
    return [
        u.username
        for u in read_users(path).values()
        if u.password_hash and bcrypt.checkpw(DEMO_PASSWORD.encode(), u.password_hash.encode())
    ]


def check_password(user: User, password: str) -> bool:
    if user.is_demo:
        return hmac.compare_digest(password.encode(), DEMO_PASSWORD.encode())
    return bool(user.password_hash) and bcrypt.checkpw(password.encode(), user.password_hash.encode())


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int
    lockout: dt.timedelta


def login(con: db.Connection, users: dict[str, User], username: str, password: str, policy: LoginPolicy) -> User | None:
    """Check a login; every attempt is logged. After too many failures the name is locked for a while,
    whatever password is given, so guessing is throttled per user name."""
    username = username.strip()
    if failures_since_success(con, username, policy.lockout) >= policy.max_failures:
        _log(con, username, "login_locked")
        raise UsersError("locked")
    user = users.get(username)
    if user is None or not check_password(user, password):
        _log(con, username, "login_failed")
        return None
    _log(con, username, "login_ok")
    return user


def failures_since_success(con: db.Connection, username: str, window: dt.timedelta) -> int:
    minutes = int(window.total_seconds() // 60)
    return int(db.scalar(con, "auth_recent_failures", user_name=username, lockout_minutes=minutes) or 0)


def _log(con: db.Connection, username: str, action: str) -> None:
    with db.transaction(con):
        audit.record(con, username or "(empty)", action, None, None, {})


def log_event(
    con: db.Connection, username: str, action: str, detail: str | None = None, project_id: str | None = None
) -> None:
    """A denied access, a logout or a session end, in the audit log."""
    with db.transaction(con):
        audit.record(con, username, action, None, detail, {}, project_id)


@dataclass(frozen=True)
class Session:
    username: str
    fingerprint: str
    last_seen: dt.datetime


def resume(
    session: Session | None, users: dict[str, User], timeout: dt.timedelta, now: dt.datetime
) -> tuple[User | None, str | None]:
    """(user, None) while the session is valid; (None, reason) when it has ended or never began."""
    if session is None:
        return None, None
    user = users.get(session.username)
    if user is None:
        return None, "removed"
    if not hmac.compare_digest(user.fingerprint, session.fingerprint):
        return None, "password_changed"
    if now - session.last_seen > timeout:
        return None, "timeout"
    return user, None


def describe(users: dict[str, User]) -> list[dict[str, Any]]:
    return [
        {
            "username": u.username,
            "name": u.name,
            "role": u.role,
            "projects": ",".join(u.projects),
            "partner_id": u.partner_id or "",
            "email": u.email or "",
            "lang": u.lang or "",
            "demo": u.is_demo,
        }
        for u in users.values()
    ]
