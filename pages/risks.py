"""Risks: probability × impact matrix and the register with owner, mitigation and state of play."""

import streamlit as st

from monitor import risks
from monitor.i18n import t
from ui import context, layout
from ui import registers as ui_registers

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

view = risks.build_view(ui_registers.risks_rows(frame.project_id, frame.scope), frame.lang)
st.title(t("risks.title", frame.lang, acronym=ui_registers.acronym(frame.project_id, frame.scope)))
if view.register.empty:
    st.info(t("risks.empty", frame.lang))
else:
    st.caption(t("risks.open_count", frame.lang, count=view.open_count))
    left, right = st.columns([2, 3])
    with left:
        st.subheader(t("risks.matrix_heading", frame.lang))
        st.plotly_chart(view.matrix, width="stretch")
    with right:
        st.subheader(t("risks.register_heading", frame.lang))
        layout.table(view.register)

if frame.scope.can_edit:
    with st.expander(t("risks.edit", frame.lang)):
        ui_registers.editor("risks", frame.project_id, frame.scope, frame.lang)
