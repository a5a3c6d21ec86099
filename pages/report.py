"""Funder report: the Research Council's tables, downloads, the reporting calendar and freezing on submission."""

import streamlit as st

from monitor.i18n import sample_note, t
from monitor.project.status import plan_note
from monitor.reports import export, present
from ui import context, database, layout, shown
from ui.components import report as ui_report

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()

data = database.project_data(frame.project_id, frame.as_of, frame.scope)
project = data.project
st.title(t("report.title", lang, acronym=project["acronym"]))
missing_plan = plan_note(data, lang)
if missing_plan:  # no cost plan yet: no tables, no files, no freezing; the deadlines still hold
    layout.sample_banner(sample_note(project, lang))
    st.warning(t("declared.report_cannot", lang))
    layout.plan_notice(missing_plan)
    st.subheader(t("report.calendar_heading", lang))
    layout.table(ui_report.reporting_calendar(project, frame.scope, frame.as_of, lang))
    st.stop()
choice = ui_report.controls(project["start_date"], project["end_date"], frame.as_of, lang)
current = ui_report.report(frame.project_id, choice, frame.scope)
st.caption(
    t("report.caption", lang, report=t(f"report.kind.{choice.kind}", lang), period=current.period, as_of=choice.as_of)
)
layout.sample_banner(sample_note(project, lang))

with st.expander(t("report.calendar_heading", lang)):
    layout.table(ui_report.reporting_calendar(project, frame.scope, choice.as_of, lang))

st.subheader(t("report.download_heading", lang))
for column, file_format in zip(st.columns(3), export.FORMATS, strict=True):
    column.download_button(
        t(f"report.download_{file_format}", lang),
        ui_report.file_builder(frame.project_id, choice, frame.scope, lang, file_format),
        file_name=export.file_name(current, file_format),
        mime=export.FORMATS[file_format],
        key=f"download_{file_format}",
        on_click="ignore",
    )

frozen = ui_report.latest_snapshot(frame.project_id, choice, current.period, frame.scope)
today_tab, submitted_tab, differences_tab = st.tabs(
    [t("report.tab_today", lang), t("report.tab_submitted", lang), t("report.tab_differences", lang)]
)
with today_tab:
    for table in ui_report.shown(frame.project_id, choice, frame.scope, lang):
        st.subheader(table.title)
        ui_report.show_table(table, "today", lang)
        if table.key == "popular":  # the counts belong under their texts, not under a later table
            for counter in present.popular_counters(current, lang):
                (st.warning if counter.over else st.caption)(counter.text)
with submitted_tab:
    if frozen is None:
        st.info(t("report.not_submitted", lang))
    else:
        st.caption(
            t(
                "report.snapshot_caption",
                lang,
                at=frozen.submitted_at,
                user=ui_report.submitter(frozen.submitted_by, lang),
                as_of=frozen.as_of,
                hash=frozen.content_hash[:16],
            )
        )
        for table in present.present(current, lang, choice.unit, frozen.tables):
            st.subheader(table.title)
            ui_report.show_table(table, "submitted", lang)
with differences_tab:
    if frozen is None:
        st.info(t("report.not_submitted", lang))
    else:
        changes = ui_report.differences_table(frozen.tables, current, lang, choice.unit)
        if changes.empty:
            st.success(t("report.no_differences", lang))
        else:
            st.warning(t("report.differences", lang, count=len(changes)))
            shown.table(changes, lang, key="differences")

st.subheader(t("report.freeze_heading", lang))
if not frame.scope.can_edit:
    st.caption(t("report.freeze_readonly", lang))
else:
    st.caption(t("report.freeze_help", lang))
    ui_report.freeze_section(frame.project_id, choice, current, frozen, frame.scope, lang)

ui_report.lock_section(frame.project_id, frame.scope, lang)
