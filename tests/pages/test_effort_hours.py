"""The Effort page's "Report and approve hours" tab (AppTest): a partner reports a month's hours, the leader approves
them together with an in-kind report in one decision, and the person-month table moves; a viewer gets a note.

By hand (tests/pages/test_effort.py's docstring): approved 3 202.8 h = 23.61 PM at 30.11.2025; NAV VT reports 37.5 h
for October 2025 and the leader approves them with NAV VT's in-kind report of 28.09.2025 (22.8 h):
3 202.8 + 37.5 + 22.8 = 3 263.1 h -> 39 157.2 / 1 628 = 24.0523 -> 24.05 PM; NAV VT 402.6 + 60.3 = 462.9 h ->
5 554.8 / 1 628 = 3.4120 -> 3.41 PM.
"""

import datetime as dt

import duckdb
import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("app_env")

AS_OF = "2025-11-30"
OCTOBER = dt.date(2025, 10, 1)


def texts(at) -> str:
    return " ".join(e.value for e in (*at.success, *at.error, *at.info, *at.warning, *at.caption))


def plan_total(at) -> str:
    return at.dataframe[0].value.iloc[-1]["Actual person-months"]


def nav_vt_waiting(db_path) -> list[str]:
    """The choice keys (source:id) of NAV VT's waiting rows, read from the file (the picker shows labels)."""
    con = duckdb.connect(str(db_path))
    try:
        rows = con.execute(
            "select source, entry_id from effort_hours where partner_id = 'nav_vt' and status = 'reported'"
        )
        return [f"{source}:{key}" for source, key in rows.fetchall()]
    finally:
        con.close()


def _report_as_nav(hours: str, lang: str = "en"):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang=lang)
    assert not at.exception, at.exception
    at.selectbox(key="hours:wp").set_value("WP1")
    at.selectbox(key="hours:month").set_value(OCTOBER)
    at.text_input(key="hours:hours").input(hours)
    next(b for b in at.button if b.label == {"en": "Send for approval", "nb": "Send til godkjenning"}[lang]).click()
    return at.run()


def test_a_partner_reports_and_the_leader_approves_both_kinds(app_env):
    at = _report_as_nav("37,5")
    assert not at.exception, at.exception
    assert "37.50 hours for Oct 2025 are sent for approval." in texts(at)
    assert plan_total(at) == "2.97"  # waiting hours do not count yet
    waiting = next(d.value for d in at.dataframe if "Kind" in d.value.columns)  # the waiting list
    assert sorted(waiting["Hours"]) == ["22.80", "37.50"]  # its month and its own in-kind report
    assert set(waiting["Kind"]) == {"Entered", "In kind"}

    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert plan_total(at) == "23.61"
    picker = next(m for m in at.multiselect if m.key.startswith("hours:chosen"))
    assert len([option for option in picker.options if "NAV VT" in option]) == 2
    picker.set_value(nav_vt_waiting(app_env))
    at = at.run()
    next(b for b in at.button if b.label == "Approve chosen").click()
    at = at.run()
    assert "Approve 2 row(s) with 60.30 hours in all?" in texts(at)
    next(b for b in at.button if b.label == "Confirm").click()
    at = at.run()
    assert not at.exception, at.exception
    assert "2 row(s) approved." in texts(at)
    assert plan_total(at) == "24.05"


def test_bad_hours_are_named_in_norwegian_and_nothing_is_sent(app_env):
    at = _report_as_nav("300,5", lang="nb")
    assert not at.exception, at.exception
    assert "Timer: 300,50 er ikke gyldig" in texts(at)
    assert "Venter på godkjenning" in " ".join(s.value for s in at.subheader)


def test_the_in_kind_form_is_offered_in_the_same_tab(app_env):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    at.radio(key="hours:kind").set_value("inkind")
    at = at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="inkind:activity") is not None


def test_a_viewer_reads_a_note(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert "Hours are reported by the partners and approved by the project leader." in texts(at)
