"""Partners: each partner's committed against delivered contribution; a partner user sees its own only."""

import streamlit as st

from monitor.access.scope import AccessDenied
from monitor.i18n import t
from monitor.partners.views import build_view
from ui import context, layout
from ui.components import partners as ui_partners

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

try:
    figures = ui_partners.figures(frame.project_id, frame.as_of, frame.scope)
except AccessDenied:
    ui_partners.denied(frame.lang)
view = build_view(figures, ui_partners.acronym(frame.project_id, frame.as_of, frame.scope), frame.as_of, frame.lang)
st.title(view.title)
st.caption(view.caption)
ui_partners.sample_banner(frame.project_id, frame.as_of, frame.scope, frame.lang)
if view.empty:
    st.info(t("partners.empty", frame.lang))
    st.stop()
if view.tiles:
    layout.tiles(view.tiles)

st.subheader(t("partners.totals_heading", frame.lang))
layout.table(view.totals)
st.subheader(view.chart_heading)
st.plotly_chart(view.chart, width="stretch")
st.subheader(t("partners.years_heading", frame.lang))
layout.table(view.years)

# One under the other, each at full width: side by side, their titles, dates and statuses were cut off.
st.subheader(t("partners.leads_heading", frame.lang))
st.caption(t("partners.deliverables", frame.lang))
layout.table_or_info(view.deliverables, t("partners.no_deliverables", frame.lang))
st.caption(t("partners.results", frame.lang))
layout.table_or_info(view.results, t("partners.no_results", frame.lang))
