"""Run a page so that a failure shows the user a plain message while the details go to the server log.

The browser never gets a traceback (client.showErrorDetails = "none" as well); the log line names the
user, the page and the UTC time, so support can find it. A refused access is also written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging

import streamlit as st

from monitor import users
from monitor.auth import AccessDenied
from monitor.i18n import t
from ui import data

log = logging.getLogger("consortium_monitor")


def run_page(page, username: str, lang: str) -> None:
    try:
        page.run()
    except AccessDenied as denied:  # the data layer refused: tell the user, keep a record
        users.log_event(data.cursor(), username, "denied", str(denied))
        st.error(t("login.denied", lang))
    except Exception:  # st.stop/st.rerun are BaseExceptions and pass through untouched
        log.exception("page %s failed for user %s at %s UTC", page.url_path or "(default)", username,
                      dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"))
        st.error(t("app.error", lang))
