"""Streamlit glue of the Budget page: URL-bound controls and cached data keyed by the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.budget import edit as budget_edit
from monitor.budget import load as budget_load
from monitor.budget import views as budget_views
from monitor.budget.views import DIM_CODES, MEASURE_CODES, key_labels
from monitor.i18n import t
from monitor.money import total
from monitor.reports import downloads, locks
from ui import database, shown

NO_COLUMNS = "-"


@dataclass(frozen=True)
class Controls:
    row_dim: str
    column_dim: str | None
    measure: str


def controls(lang: str) -> Controls:
    """Rows, columns and measure by their labels; the URL keeps the codes (?rows=category&cols=year&measure=actual)."""
    left, middle, right = st.columns(3)
    rows = shown.choice(
        left,
        t("budget.rows", lang),
        list(DIM_CODES),
        "rows",
        lambda c: dim_label(c, lang),
        default="year",
        placeholder=t("app.choose", lang),
    )
    column_choices = [NO_COLUMNS, *[c for c in DIM_CODES if c != rows]]
    columns = shown.choice(
        middle,
        t("budget.columns", lang),
        column_choices,
        "cols",
        lambda c: dim_label(c, lang),
        default=NO_COLUMNS,
        placeholder=t("app.choose", lang),
    )
    measure = shown.choice(
        right,
        t("budget.measure", lang),
        list(MEASURE_CODES),
        "measure",
        lambda c: t(f"budget.m.{MEASURE_CODES[c]}", lang),
        default="actual",
        placeholder=t("app.choose", lang),
        disabled=columns == NO_COLUMNS,
        help=t("budget.measure_help", lang),
    )
    return Controls(DIM_CODES[rows], None if columns == NO_COLUMNS else DIM_CODES[columns], MEASURE_CODES[measure])


def dim_label(code: str, lang: str) -> str:
    """A dimension's label ('År', 'Kostnadsart'...); '(ingen)' for no column dimension."""
    return t("budget.no_columns", lang) if code == NO_COLUMNS else t(f"budget.dim.{DIM_CODES[code]}", lang)


def drill_choice(label_text: str, codes: list[str], names: dict[str, str], key: str, lang: str) -> str | None:
    """A value of the pivot's row or column dimension, shown by its label and kept in the URL as its code."""
    return shown.choice(
        st, label_text, codes, key, lambda code: names.get(code, code), default=None, placeholder=t("app.choose", lang)
    )


@st.cache_data(show_spinner=False, max_entries=64)
def budget_data(project_id: str, as_of: dt.date, scope: Scope) -> budget_load.BudgetData:
    return budget_load.load_budget(database.cursor(), database.project_data(project_id, as_of, scope), scope)


@st.cache_data(show_spinner=False, max_entries=256)
def pivot(project_id: str, as_of: dt.date, scope: Scope, dims: tuple[str, ...]) -> pd.DataFrame:
    return budget_load.pivot_table(budget_data(project_id, as_of, scope), list(dims))


@st.cache_data(show_spinner=False, max_entries=256)
def table_view(project_id: str, as_of: dt.date, scope: Scope, chosen: Controls, lang: str):
    """The pivot as shown, with its CSV and Excel bytes made from that same table."""
    dims = tuple(d for d in (chosen.row_dim, chosen.column_dim) if d)
    facts = pivot(project_id, as_of, scope, dims)
    view = budget_views.pivot_view(
        budget_data(project_id, as_of, scope), facts, chosen.row_dim, chosen.column_dim, chosen.measure, lang
    )
    return view, downloads.to_csv(view.table), downloads.to_xlsx(view.table)


@st.cache_data(show_spinner=False, max_entries=64)
def progress_view(project_id: str, as_of: dt.date, scope: Scope, lang: str) -> budget_views.ProgressView:
    settings = database.settings()
    return budget_views.progress_view(
        budget_data(project_id, as_of, scope),
        settings["status.at_risk_deviation_pct"],
        settings["status.off_track_deviation_pct"],
        lang,
    )


@st.cache_data(show_spinner=False, max_entries=256)
def lines(project_id: str, as_of: dt.date, scope: Scope, cell: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return budget_load.ledger_lines(
        database.cursor(), database.project_data(project_id, as_of, scope), scope, dict(cell)
    )


@st.cache_data(show_spinner=False, max_entries=64)
def versions(project_id: str, scope: Scope) -> pd.DataFrame:
    return budget_edit.versions(database.cursor(), project_id, scope)


def save_plan(project_id: str, read_version: str, plan: pd.DataFrame, label_text: str, scope: Scope) -> str:
    """Write a new plan version (leader/admin only: save_new_version says) and drop cached reads."""
    limit = Decimal(database.settings()["changes.no_request_below"])
    version = budget_edit.save_new_version(
        database.cursor(), project_id, read_version, plan, label_text, scope, dt.datetime.now(), limit
    )
    database.after_write()
    return version


def plan_editor(project_id: str, budget_state: budget_load.BudgetData, scope: Scope, lang: str) -> None:
    """The cost plan's amounts in an editor; saving writes a new version (leader and admin only)."""
    if not scope.can_edit:
        st.caption(t("budget.edit_readonly", lang))
        return
    st.subheader(t("budget.edit_heading", lang))
    st.caption(t("budget.edit_help", lang))
    plan = budget_state.data.cost_plan
    shown.editor(
        plan_shown(budget_state, lang),
        key="plan_editor",
        num_rows="fixed",
        hide_index=True,
        disabled=[c for c in plan.columns if c != "amount"],
        column_config={c: st.column_config.Column(t(f"budget.col.{c}", lang)) for c in budget_edit.PLAN_KEYS}
        | {"amount": st.column_config.TextColumn(t("budget.col.amount", lang), alignment="right")},
    )
    label_text = st.text_input(t("budget.edit_label", lang), key="plan_label")
    if st.button(t("budget.edit_save", lang), key="plan_save"):
        _save(project_id, budget_state.data.plan_version, plan, label_text, scope, lang)


def plan_shown(budget_state: budget_load.BudgetData, lang: str) -> pd.DataFrame:
    """The plan lines with labels instead of codes ('–' for none) and amounts as the language writes them;
    the amount is text, so the øre stay exact and the user types it back the same way."""
    plan = budget_state.data.cost_plan
    columns = {"year": [str(y) for y in plan["year"]]}
    for column in ("cost_category", "partner_id", "wp_code"):
        codes = [None if _missing(code) else code for code in plan[column]]
        names = key_labels(budget_state, column, codes, lang)
        columns[column] = [names.get(code) or "–" for code in codes]
    columns["amount"] = [fmt.number(a, lang, 2) for a in plan["amount"]]
    return pd.DataFrame(columns)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def versions_shown(versions_frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The versions table with the seed's baseline named in the chosen language."""
    baseline = versions_frame["plan_version"] == budget_edit.BASELINE
    named = versions_frame.assign(
        label=[
            t("budget.version.baseline", lang) if is_base else text
            for is_base, text in zip(baseline, versions_frame["label"], strict=True)
        ],
        plan_version=[version_name(version, lang) for version in versions_frame["plan_version"]],
        created_by=[
            t("budget.version.seeded_by", lang) if who == "seed" else who for who in versions_frame["created_by"]
        ],
    )
    return budget_views.versions_table(named, lang)


def version_name(version: str, lang: str) -> str:
    """'kontrakt' / 'contract' for the baseline; later versions by their id (v2, v3...)."""
    return t("budget.version.baseline_short", lang) if version == budget_edit.BASELINE else version


def caption(state: budget_load.BudgetData, lang: str) -> str:
    data_ = state.data
    return t(
        "budget.caption",
        lang,
        version=version_name(data_.plan_version, lang),
        as_of=data_.as_of,
        complete=data_.last_posting_date or "–",
    )


def _save(project_id: str, read_version: str, plan: pd.DataFrame, label_text: str, scope: Scope, lang: str) -> None:
    edits = (st.session_state.get("plan_editor") or {}).get("edited_rows", {})
    try:
        edited = budget_edit.apply_edits(plan, edits, lang)
    except budget_edit.PlanInvalid as error:
        st.error(t("budget.edit_invalid", lang, detail=t(f"budget.plan_invalid.{error.code}", lang, **error.values)))
        return
    if not budget_edit.changes(plan, edited):
        st.info(t("budget.edit_unchanged", lang))
    elif not label_text.strip():
        st.warning(t("budget.edit_label_missing", lang))
    else:
        try:
            version = save_plan(project_id, read_version, edited, label_text.strip(), scope)
        except budget_edit.PlanChanged:
            st.error(t("budget.edit_conflict", lang))
            return
        except locks.YearLocked as refused:
            st.error(fmt.plain(refused.text(lang)))
            return
        except budget_edit.NeedsChangeRequest as refused:  # the Council's rule: NOK 10 000 or more is a request
            st.error(t(f"changes.direct.{refused.code}", lang, **refused.values))
            return
        st.success(t("budget.edit_saved", lang, version=version))


STATE_COLOURS = {"good": "green", "warn": "orange", "bad": "red", "none": "gray"}


def evm_tiles(figures: list, lang: str) -> None:
    """Earned-value figures in rows of four, each with its formula; the indices with a coloured state."""
    for start in range(0, len(figures), 4):
        for column, figure in zip(st.columns(4), figures[start : start + 4], strict=False):
            with column:
                st.metric(figure.label, figure.value, border=True)
                st.caption(figure.formula)
                if figure.key in ("spi", "cpi"):
                    st.badge(t(f"budget.state.{figure.state}", lang), color=STATE_COLOURS[figure.state])


def forecast_note(figures: list, lang: str) -> None:
    """Which forecast this is, why it differs from the Overview's, and the way there."""
    eac = next((f for f in figures if f.key == "eac"), None)
    if eac is None:
        return
    st.info(t("budget.eac_method_note", lang, method=eac.formula, eac=eac.value), icon=":material/info:")
    st.page_link("pages/overview.py", label=t("budget.to_overview_forecast", lang), icon=":material/arrow_forward:")


def drill_down(frame, view, dims: tuple[str, ...], lang: str) -> None:
    """Pick a row (and column) value of the table; show the ledger lines behind that figure."""
    state = budget_data(frame.project_id, frame.as_of, frame.scope)
    row_names = key_labels(state, view.row_dim, view.row_values, lang)
    row_value = drill_choice(
        t("budget.drill_row", lang, dim=t(f"budget.dim.{view.row_dim}", lang)),
        view.row_values,
        row_names,
        "drill_row",
        lang,
    )
    column_value = None
    if view.column_dim:
        column_names = key_labels(state, view.column_dim, view.column_values, lang)
        column_value = drill_choice(
            t("budget.drill_column", lang, dim=t(f"budget.dim.{view.column_dim}", lang)),
            view.column_values,
            column_names,
            "drill_col",
            lang,
        )
    cell = tuple(
        (d, v)
        for d, v in ((view.row_dim, row_value), (view.column_dim, column_value))
        if d and v is not None and d != "funding_source"
    )
    if row_value is None and column_value is None:
        st.caption(t("budget.drill_pick", lang))
        return
    if "funding_source" in dims:
        st.caption(t("budget.drill_source_note", lang))
    lines_shown = budget_views.lines_table(lines(frame.project_id, frame.as_of, frame.scope, cell), lang)
    st.caption(t("budget.drill_count", lang, count=len(lines_shown), amount=total(lines_shown[t("col.amount", lang)])))
    shown.table(lines_shown, lang, key="drill_lines")
