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
CHART_SHOWN = "overview_chart_shown"  # this session's browser has drawn the chart, so it has Plotly's JavaScript
CHART_WAITS = "overview_chart_waits"  # set by a full run that left the chart's place empty
CHART_DELAY = 0.3  # seconds, counted by the browser from the page's arrival, before it asks for the chart
CHART_HEIGHT = 450  # px: Plotly's default height, kept free meanwhile so nothing below it moves


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


def year_chart(figure) -> None:
    """The Overview's chart; on the session's first Overview only once its tiles are on screen.

    A browser loads Plotly's JavaScript (4.7 MB) with the first chart it draws, and paints nothing while it parses
    it: drawn in the same run, the chart held back the tiles above it on the first page after sign-in (~1 s,
    issue 19, first paint). So the first time its place stays empty, and a fragment timed by the browser draws it
    CHART_DELAY later; every later run draws it at once."""
    if st.session_state.get(CHART_SHOWN):
        st.plotly_chart(figure, width="stretch")
        return
    st.session_state[CHART_WAITS] = True
    _draw_the_chart_soon(figure)


@st.fragment(run_every=CHART_DELAY)
def _draw_the_chart_soon(figure) -> None:
    if st.session_state.pop(CHART_WAITS, False):  # the full run: keep the chart's place
        st.container(height=CHART_HEIGHT, border=False)
        return
    # The browser's timer: the page has arrived. Only this fragment is drawn again, with the chart, and its timer
    # stops. A full rerun (st.rerun) would stop it too, but it redraws the whole page, and a list the user had
    # just opened (the project box, a filter) closed under the mouse.
    st.session_state[CHART_SHOWN] = True
    st.plotly_chart(figure, width="stretch")
    _stop_this_fragments_timer()


def _stop_this_fragments_timer() -> None:
    """Tell the browser to stop rerunning the fragment that runs now. Streamlit has no public call for it; this is
    the message its own script runner sends for a timed fragment that is no longer drawn (pinned Streamlit 1.67;
    tests/browser/test_overview_chart_browser.py fails if it stops working)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

    message = ForwardMsg()
    message.stop_auto_rerun.fragment_ids.append(ThreadState.get().fragment_id)
    get_script_run_ctx().enqueue(message)
