"""Risks: probability × impact matrix and the register with owner, mitigation and state of play."""

import streamlit as st

from monitor.i18n import t
from monitor.registers import risks
from ui import context
from ui.components import overview as ui_overview
from ui.components import registers as ui_registers

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

view = risks.build_view(ui_registers.risks_rows(frame.project_id, frame.scope), frame.lang)
st.title(t("risks.title", frame.lang, acronym=ui_overview.acronym(frame.project_id, frame.scope)))
ui_overview.sample_banner(frame.project_id, frame.scope, frame.lang)
if view.register.empty:
    st.info(t("risks.empty", frame.lang))
else:
    st.caption(t("risks.open_count", frame.lang, count=view.open_count))
    # The matrix in a narrow column, the register below it at full width: beside the matrix its text
    # columns were cut off at 1440 px.
    left, _ = st.columns([2, 3])
    with left:
        st.subheader(t("risks.matrix_heading", frame.lang))
        st.plotly_chart(view.matrix, width="stretch")
    st.subheader(t("risks.register_heading", frame.lang))
    ui_registers.risk_table(view.register, frame.lang)

if frame.scope.can_edit:
    with st.expander(t("risks.edit", frame.lang)):
        ui_registers.editor("risks", frame.project_id, frame.scope, frame.lang)
