"""The frame around every page: language, project and as-of date, kept in the URL.

The widgets are bound to query parameters, so a link such as ?project=mwinc&as_of=2024-06-30&lang=en
opens the same view for anyone allowed to see it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from monitor.auth import Scope
from monitor.i18n import t
from ui import data, login


@dataclass(frozen=True)
class Context:
    lang: str
    project_id: str | None
    as_of: dt.date
    scope: Scope


def language() -> str:
    default = data.settings()["app.language"]
    choices = ["nb", "en"]
    # A bound widget keeps its *displayed* option in the URL, so the codes themselves are shown: ?lang=en
    return st.sidebar.segmented_control(
        "Språk / Language", choices, default=default, key="lang", bind="query-params", required=True,
    )


def project(lang: str, scope: Scope) -> str | None:
    available = data.projects(scope)
    if available.empty:
        return None
    ids = available["project_id"].tolist()
    default = data.settings()["app.default_project"]
    # Shown (and kept in the URL) as the project id, which is unique where acronyms need not be.
    return st.sidebar.selectbox(
        t("app.project", lang), ids, index=ids.index(default) if default in ids else 0,
        key="project", bind="query-params",
    )


def as_of(lang: str) -> dt.date:
    default = data.settings().as_of_default or dt.date.today()
    return st.sidebar.date_input(
        t("app.as_of", lang), value=default, key="as_of", bind="query-params", persist_state="session",
        format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
    )


def sidebar(lang: str, scope: Scope) -> Context:
    """The signed-in user's scope comes from the login on every run, never from session state."""
    return Context(lang=lang, project_id=project(lang, scope), as_of=as_of(lang), scope=scope)


def get() -> Context:
    """The context the entry point put in session state for this run, for a signed-in user.

    Until some session has called st.navigation, Streamlit serves files in pages/ directly by URL
    without running the entry point (and so without the login). Every page starts here, so such a
    request shows only a pointer to the sign-in page and runs nothing else.
    """
    frame = st.session_state.get("context")
    user = login.valid_user()
    if frame is None or user is None or user.username != frame.scope.user:
        st.warning(t("login.sign_in_first", data.settings()["app.language"]))
        st.stop()
    return frame
