"""Streamlit glue of the Portfolio and Indicators pages: cached data keyed by the user's scope, opening a
project's overview, and the optional indicators section at the end of the overview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.portfolio import indicators
from monitor.portfolio import views as portfolio_views
from ui import context, database, layout
from ui.components import overview as ui_overview

OVERVIEW = "pages/overview.py"


@st.cache_data(show_spinner=False, max_entries=64)
def rows(scope: Scope, as_of: dt.date) -> list[portfolio_views.PortfolioRow]:
    return portfolio_views.portfolio(database.cursor(), scope, as_of, database.settings())


@st.cache_data(show_spinner=False, max_entries=64)
def views(scope: Scope, as_of: dt.date, lang: str):
    """The display table and chart, built once per scope, date and language (a warm run only renders)."""
    chosen = rows(scope, as_of)
    return portfolio_views.table(chosen, lang), portfolio_views.chart(chosen, lang), portfolio_views.totals(chosen)


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_data(project_id: str, as_of: dt.date, scope: Scope) -> indicators.IndicatorData:
    return indicators.load(database.cursor(), project_id, as_of, scope)


def open_overview(project_id: str) -> None:
    """A callback, so it runs before the sidebar's project box is drawn again: only then may its value be
    set (the box is bound to ?project=, which Streamlit lets no one set directly)."""
    st.session_state["project"] = project_id
    st.session_state["portfolio_open"] = True


def switch_if_chosen() -> None:
    if st.session_state.pop("portfolio_open", False):
        # No parameters of its own: the URL-bound boxes (project, as-of date, language) write theirs again.
        st.switch_page(OVERVIEW, query_params={})


def on_table_select(project_ids: list[str]):
    def pick() -> None:
        chosen = st.session_state["portfolio_table"].selection.rows
        if chosen:
            open_overview(project_ids[chosen[0]])

    return pick


def on_box_change() -> None:
    if st.session_state.get("portfolio_pick"):
        open_overview(st.session_state["portfolio_pick"])


def indicator_section(frame, expanded: bool) -> None:
    """Targets against actuals, attendance per event and actor group, funding applications and the stage."""
    view = indicator_data(frame.project_id, frame.as_of, frame.scope)
    lang = frame.lang
    st.markdown(indicators.stage_text(view, lang))
    st.subheader(t("indicators.heading", lang))
    if view.values.empty:
        st.info(t("indicators.none", lang))
    else:
        layout.table(indicators.indicator_table(view.values, lang))
        if expanded:
            st.plotly_chart(indicators.indicator_chart(view.values, lang), width="stretch")
    st.subheader(t("indicators.events_heading", lang))
    if view.events.empty:
        st.info(t("indicators.no_events", lang))
    else:
        layout.table(indicators.attendance_table(view.events, lang))
        if expanded:
            st.plotly_chart(indicators.attendance_chart(view.events, lang), width="stretch")
    if not view.applications.empty:
        st.subheader(t("indicators.applications_heading", lang))
        layout.table(indicators.applications_table(view.applications, frame.as_of, lang))


def overview_section() -> None:
    """Appended to the overview: for a project with little budget data its indicators and events, in full;
    for others nothing, their indicators page has them."""
    frame = context.get()
    if frame.project_id is None:
        return
    # The whole project's budget decides, not a partner's own share of it (a yes/no: no figure leaks).
    little = ui_overview.little_budget(frame.project_id, frame.scope)
    if indicators.leads_overview(little, indicator_data(frame.project_id, frame.as_of, frame.scope)):
        st.divider()
        st.header(t("nav.indicators", frame.lang))
        st.caption(t("indicators.lead_caption", frame.lang))
        indicator_section(frame, expanded=True)
