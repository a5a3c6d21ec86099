"""The frame around every page: language, project and as-of date, kept in the URL.

The widgets are bound to query parameters, so a link such as ?project=mwinc&as_of=2024-06-30&lang=en
opens the same view for anyone allowed to see it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.project.as_of import as_of_note, default_as_of
from ui import database, errors, login, navigation

if TYPE_CHECKING:
    import pandas as pd  # the login form runs this module's language(): no pandas before it (issue 19)


@dataclass(frozen=True)
class Choices:
    """What the user chose in the sidebar: nothing here decides what they may see."""

    lang: str
    project_id: str | None
    as_of: dt.date


@dataclass(frozen=True)
class Context(Choices):
    scope: Scope


CHOICES = "context"  # session-state key of this run's Choices (never a scope: see get())


def language() -> str:
    default = database.settings()["app.language"]
    choices = ["nb", "en"]
    # A bound widget keeps its *displayed* option in the URL, so the codes themselves are shown: ?lang=en
    return st.sidebar.segmented_control(
        "Språk / Language",
        choices,
        default=default,
        key="lang",
        bind="query-params",
        required=True,
    )


PROJECT_IN_URL = "project_in_url"  # the ?project= this session last wrote
AS_OF_DEFAULT = "as_of_default"  # the default date the as-of box last had


def project(lang: str, projects: pd.DataFrame) -> str | None:
    """Shown by its acronym, kept in the URL by its id (?project=mwinc), which is unique where acronyms
    need not be. Not bound to the URL by Streamlit: a bound box keeps its *displayed* text in the URL,
    so the id is written to ?project= here, and a ?project= this session did not write (a deep link)
    is followed."""
    if projects.empty:
        return None
    ids = projects["project_id"].tolist()
    names = dict(zip(ids, projects["acronym"], strict=True))
    _follow_url_project(ids, database.settings()["app.default_project"])
    chosen = st.sidebar.selectbox(
        t("app.project", lang), ids, format_func=names.__getitem__, key="project", placeholder=t("app.choose", lang)
    )
    st.query_params["project"] = chosen
    st.session_state[PROJECT_IN_URL] = chosen
    return chosen


def _follow_url_project(ids: list[str], default: str) -> None:
    named = st.query_params.get("project")
    if named in ids and named != st.session_state.get(PROJECT_IN_URL):
        st.session_state["project"] = named
    elif st.session_state.get("project") not in ids:
        st.session_state["project"] = default if default in ids else ids[0]


def as_of(lang: str, end: dt.date | None) -> dt.date:
    """Today, or the project's end once it is past (config app.as_of overrides both). A date the user
    chose (in the box or the URL) is kept when the project changes; an untouched default follows it."""
    settings, today = database.settings(), dt.date.today()
    default = default_as_of(settings, today, end)
    _follow_default(default)
    chosen = st.sidebar.date_input(
        t("app.as_of", lang),
        value=default,
        key="as_of",
        bind="query-params",
        persist_state="session",
        format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
    )
    note = as_of_note(settings, today, end, chosen, lang)
    if note:
        st.sidebar.caption(note)
    return chosen


def _follow_default(default: dt.date) -> None:
    previous = st.session_state.get(AS_OF_DEFAULT)
    if previous is not None and previous != default and st.session_state.get("as_of") == previous:
        st.session_state["as_of"] = default
    st.session_state[AS_OF_DEFAULT] = default


def sidebar(lang: str, scope: Scope) -> Context:
    """The signed-in user's scope comes from the login on every run, never from session state."""
    projects = database.projects(scope)
    chosen = project(lang, projects)
    end = projects.loc[projects["project_id"] == chosen, "end_date"].iloc[0] if chosen else None
    return Context(lang=lang, project_id=chosen, as_of=as_of(lang, end), scope=scope)


def remember(frame: Context) -> None:
    """Keep the sidebar's choices for the page of this run; the scope is not kept, get() derives it."""
    st.session_state[CHOICES] = Choices(frame.lang, frame.project_id, frame.as_of)


def get() -> Context:
    """The context of this run: the choices the entry point kept, with the scope of the signed-in user.

    Until some session has called st.navigation, Streamlit serves files in pages/ directly by URL
    without running the entry point (and so without the login). Every page starts here, so such a
    request shows only a pointer to the sign-in page and runs nothing else. Session state can be written
    by anyone who runs a page (AppTest does), so a scope found there is never used: the scope comes from
    the login on every run, and a project or page outside it is refused like any other denied access.
    """
    chosen = st.session_state.get(CHOICES)
    user = login.valid_user()
    if not isinstance(chosen, Choices) or user is None:
        st.warning(t("login.sign_in_first", database.settings()["app.language"]))
        st.stop()
    scope = user.scope()
    if chosen.project_id is not None and not scope.allows_project(chosen.project_id):
        errors.refuse(user.username, f"project {chosen.project_id!r}", chosen.lang)
    navigation.refuse_if_not_for(scope, chosen.lang)
    return Context(lang=chosen.lang, project_id=chosen.project_id, as_of=chosen.as_of, scope=scope)
