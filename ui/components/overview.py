"""Streamlit glue of the Overview: what waits for the user (cached by scope), and the drills to the pages
where it is handled."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from monitor.access.scope import Scope
from monitor.i18n import sample_note
from monitor.project import actions, overview, status
from monitor.project import load as project_load
from monitor.reports import calendar
from ui import database, layout

SCHEDULE = "pages/schedule.py"
OPEN_SCHEDULE = "overview_open_schedule"


@st.cache_data(show_spinner=False, max_entries=64)
def to_act(project_id: str, as_of: dt.date, scope: Scope) -> list[actions.Action]:
    settings = database.settings()
    rules = calendar.Rules(
        settings["report.progress_due"], settings["report.accounts_due"], settings["report.final_due_months"]
    )
    look_ahead = settings["status.look_ahead_days"]
    items = status.schedule_items(database.project_data(project_id, as_of, scope), look_ahead)
    return actions.to_act(database.cursor(), project_id, scope, items, as_of, rules, look_ahead)


@st.cache_data(show_spinner=False, max_entries=64)
def little_budget(project_id: str, scope: Scope) -> bool:
    return overview.little_budget(database.cursor(), project_id, scope)


def show_schedule_of(wp_code: str) -> None:
    """A callback: filters the Schedule page to one work package (its box's state), then opens it."""
    st.session_state["schedule_wp"] = [wp_code]
    st.session_state[OPEN_SCHEDULE] = True


def switch_if_chosen() -> None:
    if st.session_state.pop(OPEN_SCHEDULE, False):
        st.switch_page(SCHEDULE)


def schedule_button(label: str, wp_code: str, key: str) -> None:
    st.button(
        label, key=key, type="tertiary", icon=":material/arrow_forward:", on_click=show_schedule_of, args=(wp_code,)
    )


def action_list(lines: list[overview.ActionLine], heading: str, nothing: str) -> None:
    """Each thing to do on a line with a link to the page where it is done."""
    st.subheader(heading)
    if not lines:
        st.success(nothing)
        return
    with st.container(border=True):
        for number, line in enumerate(lines):
            text, link = st.columns([3, 1], vertical_alignment="center")
            text.markdown(line.text)
            with link:
                if line.page == SCHEDULE and "wp" in line.query:
                    schedule_button(line.link, line.query["wp"], key=f"act_{number}")
                else:
                    st.page_link(line.page, label=line.link, icon=":material/arrow_forward:")


@st.cache_data(show_spinner=False, max_entries=64)
def project_row(project_id: str, scope: Scope) -> dict:
    return project_load.project_row(database.cursor(), project_id, scope)


def acronym(project_id: str, scope: Scope) -> str:
    return project_row(project_id, scope)["acronym"]


def sample_banner(project_id: str, scope: Scope, lang: str) -> None:
    """The sample-data note, in the chosen language, when the project's figures are sample data."""
    layout.sample_banner(sample_note(project_row(project_id, scope), lang))
