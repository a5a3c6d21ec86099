"""Which pages exist and which roles may open them. A page not registered for a role is unreachable."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from monitor.auth import Scope
from monitor.i18n import t


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
    PageSpec("pages/inkind.py", "nav.inkind", ":material/schedule:", frozenset({"admin", "leader", "partner"})),
    PageSpec("pages/data.py", "nav.data", ":material/upload_file:", frozenset({"admin", "leader"})),
    PageSpec("pages/report.py", "nav.report", ":material/description:", frozenset({"admin", "leader", "viewer"})),
    PageSpec("pages/portfolio.py", "nav.portfolio", ":material/view_list:", ALL_ROLES),
    PageSpec("pages/indicators.py", "nav.indicators", ":material/insights:", ALL_ROLES),
)


def pages_for(scope: Scope | None, lang: str) -> list[st.Page]:
    """The pages this scope's role may open; with no scope (signed out) every page, for a hidden
    navigation whose pages are never run but whose URLs then survive the login."""
    return [
        st.Page(spec.path, title=t(spec.title_key, lang), icon=spec.icon, default=spec.default)
        for spec in PAGES
        if scope is None or scope.role in spec.roles
    ]
