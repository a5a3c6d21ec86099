"""Run a page so that a failure shows the user a plain message while the details go to the server log.

The browser never gets a traceback (client.showErrorDetails = "none" as well); the log line names the
user, the page and the UTC time, so support can find it. A refused access is also written to the audit log
(user, what was refused, time), once per request: a rerun of the same request does not write it again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import NoReturn

import streamlit as st

from monitor import db
from monitor.access import users
from monitor.access.scope import AccessDenied
from monitor.i18n import t
from ui import database

log = logging.getLogger("consortium_monitor")

LAST_DENIAL = "denial_logged"  # what the last logged denial refused, while the user stays on it
DENIED_THIS_RUN = "denied_this_run"


def run_frame(serve) -> None:
    """The entry point's own work (database check, login, sidebar, navigation) under the same rule as a page:
    a failure there shows the plain message in the request's language and goes to the server log, instead of
    Streamlit's English "This app has encountered an error"."""
    try:
        serve()
    except Exception:  # st.stop/st.rerun are BaseExceptions and pass through untouched
        log.exception("the app's frame failed at %s UTC", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"))
        st.error(t("app.error", database.request_language()))


def run_page(page, username: str, lang: str) -> None:
    st.session_state[DENIED_THIS_RUN] = False
    try:
        page.run()
    except AccessDenied as denied:  # the data layer refused: tell the user, keep a record
        record_denial(username, str(denied))
        st.error(t("login.denied", lang))
    except Exception as error:  # st.stop/st.rerun are BaseExceptions and pass through untouched
        log.exception(
            "page %s failed for user %s at %s UTC",
            page.url_path or "(default)",
            username,
            dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        )
        st.error(_failure_message(error, lang))
    finally:
        if not st.session_state.get(DENIED_THIS_RUN):
            st.session_state.pop(LAST_DENIAL, None)  # the user moved on: the next refusal is a new request


def _failure_message(error: Exception, lang: str) -> str:
    """Damage found while a page reads (not when the database was opened) is named like damage found at the
    start; a fatal error that invalidated the database closes it, so the next run opens it again."""
    if db.is_invalidated(error):
        database.reopen()
        return t("recovery.invalidated_retry", lang)
    if db.is_damage(error):
        path = database.settings().db_path
        return database.damaged_message(db.DatabaseDamaged(path, db.first_line(error)), lang)
    return t("app.error", lang)


def record_denial(username: str, what: str) -> None:
    """A 'denied' row in the audit log, unless this session's previous run logged the same refusal: a widget
    click or the language switch reruns the request without being a new attempt."""
    if st.session_state.get(LAST_DENIAL) != what:
        users.log_event(database.cursor(), username, "denied", what)
    st.session_state[LAST_DENIAL] = what
    st.session_state[DENIED_THIS_RUN] = True


def refuse(username: str, what: str, lang: str, message: str | None = None) -> NoReturn:
    """Log the refusal, say so in one line, and run nothing more of the page."""
    record_denial(username, what)
    st.error(message or t("login.denied", lang))
    st.stop()
