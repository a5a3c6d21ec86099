"""Audit log: every change of the registers, and every refused save, filtered."""

import datetime as dt

import streamlit as st

from monitor import audit
from monitor.i18n import t
from ui import context, layout
from ui import registers as ui_registers

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

st.title(t("audit.title", frame.lang))
st.caption(t("audit.caption", frame.lang))
tables = ["", "milestone", "deliverable", "result", "risk"]
actions = ["", audit.INSERT, audit.UPDATE, audit.DELETE, audit.REFUSED]
columns = st.columns(5)
table = columns[0].selectbox(t("audit.filter.table", frame.lang), tables, key="audit_table",
                             format_func=lambda v: v or t("audit.all", frame.lang))
action = columns[1].selectbox(t("audit.filter.action", frame.lang), actions, key="audit_action",
                              format_func=lambda v: v or t("audit.all", frame.lang))
user = columns[2].text_input(t("audit.filter.user", frame.lang), key="audit_user").strip()
row_key = columns[3].text_input(t("audit.filter.row", frame.lang), key="audit_row").strip()
dates = columns[4].date_input(t("audit.filter.dates", frame.lang), value=(), key="audit_dates")
since = dt.datetime.combine(dates[0], dt.time()) if len(dates) > 0 else None
until = dt.datetime.combine(dates[-1] + dt.timedelta(days=1), dt.time()) if len(dates) > 0 else None

log = ui_registers.audit_log(audit.Filters(project_id=frame.project_id, table_name=table or None,
                                           user_name=user or None, action=action or None, row_key=row_key or None,
                                           since=since, until=until), frame.scope)
st.caption(t("audit.count", frame.lang, count=len(log)))
if log.empty:
    st.info(t("audit.empty", frame.lang))
else:
    layout.table(ui_registers.audit_table(log, frame.lang))
