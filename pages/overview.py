"""Overview: is the project on track in time and money, what is late, what is due next."""

import streamlit as st

from monitor.i18n import t
from monitor.overview import build_overview
from ui import context, data, layout
from ui import portfolio as ui_portfolio

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

view = build_overview(
    data.project_data(frame.project_id, frame.as_of, frame.scope),
    data.findings(frame.project_id, frame.scope), data.settings(), frame.lang,
)
st.title(view.title)
st.caption(view.subtitle)
layout.sample_banner(view.sample_note)
layout.tiles(view.tiles)
# For a project with little budget data (e.g. Integration Day) its indicators and events lead.
ui_portfolio.overview_section()

st.subheader(t("overview.wp_heading", frame.lang))
layout.table(view.work_packages)

left, right = st.columns([3, 2])
with left:
    st.subheader(view.due_heading)
    if view.due_items.empty:
        st.success(view.nothing_due)
    else:
        layout.table(view.due_items)
with right:
    st.subheader(t("overview.chart_heading", frame.lang))
    st.plotly_chart(view.year_chart, width="stretch")

st.subheader(t("overview.quality_heading", frame.lang))
layout.findings(view.findings, t("overview.quality_clean", frame.lang))
