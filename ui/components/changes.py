"""Streamlit glue of the Budget page's change requests: the comparison with the contract, the current plan and the
pending request; the list of requests; and, for leaders and admins, the draft, its submission and the Council's
decision. Reads are cached by the user's scope; every write goes through monitor/changes/edit.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.budget import edit as budget_edit
from monitor.budget import load as budget_load
from monitor.changes import edit, load, rules, views
from monitor.errors import Conflict, Invalid
from monitor.i18n import t
from monitor.money import total
from monitor.reports import locks
from ui import database, shown

FLASH = "change_flash"
EDITOR = "change_editor"  # the draft's proposed plan
ROW_PX = 35  # the height of a table row (and of its header)  # the message of a step, shown after the rerun the step asks for


@st.cache_data(show_spinner=False, max_entries=64)
def requests(project_id: str, scope: Scope) -> pd.DataFrame:
    return load.requests(database.cursor(), project_id, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def request_lines(request_id: int, scope: Scope) -> pd.DataFrame:
    return load.lines(database.cursor(), request_id, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def current_plan(project_id: str, scope: Scope) -> pd.DataFrame:
    return load.current_plan(database.cursor(), project_id, scope)[1]


def limits() -> rules.Limits:
    return rules.limits_from(database.settings())


def section(frame, budget_state: budget_load.BudgetData, lang: str) -> None:
    """The whole tab: rules in a line, the comparison, the list, and what the user's role may do."""
    project_id, scope = frame.project_id, frame.scope
    st.subheader(t("changes.heading", lang))
    st.caption(t("changes.intro", lang, limit=int(limits().no_request_below)))
    # Always the same slot, message or not: an element appearing above the draft editor on one run and not on
    # the next would remount the editor and drop the first cell the user edits after a step.
    flash = st.empty()
    if st.session_state.get(FLASH):
        flash.success(st.session_state.pop(FLASH))
    listed = requests(project_id, scope)
    pending = _with_status(listed, "submitted")
    st.subheader(t("changes.compare_heading", lang))
    pending_lines = request_lines(pending["request_id"], scope) if pending and pending["kind"] != "period" else None
    if pending:
        st.caption(t("changes.compare_caption", lang, title=pending["title"], day=pending["submitted_at"]))
    else:
        st.caption(t("changes.compare_caption_none", lang))
    shown.table(views.comparison(budget_state, pending_lines, lang), lang, key="change_comparison")
    st.subheader(t("changes.list_heading", lang))
    if listed.empty:
        st.info(t("changes.none", lang))
    else:
        shown.table(views.requests_table(listed, lang), lang, key="change_requests")
    if not scope.may_edit(project_id):
        st.caption(t("changes.readonly", lang))
        return
    open_one = _with_status(listed, "draft") or pending
    if open_one is None:
        _new_request(project_id, scope, lang)
    elif open_one["status"] == "draft":
        _draft(open_one, budget_state, scope, lang)
    else:
        _decision(open_one, scope, lang)


def _date_format(lang: str) -> str:
    """Dates typed as the language writes them (as the sidebar's as-of date)."""
    return "DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD"


def _with_status(listed: pd.DataFrame, status: str) -> dict | None:
    found = listed[listed["status"] == status]
    return None if found.empty else found.iloc[0].to_dict()


def _new_request(project_id: str, scope: Scope, lang: str) -> None:
    st.subheader(t("changes.new_heading", lang))
    st.caption(t("changes.new_help", lang))
    kind = st.selectbox(
        t("changes.kind_choice", lang),
        list(rules.KINDS),
        format_func=lambda k: views.kind_label(k, lang),
        key="change_kind",
        placeholder=t("app.choose", lang),
    )
    title = st.text_input(t("changes.title_input", lang), key="change_title")
    reason = st.text_area(t("changes.reason_input", lang), key="change_reason")
    new_end = (
        st.date_input(t("changes.end_input", lang), value=None, key="change_end", format=_date_format(lang))
        if kind == "period"
        else None
    )
    if st.button(t("changes.create", lang), key="change_create"):
        _act(
            lambda: edit.create_draft(
                database.cursor(), project_id, kind, title, reason, scope, dt.datetime.now(), new_end
            ),
            lambda request_id: t("changes.created", lang, request=str(request_id)),
            lang,
        )


def _draft(request: dict, budget_state: budget_load.BudgetData, scope: Scope, lang: str) -> None:
    request_id, version = int(request["request_id"]), int(request["version"])
    st.subheader(t("changes.draft_heading", lang, request=str(request_id), title=request["title"]))
    title = st.text_input(t("changes.title_input", lang), value=request["title"], key="draft_title")
    reason = st.text_area(t("changes.reason_input", lang), value=request["reason"] or "", key="draft_reason")
    new_end = None
    lines = None
    if request["kind"] == "period":
        new_end = st.date_input(
            t("changes.end_input", lang), value=request["new_end_date"], key="draft_end", format=_date_format(lang)
        )
    else:
        lines = request_lines(request_id, scope)
        current = current_plan(request["project_id"], scope)
        moved = rules.amount_moved(current, lines)
        change = total(lines["amount"]) - total(current["amount"])
        st.caption(t("changes.draft_help", lang))
        st.info(t("changes.moved", lang, moved=fmt.nok(moved, lang, 2), change=fmt.nok(change, lang, 2)))
        names = views.names(budget_state.data.partners, budget_state.data.work_packages, lang)
        shown.editor(
            views.editor_frame(lines, names, lang),
            key=EDITOR,
            num_rows="fixed",
            hide_index=True,
            disabled=["year", "cost_category", "partner_id", "wp_code"],
            column_config={c: st.column_config.Column(t(f"changes.col.{c}", lang)) for c in rules.LINE_KEYS}
            | {"amount": st.column_config.TextColumn(t("changes.col.amount", lang), alignment="right")},
        )
        _one_line(request, lines, names, scope, lang)
    if st.button(t("changes.save", lang), key="change_save"):
        _save_draft(request, lines, title, reason, new_end, scope, lang)
    submit_column, discard_column = st.columns(2)
    day = submit_column.date_input(
        t("changes.submit_date", lang), value=dt.date.today(), key="change_submit_date", format=_date_format(lang)
    )
    if submit_column.button(t("changes.submit", lang), key="change_submit"):
        _act(
            lambda: edit.submit(database.cursor(), request_id, version, scope, day, limits()),
            lambda _: t("changes.submitted", lang, request=str(request_id)),
            lang,
        )
    if discard_column.button(t("changes.discard", lang), key="change_discard"):
        _act(
            lambda: edit.discard(database.cursor(), request_id, version, scope),
            lambda _: t("changes.discarded", lang),
            lang,
        )


def _one_line(request: dict, lines: pd.DataFrame, names: dict, scope: Scope, lang: str) -> None:
    """One line's amount by a choice and a text box: the same change as in the table, for keyboards and screen
    readers (the table is drawn on a canvas)."""
    shown_lines = views.lines_table(lines, names, lang)
    labels = [
        " · ".join([*(str(v) for v in row[:-1]), fmt.number(row[-1], lang, 2)])
        for row in shown_lines.itertuples(index=False, name=None)
    ]
    with st.form("change_line_form"):
        st.caption(t("changes.line_help", lang))
        position = st.selectbox(
            t("changes.line_choice", lang),
            range(len(labels)),
            format_func=lambda i: labels[i],
            index=None,
            placeholder=t("app.choose", lang),
            key="change_line",
        )
        typed = st.text_input(t("changes.line_amount", lang), key="change_line_amount")
        if st.form_submit_button(t("changes.line_set", lang)) and position is not None:
            try:
                amount = budget_edit.parse_amount(typed, lang)
            except budget_edit.PlanInvalid as error:
                st.error(
                    t("budget.edit_invalid", lang, detail=t(f"budget.plan_invalid.{error.code}", lang, **error.values))
                )
                return
            proposed = lines.copy()
            proposed.loc[proposed.index[position], "amount"] = amount
            request_id, version = int(request["request_id"]), int(request["version"])
            _act(
                lambda: edit.set_lines(database.cursor(), request_id, version, proposed, scope),
                lambda _: t("changes.saved", lang),
                lang,
            )


def _save_draft(request: dict, lines, title: str, reason: str, new_end, scope: Scope, lang: str) -> None:
    request_id, version = int(request["request_id"]), int(request["version"])
    edits = (st.session_state.get(EDITOR) or {}).get("edited_rows", {})
    try:
        edited = None if lines is None else budget_edit.apply_edits(lines, edits, lang)
    except budget_edit.PlanInvalid as error:
        st.error(t("budget.edit_invalid", lang, detail=t(f"budget.plan_invalid.{error.code}", lang, **error.values)))
        return

    def save() -> int:
        con = database.cursor()
        saved = edit.update_draft(con, request_id, version, scope, title, reason, new_end)
        return saved if edited is None else edit.set_lines(con, request_id, saved, edited, scope)

    _act(save, lambda _: t("changes.saved", lang), lang)


def _decision(request: dict, scope: Scope, lang: str) -> None:
    request_id, version = int(request["request_id"]), int(request["version"])
    st.subheader(t("changes.decision_heading", lang, request=str(request_id), title=request["title"]))
    day = st.date_input(
        t("changes.decision_date", lang), value=dt.date.today(), key="change_decided_on", format=_date_format(lang)
    )
    note = st.text_input(t("changes.decision_note", lang), key="change_note")
    approve_column, reject_column = st.columns(2)
    if approve_column.button(t("changes.approve", lang), key="change_approve"):
        if request["kind"] == "period":
            done = lambda _: t("changes.approved_period", lang, request=str(request_id), end=request["new_end_date"])  # noqa: E731
        else:
            done = lambda _: t(  # noqa: E731
                "changes.approved", lang, request=str(request_id), version=_approved_version(request_id, scope)
            )
        _act(
            lambda: edit.approve(database.cursor(), request_id, version, scope, day, note, dt.datetime.now()),
            done,
            lang,
        )
    if reject_column.button(t("changes.reject", lang), key="change_reject"):
        _act(
            lambda: edit.reject(database.cursor(), request_id, version, scope, day, note),
            lambda _: t("changes.rejected", lang, request=str(request_id)),
            lang,
        )


def _approved_version(request_id: int, scope: Scope) -> str:
    return load.request(database.cursor(), request_id, scope)["plan_version"]


def _act(step, message, lang: str) -> None:
    """Run a write; on success drop cached reads and rerun with the step's message, else say why in one line per
    problem (nothing was written)."""
    try:
        result = step()
    except Invalid as refused:
        st.error("\n\n".join([t("changes.invalid", lang), *refused.text(lang)]))
        return
    except Conflict:
        st.error(t("changes.conflict", lang))
        return
    except locks.YearLocked as refused:  # an approval rewriting a year whose accounts were submitted
        st.error(fmt.plain(refused.text(lang)))
        return
    database.after_write()
    st.session_state[FLASH] = message(result)
    for key in ("change_title", "change_reason", "change_note", "change_line", "change_line_amount"):
        st.session_state.pop(key, None)
    st.rerun()
