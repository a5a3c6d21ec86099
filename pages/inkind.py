"""In-kind hours: partners report their own; the project leader approves or rejects them with a comment."""

import streamlit as st

from monitor.access.scope import AccessDenied
from monitor.i18n import t
from monitor.partners.views import inkind_table
from ui import context
from ui.components import partners as ui_partners
from ui.shown import dataframe

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

try:
    rows = ui_partners.inkind_rows(frame.project_id, frame.scope)
except AccessDenied:
    ui_partners.denied(frame.lang)
st.title(t("inkind.title", frame.lang, acronym=ui_partners.acronym(frame.project_id, frame.as_of, frame.scope)))
st.caption(t("inkind.caption", frame.lang))
ui_partners.sample_banner(frame.project_id, frame.as_of, frame.scope, frame.lang)
ui_partners.flash()
names = ui_partners.names(frame.project_id, frame.as_of, frame.scope)

# The leader's task here comes first (the queue shows only to leaders and admins), then the form.
ui_partners.approval_queue(frame.project_id, names, frame.scope, frame.lang)
ui_partners.report_form(frame.project_id, frame.as_of, frame.scope, frame.lang)

st.subheader(t("inkind.mine_heading" if frame.scope.role == "partner" else "inkind.all_heading", frame.lang))
if rows.empty:
    st.info(t("inkind.none", frame.lang))
else:
    dataframe(inkind_table(rows, names, frame.lang), hide_index=True, width="stretch")
