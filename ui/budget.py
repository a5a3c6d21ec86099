"""Streamlit glue of the Budget page: URL-bound controls and cached data keyed by the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from monitor import budget, budget_views, exports, plan_versions
from monitor.auth import Scope
from monitor.budget_views import DIM_CODES, MEASURE_CODES
from monitor.i18n import t
from monitor.money import total
from ui import data, layout

NO_COLUMNS = "-"


@dataclass(frozen=True)
class Controls:
    row_dim: str
    column_dim: str | None
    measure: str


def controls(lang: str) -> Controls:
    """Rows, columns and measure; bound to the URL (?rows=category&cols=year&measure=actual)."""
    left, middle, right = st.columns(3)
    rows = left.selectbox(t("budget.rows", lang), list(DIM_CODES), key="rows", bind="query-params",
                          help=t("budget.dims_help", lang))
    column_choices = [NO_COLUMNS, *[c for c in DIM_CODES if c != rows]]
    columns = middle.selectbox(t("budget.columns", lang), column_choices, key="cols", bind="query-params",
                               help=t("budget.dims_help", lang))
    measure = right.selectbox(t("budget.measure", lang), list(MEASURE_CODES), index=2, key="measure",
                              bind="query-params", help=t("budget.measures_help", lang),
                              disabled=columns == NO_COLUMNS)
    return Controls(DIM_CODES[rows], None if columns == NO_COLUMNS else DIM_CODES[columns], MEASURE_CODES[measure])


def drill_choice(label_text: str, codes: list[str], key: str, lang: str) -> str | None:
    """A value of the pivot's row or column dimension, shown (and kept in the URL) as its code."""
    shown = [code if code else NO_COLUMNS for code in codes]
    choice = st.selectbox(label_text, shown, index=None, key=key, bind="query-params",
                          placeholder=t("app.choose", lang))
    return None if choice is None else codes[shown.index(choice)]


@st.cache_data(show_spinner=False, max_entries=64)
def budget_data(project_id: str, as_of: dt.date, scope: Scope) -> budget.BudgetData:
    return budget.load_budget(data.cursor(), data.project_data(project_id, as_of, scope), scope)


@st.cache_data(show_spinner=False, max_entries=256)
def pivot(project_id: str, as_of: dt.date, scope: Scope, dims: tuple[str, ...]) -> pd.DataFrame:
    return budget.pivot_table(budget_data(project_id, as_of, scope), list(dims))


@st.cache_data(show_spinner=False, max_entries=256)
def table_view(project_id: str, as_of: dt.date, scope: Scope, chosen: Controls, lang: str):
    """The pivot as shown, with its CSV and Excel bytes made from that same table."""
    dims = tuple(d for d in (chosen.row_dim, chosen.column_dim) if d)
    facts = pivot(project_id, as_of, scope, dims)
    view = budget_views.pivot_view(budget_data(project_id, as_of, scope), facts, chosen.row_dim, chosen.column_dim,
                                   chosen.measure, lang)
    return view, exports.to_csv(view.table), exports.to_xlsx(view.table)


@st.cache_data(show_spinner=False, max_entries=64)
def progress_view(project_id: str, as_of: dt.date, scope: Scope, lang: str) -> budget_views.ProgressView:
    settings = data.settings()
    return budget_views.progress_view(budget_data(project_id, as_of, scope), settings["status.at_risk_deviation_pct"],
                                      settings["status.off_track_deviation_pct"], lang)


@st.cache_data(show_spinner=False, max_entries=256)
def lines(project_id: str, as_of: dt.date, scope: Scope, cell: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return budget.ledger_lines(data.cursor(), data.project_data(project_id, as_of, scope), scope, dict(cell))


@st.cache_data(show_spinner=False, max_entries=64)
def versions(project_id: str, scope: Scope) -> pd.DataFrame:
    scope.require_project(project_id)
    return plan_versions.versions(data.cursor(), project_id)


def save_plan(project_id: str, read_version: str, plan: pd.DataFrame, label_text: str, scope: Scope) -> str:
    """Write a new plan version (leader/admin only) and drop cached reads."""
    if not scope.can_edit:
        raise PermissionError(f"{scope.user} ({scope.role}) may not edit the plan")
    scope.require_project(project_id)
    version = plan_versions.save_new_version(data.cursor(), project_id, read_version, plan, label_text,
                                             scope.user, dt.datetime.now())
    data.after_write()
    return version


def plan_editor(project_id: str, budget_state: budget.BudgetData, scope: Scope, lang: str) -> None:
    """The cost plan's amounts in an editor; saving writes a new version (leader and admin only)."""
    if not scope.can_edit:
        st.caption(t("budget.edit_readonly", lang))
        return
    st.subheader(t("budget.edit_heading", lang))
    st.caption(t("budget.edit_help", lang))
    plan = budget_state.data.cost_plan
    shown = plan.assign(amount=[str(a) for a in plan["amount"]])  # text keeps the øre exact
    st.data_editor(shown, key="plan_editor", num_rows="fixed", hide_index=True,
                   disabled=[c for c in shown.columns if c != "amount"])
    label_text = st.text_input(t("budget.edit_label", lang), key="plan_label")
    if st.button(t("budget.edit_save", lang), key="plan_save"):
        _save(project_id, budget_state.data.plan_version, plan, label_text, scope, lang)


def _save(project_id: str, read_version: str, plan: pd.DataFrame, label_text: str, scope: Scope, lang: str) -> None:
    edits = (st.session_state.get("plan_editor") or {}).get("edited_rows", {})
    try:
        edited = plan_versions.apply_edits(plan, edits)
    except plan_versions.PlanInvalid as error:
        st.error(t("budget.edit_invalid", lang, detail=error))
        return
    if not plan_versions.changes(plan, edited):
        st.info(t("budget.edit_unchanged", lang))
    elif not label_text.strip():
        st.warning(t("budget.edit_label_missing", lang))
    else:
        try:
            version = save_plan(project_id, read_version, edited, label_text.strip(), scope)
        except plan_versions.PlanChanged:
            st.error(t("budget.edit_conflict", lang))
            return
        st.success(t("budget.edit_saved", lang, version=version))


STATE_COLOURS = {"good": "green", "warn": "orange", "bad": "red", "none": "gray"}


def evm_tiles(figures: list, lang: str) -> None:
    """Earned-value figures in rows of four, each with its formula; the indices with a coloured state."""
    for start in range(0, len(figures), 4):
        for column, figure in zip(st.columns(4), figures[start:start + 4], strict=False):
            with column:
                st.metric(figure.label, figure.value, border=True)
                st.caption(figure.formula)
                if figure.key in ("spi", "cpi"):
                    st.badge(t(f"budget.state.{figure.state}", lang), color=STATE_COLOURS[figure.state])


def drill_down(frame, view, dims: tuple[str, ...], lang: str) -> None:
    """Pick a row (and column) value of the table; show the ledger lines behind that figure."""
    row_value = drill_choice(t("budget.drill_row", lang, dim=t(f"budget.dim.{view.row_dim}", lang)),
                                       view.row_values, "drill_row", lang)
    column_value = (drill_choice(t("budget.drill_column", lang, dim=t(f"budget.dim.{view.column_dim}", lang)),
                                           view.column_values, "drill_col", lang) if view.column_dim else None)
    cell = tuple((d, v) for d, v in ((view.row_dim, row_value), (view.column_dim, column_value))
                 if d and v is not None and d != "funding_source")
    if row_value is None and column_value is None:
        st.caption(t("budget.drill_pick", lang))
    else:
        if "funding_source" in dims:
            st.caption(t("budget.drill_source_note", lang))
        shown = budget_views.lines_table(lines(frame.project_id, frame.as_of, frame.scope, cell), lang)
        st.caption(t("budget.drill_count", lang, count=len(shown), amount=total(shown[t("col.amount", lang)])))
        layout.table(shown)
