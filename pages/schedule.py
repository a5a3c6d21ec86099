"""Schedule: the Gantt chart of work packages, deliverables and milestones, and their status as of a date."""

import streamlit as st

from monitor.i18n import label, t
from monitor.schedule import views as schedule_views
from ui import context, database
from ui.components import overview as ui_overview
from ui.components import registers as ui_registers
from ui.components import schedule as ui_schedule

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

source = ui_schedule.schedule_data(frame.project_id, frame.scope)
options = schedule_views.filter_options(source)
st.title(t("schedule.title", frame.lang, acronym=source.project["acronym"]))
ui_overview.sample_banner(frame.project_id, frame.scope, frame.lang)
left, middle, right = st.columns(3)
everything, names = t("app.all", frame.lang), schedule_views.partner_names(source)
filters = schedule_views.Filters(
    wp_codes=tuple(
        left.multiselect(
            t("schedule.filter.wp", frame.lang), options["wp_codes"], key="schedule_wp", placeholder=everything
        )
    ),
    partner_ids=tuple(
        middle.multiselect(
            t("schedule.filter.partner", frame.lang),
            options["partner_ids"],
            format_func=names.get,
            key="schedule_partner",
            placeholder=everything,
        )
    ),
    statuses=tuple(
        right.multiselect(
            t("schedule.filter.status", frame.lang),
            options["statuses"],
            format_func=lambda code: label("item", code, frame.lang),
            key="schedule_status",
            placeholder=everything,
        )
    ),
)
view = schedule_views.build_view(
    source, frame.as_of, database.settings()["status.look_ahead_days"], filters, frame.lang
)
st.caption(t("schedule.counts", frame.lang, **view.counts))

if schedule_views.is_empty(source):  # a project from the funder's open data: said in words, no empty chart
    st.info(t("schedule.nothing_yet", frame.lang))
else:
    st.subheader(t("schedule.gantt_heading", frame.lang))
    st.plotly_chart(view.figure, width="stretch")
    st.subheader(t("schedule.table_heading", frame.lang))
    if view.table.empty:
        st.info(t("schedule.empty", frame.lang))
    else:
        ui_schedule.schedule_table(view.table, frame.lang)

if frame.scope.can_edit:
    with st.expander(t("schedule.edit_milestones", frame.lang)):
        ui_registers.editor("milestones", frame.project_id, frame.scope, frame.lang)
    with st.expander(t("schedule.edit_deliverables", frame.lang)):
        ui_registers.editor("deliverables", frame.project_id, frame.scope, frame.lang)
