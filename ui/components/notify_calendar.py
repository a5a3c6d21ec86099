"""Streamlit glue of the calendar feed (monitor/notify/calendar_feed.py): the signed-in user's deadlines as an
.ics download on the Overview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.notify import calendar_feed
from ui import database, login
from ui.context import Context


@st.cache_data(show_spinner=False, max_entries=64)
def feed(scope: Scope, as_of: dt.date, lang: str, name: str) -> bytes:
    """Every deadline of every project in the scope, as the file; keyed by the scope, so never another's."""
    found = calendar_feed.events(database.cursor(), scope, as_of, database.settings())
    return calendar_feed.to_ical(found, lang, name)


def download(frame: Context) -> None:
    """The button "Calendar (.ics)": the same file `python -m monitor calendar --user NAME` writes. Built when
    clicked, not with the page: an admin's feed reads every project (some 40 ms each), which the Overview should
    not wait for."""
    user = login.valid_user()
    name = user.name if user is not None else frame.scope.user
    scope, as_of, lang = frame.scope, frame.as_of, frame.lang
    st.download_button(
        t("notify_calendar.download", frame.lang),
        lambda: feed(scope, as_of, lang, name),
        file_name=f"deadlines_{frame.scope.user}.ics",
        mime="text/calendar",
        help=t("notify_calendar.download_help", frame.lang),
        icon=":material/calendar_month:",
        key="notify_calendar:ics",
    )
