"""Streamlit glue of the Budget page's commitments: open orders beside actuals, the forecast that counts them,
and the commitments register (read-only for partners, its editor with file import and export for leaders and
admins). The figures come from monitor.budget.commitments, the same functions as `summary --json`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor.access.scope import Scope
from monitor.budget import commitments
from monitor.i18n import t
from monitor.project.load import ProjectData
from monitor.reports import downloads
from ui import database, layout, shown
from ui.components import registers as ui_registers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=64)
def register_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return commitments.register_rows(database.cursor(), project_id, scope)


def section(project_id: str, as_of: dt.date, scope: Scope, lang: str) -> None:
    """Forecast tiles, the table by year x cost category with its downloads, then the register."""
    data = database.project_data(project_id, as_of, scope)
    forecast = commitments.forecast_with_commitments(data)
    st.subheader(t("commitments.forecast_heading", lang))
    layout.tiles(commitments.forecast_tiles(forecast, lang))
    st.info(commitments.forecast_note(forecast, lang), icon=":material/info:")

    st.subheader(t("commitments.table_heading", lang))
    st.caption(t("commitments.caption", lang, date=as_of))
    if data.commitments.empty:
        st.caption(t("commitments.none", lang, date=as_of))
    table = commitments.beside_actuals_table(data, lang)
    shown.table(table, lang, key="commitments_table")
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        t("budget.download_csv", lang),
        downloads.to_csv(table),
        file_name=f"commitments_{project_id}.csv",
        mime="text/csv",
        key="commitments_csv",
    )
    xlsx_column.download_button(
        t("budget.download_xlsx", lang),
        downloads.to_xlsx(table),
        file_name=f"commitments_{project_id}.xlsx",
        mime=XLSX,
        key="commitments_xlsx",
    )
    if not data.commitments.empty:
        st.subheader(t("commitments.by_partner_heading", lang))
        shown.table(commitments.by_partner_wp_table(data, lang), lang, key="commitments_by_partner")
    register(project_id, data, scope, lang)


def register(project_id: str, data: ProjectData, scope: Scope, lang: str) -> None:
    """The orders themselves: none for a viewer (sums only), a partner's own, the editor for leaders and admins."""
    st.subheader(t("commitments.register_heading", lang))
    if not scope.sees_detail_rows:
        st.caption(t("commitments.register_aggregate_only", lang, role=t(f"role_name.{scope.role}", lang)))
        return
    if scope.role == "partner":
        st.caption(t("commitments.register_own", lang))
    orders = commitments.register_table(register_rows(project_id, scope), data, lang)
    if orders.empty:
        st.info(t("commitments.register_empty", lang))
    else:
        shown.table(orders, lang, key="commitments_register")
    if scope.can_edit:
        with st.expander(t("commitments.edit", lang)):
            st.caption(t("commitments.import_help", lang))
            ui_registers.editor("commitments", project_id, scope, lang)
