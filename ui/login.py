"""The login form and the per-run session check. Password logins only for now; to use single sign-on,
replace `_login_form` with `st.login()` and map `st.user` to a monitor.access.users.User (see README)."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading
import time

import streamlit as st

from monitor.access import users
from monitor.i18n import t
from ui import database

SESSION_KEY = "auth_session"
log = logging.getLogger("consortium_monitor")

# What the first signed-in run of a new server imports besides the login path (~0.5 s: pandas, the project
# rooms, the notification rules, the calendar feed), loaded while the user types (issue 19, first paint).
FIRST_PAGE_MODULES = (
    "pandas",
    "plotly.io",
    "monitor.project.load",
    "monitor.project.checks",
    "monitor.project.overview",
    "ui.layout",
    "ui.components.notifications",
    "ui.components.overview",
    "ui.components.notify_calendar",
    "ui.components.portfolio",
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # the audit log stores UTC without a zone


@st.cache_data(show_spinner=False)
def _demo_passwords_in_use(path: str, modified: float) -> list[str]:
    return users.demo_passwords_in_use(database.settings().users_file)


def refuse_demo_passwords_in_production(lang: str) -> None:
    """Outside demo mode, a user with the documented demo password would be an open door: refuse to start."""
    settings = database.settings()
    path = settings.users_file
    if settings["auth.demo_mode"] or not path.exists():
        return
    names = _demo_passwords_in_use(str(path), path.stat().st_mtime)
    if names:
        st.error(t("login.demo_password_in_use", lang, users=", ".join(names)))
        st.stop()


def valid_user() -> users.User | None:
    """The signed-in user if this session's login is still valid; nothing is rendered."""
    settings = database.settings()
    known = users.all_users(settings.users_file, settings["auth.demo_mode"])
    timeout = dt.timedelta(minutes=settings["auth.session_timeout_minutes"])
    user, _ = users.resume(st.session_state.get(SESSION_KEY), known, timeout, _now())
    return user


def current_user(lang: str, keep_requested_page=None) -> users.User:
    """The signed-in user, checked against the users file on every run; otherwise the login form and stop.

    `keep_requested_page` is called before the form is shown: it registers the pages (hidden, never run)
    so that a deep link such as /budget?rows=year survives the login instead of falling back to /."""
    settings = database.settings()
    known = users.all_users(settings.users_file, settings["auth.demo_mode"])
    timeout = dt.timedelta(minutes=settings["auth.session_timeout_minutes"])
    user, ended = users.resume(st.session_state.get(SESSION_KEY), known, timeout, _now())
    if user is not None:
        st.session_state[SESSION_KEY] = users.Session(user.username, user.fingerprint, _now())
        return user
    if ended:
        users.log_event(database.cursor(), st.session_state[SESSION_KEY].username, f"session_{ended}")
        del st.session_state[SESSION_KEY]
        st.warning(t(f"login.ended_{ended}", lang))
    if keep_requested_page is not None:
        keep_requested_page()
    _login_form(lang, known)
    warm_up()
    st.stop()


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Once per server, after its first login form is out: a background thread imports what the first page
    after sign-in needs and draws a throwaway figure (Plotly loads its validators on the first one), so that
    work is done while the user types instead of after "sign in". Started after the form, not at import, so it
    does not slow the form; a module the signed-in run reaches first is simply imported there (import lock)."""
    thread = threading.Thread(target=_import_first_page, name="warm-up", daemon=True)
    thread.start()
    return thread


WARM_UP_DELAY_SECONDS = 0.7  # the browser draws the form first: on two cores the imports slowed it by 0.8 s


def _import_first_page() -> None:
    time.sleep(WARM_UP_DELAY_SECONDS)  # a person takes longer than this to type a name and a password
    try:
        for name in FIRST_PAGE_MODULES:
            importlib.import_module(name)
        import plotly.graph_objects as go
        import plotly.io

        plotly.io.to_json(go.Figure(go.Bar(x=[2024], y=[1])), validate=False)
    except Exception:  # a warm-up only: whatever fails here fails again, and is reported, on the page itself
        log.exception("warming up the first page after sign-in failed")


def _login_form(lang: str, known: dict[str, users.User]) -> None:
    settings = database.settings()
    st.title(t("app.title", lang))
    with st.form("login"):
        username = st.text_input(t("login.username", lang))
        password = st.text_input(t("login.password", lang), type="password")
        submitted = st.form_submit_button(t("login.submit", lang), type="primary")
    if settings["auth.demo_mode"]:
        st.info(t("login.demo_hint", lang))
    if submitted:
        _attempt(username, password, known, lang)


def _attempt(username: str, password: str, known: dict[str, users.User], lang: str) -> None:
    settings = database.settings()
    policy = users.LoginPolicy(
        settings["auth.max_failed_logins"], dt.timedelta(minutes=settings["auth.lockout_minutes"])
    )
    try:
        user = users.login(database.cursor(), known, username, password, policy)
    except users.UsersError:
        st.error(t("login.locked", lang, minutes=settings["auth.lockout_minutes"]))
        return
    if user is None:
        st.error(t("login.failed", lang))
        return
    st.session_state[SESSION_KEY] = users.Session(user.username, user.fingerprint, _now())
    # No cache is cleared here: every cached read takes the user's scope as part of its key, so one user's rows
    # never serve another, and clearing would make every signed-in session's next page miss (issue 13, load).
    st.rerun()


def sidebar_account(user: users.User, lang: str) -> None:
    st.sidebar.caption(t("login.signed_in_as", lang, name=user.name, role=t(f"role_name.{user.role}", lang)))
    if st.sidebar.button(t("login.logout", lang), key="logout"):
        users.log_event(database.cursor(), user.username, "logout")
        del st.session_state[SESSION_KEY]
        st.rerun()
