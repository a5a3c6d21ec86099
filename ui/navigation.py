"""Which pages exist and which roles may open them.

A page's file is registered only for the roles that may open it. For every other role its URL (/audit)
leads to a hidden stand-in that runs nothing of the page: it logs the denial and says in one line that the
page is not for this role. Without the stand-in, st.navigation would quietly show the default page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from monitor.access.scope import Scope
from monitor.i18n import t
from ui import errors


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    icon: str
    roles: frozenset[str]
    default: bool = False


ALL_ROLES = frozenset({"admin", "leader", "partner", "viewer"})
PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", ALL_ROLES, default=True),
    PageSpec("pages/schedule.py", "nav.schedule", ":material/view_timeline:", ALL_ROLES),
    PageSpec("pages/results.py", "nav.results", ":material/emoji_events:", ALL_ROLES),
    PageSpec("pages/risks.py", "nav.risks", ":material/warning:", ALL_ROLES),
    PageSpec("pages/audit.py", "nav.audit", ":material/history:", frozenset({"admin", "leader"})),
    PageSpec("pages/budget.py", "nav.budget", ":material/account_balance_wallet:", ALL_ROLES),
    PageSpec("pages/partners.py", "nav.partners", ":material/handshake:", ALL_ROLES),
    PageSpec("pages/cash.py", "nav.cash", ":material/payments:", ALL_ROLES),
    PageSpec("pages/effort.py", "nav.effort", ":material/groups:", ALL_ROLES),
    PageSpec("pages/inkind.py", "nav.inkind", ":material/schedule:", frozenset({"admin", "leader", "partner"})),
    PageSpec("pages/ledger.py", "nav.data", ":material/upload_file:", frozenset({"admin", "leader"})),
    PageSpec("pages/report.py", "nav.report", ":material/description:", frozenset({"admin", "leader", "viewer"})),
    PageSpec("pages/portfolio.py", "nav.portfolio", ":material/view_list:", ALL_ROLES),
    PageSpec("pages/open_data.py", "nav.open_data", ":material/cloud_download:", frozenset({"admin"})),
    PageSpec("pages/indicators.py", "nav.indicators", ":material/insights:", ALL_ROLES),
    PageSpec("pages/notifications.py", "nav.notifications", ":material/notifications:", ALL_ROLES),
)


def pages_for(scope: Scope | None, lang: str, titles: dict[str, str] | None = None) -> list[st.Page]:
    """The pages this scope's role may open, and a hidden stand-in at the URL of each other page; with no
    scope (signed out) every page, for a hidden navigation whose pages are never run but whose URLs then
    survive the login. `titles` replaces a page's title by its path (the Notifications entry with its count)."""
    titles = titles or {}
    return [
        st.Page(spec.path, title=titles.get(spec.path) or t(spec.title_key, lang), icon=spec.icon, default=spec.default)
        if scope is None or scope.role in spec.roles
        else _refused_page(spec, scope, lang)
        for spec in PAGES
    ]


def url_path(spec: PageSpec) -> str:
    """The URL Streamlit gives a page file: its name without .py (pages/audit.py -> /audit)."""
    return Path(spec.path).stem


def _refused_page(spec: PageSpec, scope: Scope, lang: str) -> st.Page:
    # Same url_path, so the same script hash: a link or a typed URL to the page finds the stand-in.
    return st.Page(
        partial(_refuse, spec, scope, lang),
        title=t(spec.title_key, lang),
        icon=spec.icon,
        url_path=url_path(spec),
        visibility="hidden",
    )


def refuse_if_not_for(scope: Scope, lang: str) -> None:
    """Refuse the running page when the role may not open it. Through st.navigation such a page is never run
    (its URL finds the stand-in), but Streamlit runs a file in pages/ by itself until some session has called
    st.navigation (and AppTest does so on every run after the first): the page checks again."""
    context = get_script_run_ctx()
    running = context.pages_manager.current_page_script_hash if context else None
    for spec in PAGES:
        if calc_hash(url_path(spec)) == running and scope.role not in spec.roles:
            _refuse(spec, scope, lang)


def _refuse(spec: PageSpec, scope: Scope, lang: str) -> None:
    message = t("access.page_not_for_role", lang, page=t(spec.title_key, lang), role=t(f"role_name.{scope.role}", lang))
    errors.refuse(scope.user, f"page /{url_path(spec)} ({scope.role})", lang, message)
