"""Payments and cash: the funder's payments against the expected schedule, the transfers to partners against
their shares, and the cash position month by month. A partner user sees its own transfers and position only."""

import streamlit as st

from monitor.access.scope import AccessDenied
from monitor.cash import views
from monitor.i18n import sample_note, t
from ui import context, errors, layout, shown
from ui.components import cash as ui_cash
from ui.components import registers as ui_registers

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()

try:
    cash = ui_cash.cash_data(frame.project_id, frame.as_of, frame.scope)
except AccessDenied:
    errors.refuse(frame.scope.user, f"cash of {frame.project_id!r}", lang)
names = views.partner_names(cash)
mine = cash.own_partner_id
if mine:
    st.title(t("cash.my_title", lang, name=names.get(mine, mine)))
else:
    st.title(t("cash.title", lang, acronym=cash.project["acronym"]))
st.caption(t("cash.caption", lang, date=frame.as_of))
layout.sample_banner(sample_note(cash.project, lang))
if mine:
    st.caption(t("cash.partner_note", lang))

labels = ([] if mine else [t("cash.tab.in", lang)]) + [t("cash.tab.out", lang), t("cash.tab.position", lang)]
tabs = dict(zip(labels, st.tabs(labels), strict=True))

if not mine:
    with tabs[t("cash.tab.in", lang)]:
        st.caption(views.mode_note(cash, lang))
        layout.tiles(views.payment_tiles(cash, lang))
        st.subheader(t("cash.schedule_heading", lang))
        schedule = views.schedule_table(cash, lang)
        if schedule.empty:
            st.info(t("cash.no_schedule", lang))
        else:
            shown.table(schedule, lang, key="cash:schedule")
            st.info(views.withheld_note(cash, lang), icon=":material/lock:")
        if frame.scope.can_edit:
            with st.expander(t("cash.edit_payments", lang)):
                ui_registers.editor("payments", frame.project_id, frame.scope, lang)

with tabs[t("cash.tab.out", lang)]:
    st.subheader(t("cash.shares_heading", lang))
    st.caption(t("cash.shares_caption", lang))
    if cash.shares.empty:
        st.info(t("cash.no_shares", lang))
    else:
        shown.table(views.shares_table(cash, lang), lang, key="cash:shares")
    st.subheader(t("cash.transfers_heading", lang))
    if cash.transfers.empty:
        st.info(t("cash.no_transfers", lang))
    else:
        late = views.late_count(cash)
        if late:
            st.warning(t("cash.late_count", lang, count=late))
        shown.table(views.transfers_table(cash, lang), lang, key="cash:transfers")
    if frame.scope.can_edit:
        with st.expander(t("cash.edit_transfers", lang)):
            ui_registers.editor("transfers", frame.project_id, frame.scope, lang)

with tabs[t("cash.tab.position", lang)]:
    st.subheader(t("cash.position_heading", lang))
    chosen = ui_cash.position_choice(cash, lang)
    view = views.position_view(cash, chosen, lang)
    st.caption(view.note)
    if view.table.empty:
        st.info(t("cash.no_months", lang))
    elif views.nothing_recorded(cash):
        st.info(t("declared.no_money_moved", lang))
    else:
        layout.tiles(view.tiles)
        st.caption(t("cash.position_rule", lang))
        st.plotly_chart(view.chart, width="stretch")
        shown.table(view.table, lang, key="cash:position")
        ui_cash.position_downloads(view, frame.project_id, chosen, lang)
