"""Run the app's entry point the way a browser would: signed in as a demo user, with the query
parameters of a deep link."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from monitor.access.users import DEMO_USERS, Session

ROOT = Path(__file__).resolve().parent.parent


def signed_in(at: AppTest, username: str) -> AppTest:
    """A session as the login form leaves it (demo mode is on in the shipped config.yaml)."""
    user = DEMO_USERS[username]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    at.session_state["auth_session"] = Session(user.username, user.fingerprint, now)
    return at


def app(user: str | None = "leader", **query_params: str) -> AppTest:
    """The entry point, signed in as a demo user (leader, admin, nav, nho, reader), or not at all (user=None)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for name, value in query_params.items():
        at.query_params[name] = value
    return signed_in(at, user) if user else at


def open_page(page: str, user: str | None = "leader", **query_params: str) -> AppTest:
    """Run the entry point, then switch to pages/<page>.py and run again."""
    at = app(user, **query_params).run()
    at.switch_page(f"pages/{page}.py")
    return at.run()
