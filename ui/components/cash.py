"""Streamlit glue of the Payments and cash page: the scoped read (cached by scope), the position picker and the
downloads of the position table. Every rule lives in monitor/cash; the registers' editor is ui/components/registers."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from monitor.access.scope import Scope
from monitor.cash import load as cash_load
from monitor.cash import views as cash_views
from monitor.i18n import t
from monitor.reports import downloads
from ui import database, shown


@st.cache_data(show_spinner=False, max_entries=64)
def cash_data(project_id: str, as_of: dt.date, scope: Scope) -> cash_load.CashData:
    return cash_load.load(database.cursor(), project_id, as_of, database.settings(), scope)


def position_choice(cash: cash_load.CashData, lang: str) -> str:
    """The whole project or one partner (the code stays in the URL as ?cash=usn); a partner user: its own."""
    choices = cash_views.position_choices(cash, lang)
    if len(choices) == 1:
        return next(iter(choices))
    return shown.choice(
        st,
        t("cash.position_choice", lang),
        list(choices),
        key="cash",
        format_func=choices.get,
        default=cash_load.PROJECT,
        placeholder=t("app.choose", lang),
    )


def position_downloads(view: cash_views.PositionView, project_id: str, partner_id: str, lang: str) -> None:
    """The position table as shown, as CSV and Excel (amounts as numbers)."""
    name = f"cash_{project_id}" + (f"_{partner_id}" if partner_id else "")
    left, right = st.columns(2)
    left.download_button(
        t("cash.download_csv", lang),
        downloads.to_csv(view.table),
        file_name=f"{name}.csv",
        mime="text/csv",
        key="cash:csv",
    )
    right.download_button(
        t("cash.download_xlsx", lang),
        downloads.to_xlsx(view.table, t("cash.tab.position", lang)),
        file_name=f"{name}.xlsx",
        key="cash:xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
