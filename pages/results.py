"""Results: the results register, the counts a progress report asks for, and attendance at events."""

import streamlit as st

from monitor.i18n import t
from monitor.registers import results
from ui import context, layout
from ui.components import overview as ui_overview
from ui.components import registers as ui_registers

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

view = results.build_view(ui_registers.results_rows(frame.project_id, frame.scope), frame.as_of, frame.lang)
st.title(t("results.title", frame.lang, acronym=ui_overview.acronym(frame.project_id, frame.scope)))
ui_overview.sample_banner(frame.project_id, frame.scope, frame.lang)
st.caption(t("results.total", frame.lang, count=view.total, date=frame.as_of))
if view.total == 0:
    st.info(t("results.empty", frame.lang))
else:
    st.subheader(t("results.counts_heading", frame.lang))
    layout.table(view.counts)
    st.plotly_chart(view.counts_chart, width="stretch")
    st.subheader(t("results.attendance_heading", frame.lang))
    if view.attendance.empty:
        st.info(t("results.no_events", frame.lang))
    else:
        layout.table(view.attendance)
        st.plotly_chart(view.attendance_chart, width="stretch")
    st.subheader(t("results.register_heading", frame.lang))
    layout.table(view.register)

if frame.scope.can_edit:
    with st.expander(t("results.edit", frame.lang)):
        ui_registers.editor("results", frame.project_id, frame.scope, frame.lang)
