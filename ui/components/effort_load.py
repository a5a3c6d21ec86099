"""Streamlit glue of the Effort page's tab "People's load": each person's hours across projects with the funder's caps
flagged, and its downloads. Every rule lives in monitor/effort/people.py; a viewer is told who may see loads instead
of being refused by the core (which would log a refusal on every run of the page)."""

from __future__ import annotations

import streamlit as st

from monitor.access.scope import Scope
from monitor.effort import people, views
from monitor.effort.load import Names
from monitor.i18n import t
from monitor.reports import downloads
from ui import database, shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=64)
def _loads(project_id: str, scope: Scope) -> people.Loads:
    return people.loads(database.cursor(), project_id, scope)


def load_tab(project_id: str, scope: Scope, names: Names, lang: str) -> None:
    """The table person × year with breaches flagged in words, the breaches in sentences (or a plain "no
    breaches"), and the table as CSV and Excel."""
    st.subheader(t("effort.load.heading", lang))
    if not scope.sees_detail_rows:
        st.info(t("effort.load.viewer", lang))
        return
    st.caption(t("effort.load.caption", lang))
    loads = _loads(project_id, scope)
    if loads.table.empty:
        st.info(t("effort.load.none", lang))
        return
    table = views.load_view(loads, names, lang)
    shown.table(table, lang, key="effort:load")
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        t("budget.download_csv", lang),
        downloads.to_csv(table),
        file_name=f"effort_load_{project_id}.csv",
        mime="text/csv",
        key="effort_load_csv",
    )
    xlsx_column.download_button(
        t("budget.download_xlsx", lang),
        downloads.to_xlsx(table),
        file_name=f"effort_load_{project_id}.xlsx",
        mime=XLSX,
        key="effort_load_xlsx",
    )
    st.subheader(t("effort.load.breaches_heading", lang))
    lines = views.breach_lines(loads, lang)
    if not lines:
        st.success(t("effort.load.no_breaches", lang))
    for line in lines:
        st.warning(line)
