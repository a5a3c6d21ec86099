"""Audit log: every change of the registers, plans, reports and imports, and every refused save, filtered;
for administrators also the account events (sign-ins, sign-outs, denied access), which belong to no project."""

import streamlit as st

from monitor.access import audit
from monitor.i18n import t
from ui import context, layout
from ui.components import audit as ui_audit

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()

st.title(t("audit.title", lang))
view = ui_audit.audit_view_choice(frame.scope, lang)
if view == "accounts":
    st.caption(t("audit.accounts_caption", lang))
    user, since, until = ui_audit.account_filters(lang)
    log = ui_audit.account_log(frame.scope, user, since, until)
    st.caption(t("audit.count", lang, count=len(log)))
    if log.empty:
        st.info(t("audit.accounts_empty", lang))
    else:
        layout.table(audit.shown(log, lang, audit.ACCOUNT_COLUMNS))
else:
    st.caption(t("audit.caption", lang))
    filters = ui_audit.change_filters(frame.project_id, lang)
    log = ui_audit.audit_log(filters, frame.scope)
    st.caption(t("audit.count", lang, count=len(log)))
    if log.empty:
        st.info(t("audit.empty", lang))
    else:
        ui_audit.audit_table(audit.shown(log, lang), lang)
