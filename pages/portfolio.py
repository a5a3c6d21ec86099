"""Portfolio: every project the user may see in one table and chart; choosing one opens its overview."""

import streamlit as st

from monitor import format as fmt
from monitor.i18n import t
from ui import context
from ui.components import portfolio as ui_portfolio
from ui.shown import dataframe

frame = context.get()
lang = frame.lang
ui_portfolio.switch_if_chosen()

table, chart, totals = ui_portfolio.views(frame.scope, frame.as_of, lang)
project_ids = [r.project_id for r in ui_portfolio.rows(frame.scope, frame.as_of)]
st.title(t("portfolio.title", lang))
st.caption(t("portfolio.caption", lang, date=frame.as_of))
if not project_ids:
    st.info(t("app.no_projects", lang))
    st.stop()

st.markdown(
    t(
        "portfolio.totals",
        lang,
        count=len(project_ids),
        budget=fmt.nok(totals["budget"], lang),
        spent=fmt.nok(totals["spent"], lang),
        forecast=fmt.nok(totals["forecast"], lang),
    )
)
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
    table,
    hide_index=True,
    width="stretch",
    key="portfolio_table",
    on_select=ui_portfolio.on_table_select(project_ids),
    selection_mode="single-row",
)

st.subheader(t("portfolio.chart_heading", lang))
st.plotly_chart(chart, width="stretch")
