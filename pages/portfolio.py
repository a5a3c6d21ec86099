"""Portfolio: every project the user may see in one table and chart, filtered by programme, sector, owner, status
and period, with totals by year; for an office-wide scope the applications and their success rates. Choosing a
project opens its overview."""

import streamlit as st

from monitor import format as fmt
from monitor.i18n import t
from monitor.portfolio import office
from ui import context
from ui.components import portfolio as ui_portfolio
from ui.shown import dataframe

frame = context.get()
lang = frame.lang
ui_portfolio.switch_if_chosen()

st.title(t("portfolio.title", lang))
st.caption(t("portfolio.caption", lang, date=frame.as_of))
offered, count = ui_portfolio.filter_options(frame.scope, frame.as_of)
with_register = office.may_read_register(frame.scope)
if with_register:
    projects_tab, applications_tab = st.tabs([t("office.tab.projects", lang), t("office.tab.applications", lang)])
    with applications_tab:
        ui_portfolio.applications_section(frame.scope, lang)
else:
    projects_tab = st.container()

with projects_tab:
    if not count:
        st.info(t("app.no_projects", lang))
        st.stop()
    filters = ui_portfolio.filters(offered, lang)
    table = ui_portfolio.project_table(frame.scope, frame.as_of, lang)
    shown = ui_portfolio.filtered(frame.scope, frame.as_of, lang, filters)
    project_ids, totals = shown["project_ids"], shown["totals"]
    if len(project_ids) < count:
        st.caption(t("office.filter.shown", lang, shown=len(project_ids), count=count))
    if not project_ids:
        st.info(t("office.filter.none_match", lang))
        st.stop()
    st.markdown(
        t(
            "portfolio.totals_one" if len(project_ids) == 1 else "portfolio.totals",
            lang,
            count=len(project_ids),
            budget=fmt.nok(totals["budget"], lang),
            spent=fmt.nok(totals["spent"], lang),
            forecast=fmt.nok(totals["forecast"], lang),
        )
    )
    if shown["declared"]:
        amount = fmt.nok(totals["declared"], lang)
        declared = "portfolio.declared_totals_one" if shown["declared"] == 1 else "portfolio.declared_totals"
        st.markdown(t(declared, lang, count=shown["declared"], amount=amount))
    st.selectbox(
        t("portfolio.open", lang),
        project_ids,
        index=None,
        key="portfolio_pick",
        placeholder=t("app.choose", lang),
        help=t("portfolio.open_help", lang),
        on_change=ui_portfolio.on_box_change,
    )
    dataframe(
        table.iloc[shown["positions"]],
        hide_index=True,
        width="stretch",
        key="portfolio_table",
        on_select=ui_portfolio.on_table_select(project_ids),
        selection_mode="single-row",
    )

    st.subheader(t("portfolio.chart_heading", lang))
    st.plotly_chart(shown["chart"], width="stretch")
    st.subheader(t("office.years_heading", lang))
    st.caption(t("office.years_caption", lang))
    dataframe(shown["year_table"], hide_index=True, width="stretch", key="portfolio_years")
    if len(shown["year_table"]):
        st.plotly_chart(shown["year_chart"], width="stretch")
