"""Streamlit glue for the Partners and In-kind pages: cached reads keyed by the user's scope, the report
form and the leader's approval queue. Every rule (who may report for whom, validation, version checks,
audit) lives in monitor.inkind; this module only reads widgets and shows the outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import streamlit as st

from monitor import inkind, partner_views, partners
from monitor.auth import AccessDenied, Scope
from monitor.i18n import label, t
from monitor.registers import Conflict, Invalid, NotFound
from ui import data

FLASH = "inkind:flash"


@st.cache_data(show_spinner=False, max_entries=64)
def figures(project_id: str, as_of: dt.date, scope: Scope) -> partners.PartnerFigures:
    return partners.load(data.cursor(), project_id, as_of, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def inkind_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return inkind.rows(data.cursor(), project_id, scope)


def acronym(project_id: str, as_of: dt.date, scope: Scope) -> str:
    return data.project_data(project_id, as_of, scope).project["acronym"]


def denied(lang: str) -> None:
    st.error(t("inkind.denied", lang))
    st.stop()


# --- reporting ----------------------------------------------------------------------------------

def report_form(project_id: str, as_of: dt.date, scope: Scope, lang: str) -> None:
    """The form a partner (or a leader on a partner's behalf) reports hours with."""
    project = data.project_data(project_id, as_of, scope)
    st.subheader(t("inkind.report_heading", lang))
    partner_id = _partner_choice(project.partners, scope, lang)
    _rate_note(project.partners, partner_id, lang)
    start, end = project.project["start_date"], project.project["end_date"]
    today = dt.date.today()
    with st.form("inkind:form", clear_on_submit=False):
        work_date = st.date_input(t("inkind.field.date", lang), value=max(start, min(today, end)), min_value=start,
                                  max_value=end, key="inkind:date", format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD")
        person = st.text_input(t("inkind.field.person", lang), key="inkind:person", max_chars=inkind.MAX_TEXT)
        hours = st.number_input(t("inkind.field.hours", lang), min_value=0.0, max_value=24.0, step=0.5,
                                key="inkind:hours")
        activity = st.text_input(t("inkind.field.activity", lang), key="inkind:activity", max_chars=inkind.MAX_TEXT)
        wp_code = st.selectbox(t("inkind.field.wp", lang), project.work_packages["wp_code"].tolist(), key="inkind:wp")
        if st.form_submit_button(t("inkind.submit", lang), type="primary"):
            entry = inkind.Entry(partner_id, work_date, person, Decimal(str(round(hours, 2))), activity, wp_code)
            _report(project_id, entry, scope, today, lang)


def _partner_choice(partners_frame: pd.DataFrame, scope: Scope, lang: str) -> str:
    """A partner user reports for its own partner only: no choice is offered (the core refuses others)."""
    if scope.role == "partner":
        return scope.partner_id
    names = dict(zip(partners_frame["partner_id"], partners_frame["name"], strict=True))
    return st.selectbox(t("inkind.field.partner", lang), list(names), format_func=names.get, key="inkind:partner")


def _rate_note(partners_frame: pd.DataFrame, partner_id: str, lang: str) -> None:
    sector = partners_frame.set_index("partner_id")["sector"].get(partner_id)
    rate = inkind.hourly_rate(data.settings(), partner_id, sector)
    st.caption(t("inkind.rate", lang, amount=rate) if rate is not None else t("inkind.no_rate", lang))


def _report(project_id: str, entry: inkind.Entry, scope: Scope, today: dt.date, lang: str) -> None:
    try:
        key = inkind.report(data.cursor(), project_id, entry, scope, data.settings(), today)
    except AccessDenied:
        denied(lang)
    except (Invalid, NotFound) as error:
        _problems(error, lang)
        return
    stored = inkind.rows(data.cursor(), project_id, scope).set_index("contribution_id").loc[key]
    _done(t("inkind.reported", lang, hours=stored["hours"], amount=stored["amount"]))


# --- deciding -----------------------------------------------------------------------------------

def approval_queue(project_id: str, scope: Scope, lang: str) -> None:
    """Leaders and admins: pick a reported contribution, approve it or reject it with a comment."""
    if not scope.can_edit:
        return
    st.subheader(t("inkind.queue_heading", lang))
    queue = _queue(project_id, scope)
    if queue.empty:
        st.success(t("inkind.queue_empty", lang))
        return
    st.dataframe(partner_views.inkind_table(queue, lang), hide_index=True, width="stretch")
    choices = partner_views.queue_choices(queue, lang)
    chosen = st.selectbox(t("inkind.choose", lang), list(choices), format_func=choices.get, key="inkind:decide")
    comment = st.text_input(t("inkind.comment", lang), key="inkind:comment")
    left, right = st.columns(2)
    version = int(queue.set_index("contribution_id").loc[chosen, "version"])
    if left.button(t("inkind.approve", lang), key="inkind:approve", type="primary"):
        _decide(project_id, chosen, version, inkind.APPROVED, comment, scope, lang)
    if right.button(t("inkind.reject", lang), key="inkind:reject"):
        _decide(project_id, chosen, version, inkind.REJECTED, comment, scope, lang)


def _queue_key(project_id: str) -> str:
    return f"inkind:queue:{project_id}"


def _queue(project_id: str, scope: Scope) -> pd.DataFrame:
    """The queue as this session read it: its versions are what a decision is checked against."""
    key = _queue_key(project_id)
    if key not in st.session_state:
        st.session_state[key] = inkind.rows(data.cursor(), project_id, scope, status=inkind.REPORTED)
    return st.session_state[key]


def _decide(project_id: str, key: int, version: int, status: str, comment: str, scope: Scope, lang: str) -> None:
    try:
        inkind.decide(data.cursor(), project_id, key, version, status, comment, scope)
    except AccessDenied:
        denied(lang)
    except Conflict as conflict:
        st.session_state.pop(_queue_key(project_id), None)
        st.error(t("inkind.conflict", lang, user=conflict.changed_by or "–"))
        return
    except (Invalid, NotFound) as error:
        _problems(error, lang)
        return
    st.session_state.pop(_queue_key(project_id), None)
    _done(t("inkind.decided", lang, number=str(key), status=label("inkind_status", status, lang)))


# --- shared -------------------------------------------------------------------------------------

def _problems(error: Exception, lang: str) -> None:
    st.error(t("inkind.invalid", lang) + "\n\n" + "\n".join(f"- {line}" for line in str(error).splitlines()))


def _done(message: str) -> None:
    st.session_state[FLASH] = message
    data.after_write()
    st.rerun()


def flash() -> None:
    """The outcome of the last write, shown once after the rerun that follows it."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
