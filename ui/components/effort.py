"""Streamlit glue of the Effort page: the scoped reads, cached by scope (a partner's cache entry holds its own
rows only), and the downloads of the Person-months tab. Every rule lives in monitor/effort."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from monitor.access.scope import Scope
from monitor.effort import load as effort_load
from monitor.effort import views
from monitor.i18n import t
from monitor.project import load as project_load
from monitor.reports import downloads
from ui import database

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class EffortPage:
    project: dict[str, Any]
    effort: effort_load.EffortData
    monthly: pd.DataFrame
    names: effort_load.Names
    ledger: pd.DataFrame  # the ledger's personnel cost in the months with approved hours (load.ledger_personnel)


@st.cache_data(show_spinner=False, max_entries=64)
def effort_page(project_id: str, as_of: dt.date, scope: Scope) -> EffortPage:
    con = database.cursor()
    return EffortPage(
        project=project_load.project_row(con, project_id, scope),
        effort=effort_load.load(con, project_id, scope, as_of),
        monthly=effort_load.monthly_hours(con, project_id, scope, as_of),
        names=effort_load.names(con, project_id, scope),
        ledger=effort_load.ledger_personnel(con, project_id, scope, as_of),
    )


def person_month_downloads(page: EffortPage, scope: Scope, lang: str) -> None:
    """The person-month table as shown (labels, the total row), as CSV and Excel; a partner's holds its own rows."""
    table = views.person_month_view(page.effort, page.names, lang)
    _downloads(table, _file_stem(page, scope, "person_months"), t("effort.sheet.person_months", lang), "plan", lang)


def month_downloads(page: EffortPage, scope: Scope, lang: str) -> None:
    """The month table as shown, as CSV and Excel; a partner's holds its own hours."""
    table = views.monthly_view(page.monthly, lang)
    _downloads(table, _file_stem(page, scope, "months"), t("effort.sheet.months", lang), "months", lang)


def _file_stem(page: EffortPage, scope: Scope, what: str) -> str:
    """effort_<project>[_<partner>]_<what>: a partner's file says whose rows it holds."""
    mine = scope.partner_filter()
    return f"effort_{page.project['project_id']}" + (f"_{mine}" if mine else "") + f"_{what}"


def _downloads(table: pd.DataFrame, stem: str, sheet: str, key: str, lang: str) -> None:
    """Figures stay numbers (Decimal cells), text is made formula-safe (monitor.reports.downloads)."""
    left, right = st.columns(2)
    left.download_button(
        t("effort.download_csv", lang),
        downloads.to_csv(table),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"effort:{key}:csv",
    )
    right.download_button(
        t("effort.download_xlsx", lang),
        downloads.to_xlsx(table, sheet),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key=f"effort:{key}:xlsx",
    )
