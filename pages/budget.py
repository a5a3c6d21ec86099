"""Budget and spend: plan against actual by any one or two dimensions, burn, earned value, plan versions, change
requests, commitments and explained deviations."""

import streamlit as st

from monitor.i18n import sample_note, t
from monitor.project.status import plan_note
from ui import context, errors, layout, shown
from ui.components import budget as ui_budget
from ui.components import changes as ui_changes
from ui.components import commitments as ui_commitments
from ui.components import explanations as ui_explanations

DRILL_PARAMS = {"drill_row", "drill_col"}

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()

state = ui_budget.budget_data(frame.project_id, frame.as_of, frame.scope)
project = state.data.project
st.title(t("budget.title", lang, acronym=project["acronym"]))
missing_plan = plan_note(state.data, lang)
if missing_plan:  # no cost plan yet (a project from the funder's open data): said in words, no empty charts
    layout.sample_banner(sample_note(project, lang))
    layout.plan_notice(missing_plan)
    st.stop()
st.caption(ui_budget.caption(state, lang))
layout.sample_banner(sample_note(project, lang))

pivot_tab, burn_tab, evm_tab, versions_tab, changes_tab, commitments_tab, explanations_tab = st.tabs(
    [
        t("budget.tab_pivot", lang),
        t("budget.tab_burn", lang),
        t("budget.tab_evm", lang),
        t("budget.tab_versions", lang),
        t("changes.tab", lang),
        t("budget.tab_commitments", lang),
        t("explanations.heading", lang),
    ]
)

with pivot_tab:
    chosen = ui_budget.controls(lang)
    view, csv_bytes, xlsx_bytes = ui_budget.table_view(frame.project_id, frame.as_of, frame.scope, chosen, lang)
    dims = tuple(d for d in (view.row_dim, view.column_dim) if d)
    shown.table(view.table, lang, key="pivot_table")
    st.caption(
        t("budget.variance_note", lang) + (" " + t("budget.source_note", lang) if "funding_source" in dims else "")
    )
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        t("budget.download_csv", lang),
        csv_bytes,
        file_name=f"budget_{frame.project_id}.csv",
        mime="text/csv",
        key="csv",
    )
    xlsx_column.download_button(
        t("budget.download_xlsx", lang),
        xlsx_bytes,
        file_name=f"budget_{frame.project_id}.xlsx",
        key="xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    st.subheader(t("budget.drill_heading", lang))
    if not frame.scope.sees_detail_rows:
        st.caption(t("budget.drill_aggregate_only", lang))
        if DRILL_PARAMS & set(st.query_params):  # a drill-down link: refused, logged, and said so
            errors.record_denial(frame.scope.user, f"budget drill-down ({frame.scope.role})")
            st.warning(t("access.detail_not_for_role", lang, role=t(f"role_name.{frame.scope.role}", lang)))
    else:
        ui_budget.drill_down(frame, view, dims, lang)

progress = ui_budget.progress_view(frame.project_id, frame.as_of, frame.scope, lang)
with burn_tab:
    st.subheader(t("budget.burn_heading", lang))
    st.plotly_chart(progress.burn, width="stretch")
    st.subheader(t("budget.monthly_heading", lang))
    st.plotly_chart(progress.monthly, width="stretch")

with evm_tab:
    st.caption(t("budget.evm_caption", lang, complete=progress.actuals_to or "–"))
    ui_budget.evm_tiles(progress.figures, lang)
    ui_budget.forecast_note(progress.figures, lang)
    st.subheader(t("budget.evm_wp_heading", lang))
    shown.table(progress.completion, lang)

with versions_tab:
    shown.table(ui_budget.versions_shown(ui_budget.versions(frame.project_id, frame.scope), lang), lang)
    ui_budget.plan_editor(frame.project_id, state, frame.scope, lang)

with changes_tab:
    ui_changes.section(frame, state, lang)

with commitments_tab:
    ui_commitments.section(frame.project_id, frame.as_of, frame.scope, lang)

with explanations_tab:
    ui_explanations.section(frame.project_id, state, frame.scope, lang)
