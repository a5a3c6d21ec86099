"""Streamlit glue for the Partners and In-kind pages: cached reads keyed by the user's scope, the report
form and the leader's approval queue. Every rule (who may report for whom, validation, version checks,
audit) lives in monitor.partners.inkind; this module only reads widgets and shows the outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import streamlit as st

from monitor.access.scope import AccessDenied, Scope
from monitor.errors import Conflict, Invalid, NotFound
from monitor.i18n import label, sample_note, t
from monitor.partners import inkind
from monitor.partners import load as partner_load
from monitor.partners import views as partner_views
from monitor.reports import locks
from ui import database, layout
from ui.shown import dataframe

FLASH = "inkind:flash"
CHOSEN = "inkind:chosen"
GENERATION = "inkind:generation"
PENDING = "inkind:pending"


@st.cache_data(show_spinner=False, max_entries=64)
def figures(project_id: str, as_of: dt.date, scope: Scope) -> partner_load.PartnerFigures:
    return partner_load.load(database.cursor(), project_id, as_of, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def inkind_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return inkind.rows(database.cursor(), project_id, scope)


def acronym(project_id: str, as_of: dt.date, scope: Scope) -> str:
    return database.project_data(project_id, as_of, scope).project["acronym"]


def sample_banner(project_id: str, as_of: dt.date, scope: Scope, lang: str) -> None:
    """The Overview's sample-data note, on these pages too when the project is sample data."""
    layout.sample_banner(sample_note(database.project_data(project_id, as_of, scope).project, lang))


def names(project_id: str, as_of: dt.date, scope: Scope) -> dict[str, str]:
    """{partner id: short name} of the project's partners, for tables and pickers."""
    return partner_views.partner_names(database.project_data(project_id, as_of, scope).partners)


def denied(lang: str) -> None:
    st.error(t("inkind.denied", lang))
    st.stop()


# --- reporting ----------------------------------------------------------------------------------


def report_form(project_id: str, as_of: dt.date, scope: Scope, lang: str) -> None:
    """The form a partner (or a leader on a partner's behalf) reports hours with."""
    project = database.project_data(project_id, as_of, scope)
    st.subheader(t("inkind.report_heading", lang))
    partner_id = _partner_choice(project.partners, scope, lang)
    _rate_note(project.partners, partner_id, lang)
    start, end = project.project["start_date"], project.project["end_date"]
    today = dt.date.today()
    with st.form("inkind:form", clear_on_submit=False):
        work_date = st.date_input(
            t("inkind.field.date", lang),
            value=max(start, min(today, end)),
            min_value=start,
            max_value=end,
            key="inkind:date",
            format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
        )
        person = st.text_input(t("inkind.field.person", lang), key="inkind:person", max_chars=inkind.MAX_TEXT)
        # Text, not a number input: the browser's number field shows and takes "7.5" only; a Norwegian
        # types "7,5". The core parses either and names any problem.
        hours = st.text_input(
            t("inkind.field.hours", lang),
            key="inkind:hours",
            max_chars=8,
            placeholder=partner_views.hours(Decimal("7.5"), lang),
        )
        activity = st.text_input(t("inkind.field.activity", lang), key="inkind:activity", max_chars=inkind.MAX_TEXT)
        wp_code = st.selectbox(
            t("inkind.field.wp", lang),
            project.work_packages["wp_code"].tolist(),
            key="inkind:wp",
            format_func=_wp_labels(project.work_packages, lang).get,
            placeholder=t("app.choose", lang),
        )
        if st.form_submit_button(t("inkind.submit", lang), type="primary"):
            entry = inkind.Entry(partner_id, work_date, person, hours, activity, wp_code)
            _report(project_id, entry, scope, today, lang)


def _wp_labels(work_packages: pd.DataFrame, lang: str) -> dict[str, str]:
    return {
        code: f"{code} – {title}"
        for code, title in zip(work_packages["wp_code"], work_packages[f"title_{lang}"], strict=True)
    }


def _partner_choice(partners_frame: pd.DataFrame, scope: Scope, lang: str) -> str:
    """A partner user reports for its own partner only: no choice is offered (the core refuses others)."""
    if scope.role == "partner":
        return scope.partner_id
    names = dict(zip(partners_frame["partner_id"], partners_frame["name"], strict=True))
    return st.selectbox(
        t("inkind.field.partner", lang),
        list(names),
        format_func=names.get,
        key="inkind:partner",
        placeholder=t("app.choose", lang),
    )


def _rate_note(partners_frame: pd.DataFrame, partner_id: str, lang: str) -> None:
    sector = partners_frame.set_index("partner_id")["sector"].get(partner_id)
    rate = inkind.hourly_rate(database.settings(), partner_id, sector)
    st.caption(t("inkind.rate", lang, amount=rate) if rate is not None else t("inkind.no_rate", lang))


def _report(project_id: str, entry: inkind.Entry, scope: Scope, today: dt.date, lang: str) -> None:
    try:
        key = inkind.report(database.cursor(), project_id, entry, scope, database.settings(), today)
    except AccessDenied:
        denied(lang)
    except (Invalid, NotFound) as error:
        _problems(error, lang)
        return
    except locks.YearLocked as refused:
        st.error(refused.text(lang))
        return
    stored = inkind.rows(database.cursor(), project_id, scope).set_index("contribution_id").loc[key]
    _done(t("inkind.reported", lang, hours=partner_views.hours(stored["hours"], lang), amount=stored["amount"]))


# --- deciding -----------------------------------------------------------------------------------


def approval_queue(project_id: str, names: dict[str, str], scope: Scope, lang: str) -> None:
    """Leaders and admins: choose one or more reported contributions, approve or reject them together
    (one comment), after one confirmation."""
    if not scope.can_edit:
        return
    st.subheader(t("inkind.queue_heading", lang))
    queue = _queue(project_id, scope)
    if queue.empty:
        st.success(t("inkind.queue_empty", lang))
        return
    dataframe(partner_views.inkind_table(queue, names, lang), hide_index=True, width="stretch")
    choices = partner_views.queue_choices(queue, names, lang)
    if st.button(t("inkind.select_all", lang), key="inkind:all"):
        st.session_state[_chosen_key()] = list(choices)
    chosen = st.multiselect(
        t("inkind.choose_many", lang),
        list(choices),
        format_func=choices.get,
        key=_chosen_key(),
        placeholder=t("inkind.choose_placeholder", lang),
        select_all=False,
    )  # Streamlit's own entry says "Select all" in English: ours is above
    comment = st.text_input(t("inkind.comment", lang), key="inkind:comment")
    pending = st.session_state.get(PENDING)
    if pending:
        _confirm(project_id, queue, pending, comment, scope, lang)
        return
    left, right = st.columns(2)
    if left.button(t("inkind.approve_selected", lang), key="inkind:approve", type="primary", disabled=not chosen):
        _ask(inkind.APPROVED)
    if right.button(t("inkind.reject_selected", lang), key="inkind:reject", disabled=not chosen):
        _ask(inkind.REJECTED)


def _ask(status: str) -> None:
    """The first click only asks: the decision is written after the confirmation below the buttons."""
    st.session_state[PENDING] = status
    st.rerun()


def _confirm(project_id: str, queue: pd.DataFrame, status: str, comment: str, scope: Scope, lang: str) -> None:
    chosen = [key for key in st.session_state.get(_chosen_key(), []) if key in set(queue["contribution_id"])]
    st.warning(partner_views.decision_summary(queue, chosen, status, lang))
    left, right = st.columns(2)
    if left.button(t("inkind.confirm", lang), key="inkind:confirm", type="primary"):
        st.session_state.pop(PENDING, None)
        versions = queue.set_index("contribution_id")["version"]
        _decide(project_id, {key: int(versions[key]) for key in chosen}, status, comment, scope, lang)
    if right.button(t("inkind.cancel", lang), key="inkind:cancel"):
        st.session_state.pop(PENDING, None)
        st.rerun()


def _chosen_key() -> str:
    """A new picker after every decision: the browser would otherwise keep showing the decided reports."""
    return f"{CHOSEN}:{st.session_state.get(GENERATION, 0)}"


def _queue_key(project_id: str) -> str:
    return f"inkind:queue:{project_id}"


def _queue(project_id: str, scope: Scope) -> pd.DataFrame:
    """The queue as this session read it: its versions are what a decision is checked against."""
    key = _queue_key(project_id)
    if key not in st.session_state:
        st.session_state[key] = inkind.rows(database.cursor(), project_id, scope, status=inkind.REPORTED)
    return st.session_state[key]


def _decide(project_id: str, versions: dict[int, int], status: str, comment: str, scope: Scope, lang: str) -> None:
    try:
        inkind.decide_many(database.cursor(), project_id, versions, status, comment, scope)
    except AccessDenied:
        denied(lang)
    except Conflict as conflict:
        _forget_queue(project_id)
        st.error(t("inkind.conflict_one", lang, number=str(conflict.key), user=conflict.changed_by or "–"))
        return
    except (Invalid, NotFound) as error:
        _problems(error, lang)
        return
    except locks.YearLocked as refused:
        st.error(refused.text(lang))
        return
    _forget_queue(project_id)
    _done(t("inkind.decided_many", lang, count=str(len(versions)), status=label("inkind_status", status, lang)))


def _forget_queue(project_id: str) -> None:
    """Read the queue again on the next run; the choice goes with it (its rows may be gone)."""
    st.session_state.pop(_chosen_key(), None)
    st.session_state.pop(_queue_key(project_id), None)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


# --- shared -------------------------------------------------------------------------------------


def _problems(error: Exception, lang: str) -> None:
    """Every problem in the user's language, naming the field by its label; never the English reason."""
    lines = (
        partner_views.problem_lines(error.problems, lang)
        if isinstance(error, Invalid)
        else [t("inkind.not_found", lang)]
    )
    st.error(t("inkind.invalid", lang) + "\n\n" + "\n".join(f"- {line}" for line in lines))


def _done(message: str) -> None:
    st.session_state[FLASH] = message
    database.after_write()
    st.rerun()


def flash() -> None:
    """The outcome of the last write, shown once after the rerun that follows it."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
