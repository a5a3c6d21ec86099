"""Effort: person-months planned against actual per work package × partner, the approved effort month by month and
the person-years of PhD candidates and postdocs. A partner user sees its own people, plan and hours only."""

import streamlit as st

from monitor.access.scope import AccessDenied
from monitor.effort import views
from monitor.i18n import sample_note, t
from ui import context, errors, layout, shown
from ui.components import effort as ui_effort
from ui.components import effort_hours as ui_hours
from ui.components import effort_load as ui_effort_load
from ui.components import effort_plan as ui_effort_plan
from ui.components import timesheet as ui_timesheet

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()

try:
    page = ui_effort.effort_page(frame.project_id, frame.as_of, frame.scope)
except AccessDenied:
    errors.refuse(frame.scope.user, f"effort of {frame.project_id!r}", lang)
mine = frame.scope.partner_filter()
if mine:
    st.title(t("effort.my_title", lang, name=views.partner_label(mine, page.names)))
else:
    st.title(t("effort.title", lang, acronym=page.project["acronym"]))
st.caption(t("effort.caption", lang, date=frame.as_of))
layout.sample_banner(sample_note(page.project, lang))
if mine:
    st.caption(t("effort.partner_note", lang))

layout.tiles(views.headline_tiles(page.effort, page.monthly, lang))

# One tab per task: each tab's body lives in ui/components (the page only lays them out).
overview_tab, load_tab, hours_tab, timesheet_tab, plan_tab = st.tabs(
    [
        t("effort.tab_overview", lang),
        t("effort.tab_load", lang),
        t("effort.tab_hours", lang),
        t("effort.tab_timesheet", lang),
        t("effort.tab_plan", lang),
    ]
)

with overview_tab:
    st.subheader(t("effort.plan_heading", lang))
    st.caption(t("effort.plan_caption", lang))
    if page.effort.planned.empty and page.effort.hours.empty:
        st.info(t("effort.no_plan", lang))
    else:
        shown.table(views.person_month_view(page.effort, page.names, lang), lang, key="effort:plan")
        ui_effort.person_month_downloads(page, frame.scope, lang)

    st.subheader(t("effort.pricing_heading", lang))
    st.caption(t("effort.pricing_caption", lang))
    if not views.has_own_hours(page.effort):
        st.info(t("effort.no_pricing", lang))
    else:
        shown.table(views.personnel_cost_view(page.effort, page.ledger, page.names, lang), lang, key="effort:pricing")

    st.subheader(t("effort.months_heading", lang))
    if page.monthly.empty:
        st.info(t("effort.no_hours", lang))
    else:
        st.plotly_chart(views.monthly_chart(page.monthly, lang), width="stretch")
        shown.table(views.monthly_view(page.monthly, lang), lang, key="effort:months")
        ui_effort.month_downloads(page, frame.scope, lang)

    st.subheader(t("effort.training_heading", lang))
    st.caption(t("effort.training_caption", lang))
    if page.monthly.empty:  # no approved hours: no person-years to count, not zero of them
        st.info(t("effort.no_hours", lang))
    else:
        shown.table(views.training_view(page.monthly, lang), lang, key="effort:training")

with load_tab:
    ui_effort_load.load_tab(frame.project_id, frame.scope, page.names, lang)

with hours_tab:
    ui_hours.hours_tab(frame, page.project, page.names)

with timesheet_tab:
    ui_timesheet.timesheet_tab(frame.project_id, frame.scope, lang)

with plan_tab:
    ui_effort_plan.plan_tab(frame.project_id, frame.scope, lang)
