"""Overview: is the project on track in time and money, what waits for the user, what is late, what is due."""

import streamlit as st

from monitor.i18n import t
from monitor.project.overview import action_lines, build_overview
from ui import context, database, layout
from ui.components import notify_calendar as ui_notify_calendar
from ui.components import overview as ui_overview
from ui.components import portfolio as ui_portfolio

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()
ui_overview.switch_if_chosen()

view = build_overview(
    database.project_data(frame.project_id, frame.as_of, frame.scope),
    database.findings(frame.project_id, frame.scope),
    database.settings(),
    lang,
)
st.title(view.title)
st.caption(view.subtitle)
layout.sample_banner(view.sample_note)
layout.plan_notice(view.plan_note)
layout.tiles(view.tiles)
if view.plan_note is None:  # without a plan there is no forecast to explain
    st.caption(view.forecast_note)
st.page_link(
    "pages/budget.py",
    label=t("overview.forecast_link", lang),
    help=t("overview.forecast_link_help", lang),
    icon=":material/arrow_forward:",
)
if frame.scope.role != "viewer":
    ui_overview.action_list(
        action_lines(ui_overview.to_act(frame.project_id, frame.as_of, frame.scope), lang),
        t("actions.heading", lang),
        t("actions.none", lang, date=frame.as_of),
    )
ui_notify_calendar.download(frame)
# For a project with little budget data (e.g. Integration Day) its indicators and events lead.
ui_portfolio.overview_section()

st.subheader(t("overview.wp_heading", lang))
if view.wp_codes:
    layout.wrapped_table(view.work_packages)
else:
    st.info(t("declared.no_work_packages", lang))
layout.inline_buttons(t("overview.wp_drill", lang), view.wp_codes, ui_overview.schedule_button, "wp_drill")

st.subheader(view.due_heading)
if view.due_items.data.empty:
    st.success(view.nothing_due)
else:
    layout.wrapped_table(view.due_items)

st.subheader(t("overview.chart_heading", lang))
if view.year_chart is None:
    st.info(t("declared.no_chart", lang))
else:
    ui_overview.year_chart(view.year_chart)

st.subheader(t("overview.quality_heading", lang))
layout.findings(view.findings, t("overview.quality_clean", lang))
