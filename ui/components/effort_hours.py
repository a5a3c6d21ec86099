"""Streamlit glue of the Effort page's "Report and approve hours" tab: one form for both kinds of hours (a month's
project hours, or a dated in-kind contribution through the In-kind page's own form) and the leader's one list of
hours waiting for a decision. Every rule (who may report for whom, validation, versions, locks, audit) lives in
monitor.effort.hours and monitor.partners.inkind; this module reads widgets and shows the outcome."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor.access.scope import AccessDenied, Scope
from monitor.effort import hours as effort_hours
from monitor.effort import hours_views as views
from monitor.effort.load import Names
from monitor.errors import Conflict, Invalid, NotFound
from monitor.i18n import t
from monitor.reports import locks
from ui import context, database
from ui.components import partners as inkind_ui
from ui.shown import dataframe

FLASH = "hours:flash"
PENDING = "hours:pending"
GENERATION = "hours:generation"
MONTH, INKIND = "month", "inkind"


def hours_tab(frame: context.Context, project: dict, names: Names) -> None:
    """The tab: the report form for whoever may report, then the hours waiting for a decision."""
    lang, scope = frame.lang, frame.scope
    _flash()
    inkind_ui.flash()
    if scope.role == "viewer":
        st.info(t("hours.viewer_note", lang))
        return
    kind = st.radio(
        t("hours.kind", lang),
        [MONTH, INKIND],
        format_func=lambda k: t(f"hours.kind.{k}", lang),
        horizontal=True,
        key="hours:kind",
    )
    if kind == INKIND:
        st.caption(t("hours.inkind_caption", lang))
        inkind_ui.report_form(frame.project_id, frame.as_of, scope, lang)
    else:
        _month_form(frame.project_id, project, names, scope, lang)
    _waiting(frame.project_id, names, scope, lang)


# --- a month's hours ----------------------------------------------------------------------------


def _month_form(project_id: str, project: dict, names: Names, scope: Scope, lang: str) -> None:
    st.subheader(t("hours.report_heading", lang))
    st.caption(t("hours.report_caption", lang))
    people = effort_hours.people(database.cursor(), project_id, scope)
    if people.empty:
        st.info(t("hours.no_people", lang))
        return
    persons = views.person_choices(people, names)
    today = dt.date.today()
    months = views.month_choices(project["start_date"], project["end_date"], today, lang)
    with st.form("hours:form", clear_on_submit=False):
        person_id = st.selectbox(
            t("hours.field.person", lang),
            list(persons),
            format_func=persons.get,
            key="hours:person",
            placeholder=t("app.choose", lang),
        )
        wp_code = st.selectbox(
            t("hours.field.wp", lang),
            list(names.work_packages),
            format_func=lambda code: views.wp_label(code, names, lang),
            key="hours:wp",
            placeholder=t("app.choose", lang),
        )
        month = st.selectbox(
            t("hours.field.month", lang),
            list(months),
            format_func=months.get,
            key="hours:month",
            placeholder=t("app.choose", lang),
        )
        # Text, not a number input: a Norwegian types "37,5"; the core reads either and names any problem.
        typed = st.text_input(t("hours.field.hours", lang), key="hours:hours", max_chars=8)
        if st.form_submit_button(t("hours.submit", lang), type="primary"):
            entry = effort_hours.Entry(person_id, wp_code, month, typed)
            _report(project_id, entry, scope, today, lang)


def _report(project_id: str, entry: effort_hours.Entry, scope: Scope, today: dt.date, lang: str) -> None:
    try:
        stored = effort_hours.report(database.cursor(), project_id, entry, scope, today)
    except AccessDenied:
        _denied(lang)
    except (Invalid, NotFound) as error:
        _problems(error, lang)
        return
    except locks.YearLocked as refused:
        st.error(refused.text(lang))
        return
    _forget_waiting(project_id)
    hours = views.hours_text(stored.hours, lang)
    _done(t("hours.reported", lang, hours=hours, month=views.month_label(stored.month, lang)))


# --- waiting for a decision ---------------------------------------------------------------------


def _waiting(project_id: str, names: Names, scope: Scope, lang: str) -> None:
    st.subheader(t("hours.waiting_heading", lang))
    st.caption(t("hours.waiting_caption", lang) if scope.can_edit else t("hours.waiting_mine", lang))
    waiting = _waiting_rows(project_id, scope)
    if waiting.empty:
        st.success(t("hours.waiting_empty", lang))
        return
    dataframe(views.waiting_table(waiting, names, lang), hide_index=True, width="stretch")
    if scope.can_edit:
        _decision(project_id, waiting, names, scope, lang)


def _decision(project_id: str, waiting: pd.DataFrame, names: Names, scope: Scope, lang: str) -> None:
    choices = views.waiting_choices(waiting, names, lang)
    if st.button(t("hours.select_all", lang), key="hours:all"):
        st.session_state[_chosen_key()] = list(choices)
    chosen = st.multiselect(
        t("hours.choose", lang),
        list(choices),
        format_func=choices.get,
        key=_chosen_key(),
        placeholder=t("app.choose", lang),
    )
    comment = st.text_input(t("hours.comment", lang), key="hours:comment")
    pending = st.session_state.get(PENDING)
    if pending:
        st.warning(views.decision_summary(waiting, chosen, pending, lang))
        left, right = st.columns(2)
        if left.button(t("hours.confirm", lang), key="hours:confirm", type="primary"):
            st.session_state.pop(PENDING, None)
            _decide(project_id, views.chosen_versions(waiting, chosen), pending, comment, scope, lang)
        if right.button(t("hours.cancel", lang), key="hours:cancel"):
            st.session_state.pop(PENDING, None)
            st.rerun()
        return
    left, right = st.columns(2)
    if left.button(t("hours.approve", lang), key="hours:approve", type="primary", disabled=not chosen):
        _ask(effort_hours.APPROVED)
    if right.button(t("hours.reject", lang), key="hours:reject", disabled=not chosen):
        _ask(effort_hours.REJECTED)


def _ask(status: str) -> None:
    """The first click only asks: the decision is written after the confirmation."""
    st.session_state[PENDING] = status
    st.rerun()


def _decide(project_id: str, versions: dict, status: str, comment: str, scope: Scope, lang: str) -> None:
    try:
        count = effort_hours.decide(database.cursor(), project_id, versions, status, comment, scope)
    except AccessDenied:
        _denied(lang)
    except Conflict as conflict:
        _forget_waiting(project_id)
        st.error(t("hours.conflict", lang, user=conflict.changed_by or "–"))
        return
    except (Invalid, NotFound) as error:
        _problems(error, lang)
        return
    except locks.YearLocked as refused:
        st.error(refused.text(lang))
        return
    _forget_waiting(project_id)
    _done(t(f"hours.decided_{status}", lang, count=str(count)))


def _waiting_key(project_id: str) -> str:
    return f"hours:waiting:{project_id}"


def _waiting_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    """The list as this session read it: its versions are what a decision is checked against."""
    key = _waiting_key(project_id)
    if key not in st.session_state:
        st.session_state[key] = effort_hours.waiting(database.cursor(), project_id, scope)
    return st.session_state[key]


def _chosen_key() -> str:
    """A new picker after every decision: the browser would otherwise keep showing the decided rows."""
    return f"hours:chosen:{st.session_state.get(GENERATION, 0)}"


def _forget_waiting(project_id: str) -> None:
    st.session_state.pop(_chosen_key(), None)
    st.session_state.pop(_waiting_key(project_id), None)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


# --- shared -------------------------------------------------------------------------------------


def _problems(error: Exception, lang: str) -> None:
    lines = (
        [views.problem_text(p, lang) for p in error.problems]
        if isinstance(error, Invalid)
        else [t("hours.problem.other", lang)]
    )
    st.error(t("hours.invalid", lang) + "\n\n" + "\n".join(f"- {line}" for line in lines))


def _denied(lang: str) -> None:
    st.error(t("hours.denied", lang))
    st.stop()


def _done(message: str) -> None:
    st.session_state[FLASH] = message
    database.after_write()
    st.rerun()


def _flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
