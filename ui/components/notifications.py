"""Streamlit glue of the Notifications page and the sidebar's count of unread notifications.

The count runs on every page, so the evaluated items are cached per scope and day (a few minutes, and dropped by
every write through database.after_write); marking read drops only the count.
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.notify import inbox, rules
from monitor.notify.items import Item
from ui import database, layout

log = logging.getLogger("consortium_monitor")

PAGE = "pages/notifications.py"
MARKED = "notify:done"  # what the last click did, said once after its rerun
ITEMS_SECONDS = 300  # evaluated items go stale at most this long when nothing in the app wrote meanwhile


@st.cache_data(show_spinner=False, max_entries=64, ttl=ITEMS_SECONDS)
def items(scope: Scope, today: dt.date, projects: tuple[str, ...] | None) -> list[Item]:
    return rules.evaluate(database.cursor(), scope, database.settings(), today, projects)


@st.cache_data(show_spinner=False, max_entries=64, ttl=ITEMS_SECONDS)
def unread(scope: Scope, today: dt.date, projects: tuple[str, ...] | None) -> int:
    found = items(scope, today, projects)
    return inbox.unread_count(database.cursor(), scope, database.settings(), today, found)


def _projects(scope: Scope, project_id: str | None) -> tuple[str, ...] | None:
    """An administrator hears about the project chosen in the sidebar (rules.admin_projects); others their own."""
    return rules.admin_projects(scope, [project_id] if project_id else [])


def nav_titles(scope: Scope, today: dt.date, lang: str, project_id: str | None = None) -> dict[str, str]:
    """The Notifications entry's title with the unread count, for ui.navigation.pages_for. The count runs on every
    page: should it fail, the entry keeps its plain title (and the server log says why) rather than the page
    failing; the Notifications page itself shows the failure."""
    try:
        count = unread(scope, today, _projects(scope, project_id))
    except Exception:
        # A warning: the page the user opened goes on, and logs its own failure should it meet the same cause.
        log.warning("the unread count of %s failed", scope.user, exc_info=True)
        return {}
    title = t("nav.notifications.count", lang, count=count) if count else t("nav.notifications", lang)
    return {PAGE: title}


def _forget_reads() -> None:
    unread.clear()


def _forget_all() -> None:
    items.clear()
    unread.clear()


def page(scope: Scope, today: dt.date, lang: str, project_id: str | None = None) -> None:
    st.title(t("notify.title", lang))
    done = st.session_state.pop(MARKED, None)
    if done:
        st.success(done)
    projects = _projects(scope, project_id)
    st.caption(t("notify.intro", lang, date=today))
    if projects is not None:
        st.caption(t("notify.admin_scope", lang))
    found = items(scope, today, projects)
    _sample_note(scope, found, lang)
    table = inbox.inbox(database.cursor(), scope, database.settings(), today, found)
    if table.empty:
        st.success(t("notify.none", lang, date=today))
    else:
        _list(scope, today, table, lang)
    _choices(scope, lang)


def _sample_note(scope: Scope, found: list[Item], lang: str) -> None:
    """The items of projects whose data is sample data say so."""
    projects = database.projects(scope)
    sample = projects[projects["is_sample_data"] & projects["project_id"].isin({i.project_id for i in found})]
    if not sample.empty:
        layout.sample_banner(t("notify.sample", lang, projects=", ".join(sample["acronym"])))


def _list(scope: Scope, today: dt.date, table: pd.DataFrame, lang: str) -> None:
    unread_keys = table.loc[~table["read"], "key"].tolist()
    st.caption(t("notify.counts", lang, unread=len(unread_keys), total=len(table)))
    if unread_keys and st.button(t("notify.mark_all_read", lang), key="notify:all", icon=":material/done_all:"):
        _mark(scope, unread_keys, lang)
    for number, row in enumerate(table.to_dict("records")):
        with st.container(border=True, key=f"notify-item-{number}"):  # the browser test finds it by key
            state, text, link, mark = st.columns([1, 6, 2, 2], vertical_alignment="center")
            state.markdown(f"**{t('notify.unread', lang)}**" if not row["read"] else t("notify.read", lang))
            item_text = fmt.plain(t(row["text"], lang, **row["values"]))
            text.markdown(f"{fmt.date(row['date'], lang)} · {item_text}")
            with link:
                st.page_link(
                    row["page"],
                    label=t("notify.open", lang),
                    icon=":material/arrow_forward:",
                    query_params=row["query"],
                )
            if not row["read"] and mark.button(
                t("notify.mark_read", lang), key=f"notify:read:{number}", type="tertiary"
            ):
                _mark(scope, [row["key"]], lang)


def _mark(scope: Scope, keys: list[str], lang: str) -> None:
    """In the page's run (not a callback), so a refusal is shown and logged like any other (ui/errors.py)."""
    count = inbox.mark_read(database.cursor(), scope, keys)
    _forget_reads()
    st.session_state[MARKED] = t("notify.marked", lang, count=count)
    st.rerun()


def _choices(scope: Scope, lang: str) -> None:
    """A checkbox per rule the role may receive; a change is saved at once (in the page's run)."""
    st.subheader(t("notify.choices.heading", lang))
    st.caption(t("notify.choices.help", lang))
    chosen = rules.choices(database.cursor(), scope)
    for rule in rules.rules_for(scope):
        wanted = st.checkbox(t(f"notify.rule.{rule}", lang), value=chosen[rule], key=f"notify:rule:{rule}")
        if wanted != chosen[rule]:
            rules.set_choice(database.cursor(), scope.user, rule, wanted, scope)
            _forget_all()
            st.session_state[MARKED] = t("notify.choices.saved", lang)
            st.rerun()
