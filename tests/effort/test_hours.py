"""Reporting a month's hours and deciding both kinds of waiting hours (monitor/effort/hours.py), on both engines,
against MW Inc's sample files. Hand sums (tests/effort/test_load.py's docstring): NAV VT has 402.6 approved in-kind
hours (2.97 PM) and no hours of its own in hours.csv; the seed keeps six rows waiting: the PhD's 140 h of April 2024
(hours.csv) and the five in-kind reports of 28.09.2025 (NAV VT 22.8, NAV ØV 25.5, NHO VT 11.4, MRFK 25.2, VTFK 21.2).
The seed's submitted accounts reports lock 2021-2024; October 2025 is open.
"""

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.access.scope import AccessDenied
from monitor.effort import hours
from monitor.effort import load as effort
from monitor.errors import Conflict, Invalid
from monitor.reports.locks import YearLocked
from tests.scopes import LEADER, NAV, READER

TODAY = dt.date(2025, 11, 15)
OCTOBER = dt.date(2025, 10, 1)


def _person(con, name: str) -> int:
    return int(con.execute("select person_id from person where name = ?", [name]).fetchone()[0])


def _nav_person(con) -> int:
    return _person(con, "Rådgiver, NAV Vestfold og Telemark")


def _count(con, table: str, where: str = "true") -> int:
    return con.execute(f"select count(*) from {table} where {where}").fetchone()[0]  # noqa: S608 (our names)


def _nav_pm(con) -> str:
    return effort.figures(effort.load(con, "mwinc", NAV))["actual_pm"]


def test_a_partner_reports_a_month_and_it_counts_once_the_leader_approves(con):
    stored = hours.report(con, "mwinc", hours.Entry(_nav_person(con), "WP1", dt.date(2025, 10, 17), "40"), NAV, TODAY)
    assert (stored.month, stored.hours) == (OCTOBER, D("40.00"))  # any day names its month
    row = con.execute("select status, source, reported_by from effort_actual where effort_id = ?", [stored.effort_id])
    assert row.fetchone() == ("reported", "entered", "nav.kontakt")
    assert _nav_pm(con) == "2.97"  # reported hours wait: 402.6 h -> 2.97 PM as before
    waiting = hours.waiting(con, "mwinc", NAV)
    assert sorted(zip(waiting["source"], waiting["hours"], strict=True)) == [
        ("entered", D("40.00")),
        ("inkind", D("22.80")),
    ]
    versions = {("entered", stored.effort_id): 1}
    assert hours.decide(con, "mwinc", versions, hours.APPROVED, "", LEADER) == 1
    assert _nav_pm(con) == "3.26"  # 402.6 + 40 = 442.6 h -> 5 311.2 / 1 628 = 3.2624 -> 3.26
    assert _count(con, "audit_log", f"table_name = 'effort_actual' and row_key = '{stored.effort_id}'") >= 2


def test_the_leader_decides_both_kinds_in_one_decision(con):
    stored = hours.report(con, "mwinc", hours.Entry(_nav_person(con), "WP1", OCTOBER, "40,5"), LEADER, TODAY)
    waiting = hours.waiting(con, "mwinc", LEADER)
    assert len(waiting) == 7  # the seed's six and the new one
    inkind = waiting[(waiting["source"] == "inkind") & (waiting["partner_id"] == "nav_vt")].iloc[0]
    versions = {("entered", stored.effort_id): 1, ("inkind", int(inkind["entry_id"])): int(inkind["version"])}
    assert hours.decide(con, "mwinc", versions, hours.APPROVED, "", LEADER) == 2
    # 402.6 + 40.5 + 22.8 = 465.9 h -> 5 590.8 / 1 628 = 3.4341 -> 3.43
    assert _nav_pm(con) == "3.43"
    status = con.execute("select status from inkind_contribution where contribution_id = ?", [int(inkind["entry_id"])])
    assert status.fetchone()[0] == "approved"
    assert len(hours.waiting(con, "mwinc", LEADER)) == 5


def test_reporting_a_month_again_replaces_it_until_it_is_approved(con):
    person = _nav_person(con)
    first = hours.report(con, "mwinc", hours.Entry(person, "WP1", OCTOBER, "10"), NAV, TODAY)
    again = hours.report(con, "mwinc", hours.Entry(person, "WP1", OCTOBER, "12.5"), NAV, TODAY)
    assert again.effort_id == first.effort_id
    assert _count(con, "effort_actual", f"effort_id = {first.effort_id} and hours = 12.5 and version = 2") == 1
    hours.decide(con, "mwinc", {("entered", first.effort_id): 2}, hours.APPROVED, "", LEADER)
    with pytest.raises(Invalid) as refused:
        hours.report(con, "mwinc", hours.Entry(person, "WP1", OCTOBER, "1"), NAV, TODAY)
    assert [p.rule for p in refused.value.problems] == ["already_approved"]


def test_bad_input_is_named_field_by_field_and_nothing_is_written(con):
    before = (_count(con, "effort_actual"), _count(con, "audit_log"))
    person = _nav_person(con)
    cases = {
        ("WP9", OCTOBER, "8"): [("wp_code", "unknown_wp")],
        ("WP1", dt.date(2025, 12, 1), "8"): [("month", "outside_period")],  # the project ends 30.11.2025
        ("WP1", dt.date(2025, 11, 1), "8"): [],  # this month (today is 15.11.2025): allowed, see below
        ("WP1", OCTOBER, "0"): [("hours", "month_range")],
        ("WP1", OCTOBER, "300.5"): [("hours", "month_range")],
        ("WP1", OCTOBER, "7.125"): [("hours", "hours_decimals")],
        ("WP1", OCTOBER, "sju"): [("hours", "not_a_number")],
        ("WP1", OCTOBER, "٧"): [("hours", "not_a_number")],  # Arabic-Indic seven: ASCII digits only
        ("", OCTOBER, ""): [("wp_code", "required"), ("hours", "required")],
    }
    for (wp, month, typed), expected in cases.items():
        if not expected:
            continue
        with pytest.raises(Invalid) as refused:
            hours.report(con, "mwinc", hours.Entry(person, wp, month, typed), NAV, TODAY)
        assert [(p.column, p.rule) for p in refused.value.problems] == expected, (wp, month, typed)
    with pytest.raises(Invalid) as refused:
        hours.report(con, "mwinc", hours.Entry(person, "WP1", OCTOBER, "8"), NAV, dt.date(2025, 9, 30))
    assert [p.rule for p in refused.value.problems] == ["future"]  # October is after September's "today"
    assert (_count(con, "effort_actual"), _count(con, "audit_log")) == before


def test_a_partner_may_not_report_for_another_partner_s_person_and_the_attempt_is_logged(con):
    before = _count(con, "effort_actual")
    with pytest.raises(AccessDenied):
        hours.report(con, "mwinc", hours.Entry(_person(con, "Annett Arntzen"), "WP1", OCTOBER, "8"), NAV, TODAY)
    assert _count(con, "effort_actual") == before
    assert _count(con, "audit_log", "action = 'denied' and table_name = 'effort_actual'") == 1


def test_only_leaders_decide_and_viewers_read_no_waiting_rows(con):
    stored = hours.report(con, "mwinc", hours.Entry(_nav_person(con), "WP1", OCTOBER, "8"), NAV, TODAY)
    with pytest.raises(AccessDenied):
        hours.decide(con, "mwinc", {("entered", stored.effort_id): 1}, hours.APPROVED, "", NAV)
    with pytest.raises(AccessDenied):
        hours.waiting(con, "mwinc", READER)
    assert hours.people(con, "mwinc", READER).empty
    assert _count(con, "effort_actual", f"effort_id = {stored.effort_id} and status = 'reported'") == 1


def test_a_rejection_needs_a_comment(con):
    stored = hours.report(con, "mwinc", hours.Entry(_nav_person(con), "WP1", OCTOBER, "8"), NAV, TODAY)
    with pytest.raises(Invalid) as refused:
        hours.decide(con, "mwinc", {("entered", stored.effort_id): 1}, hours.REJECTED, " ", LEADER)
    assert [p.rule for p in refused.value.problems] == ["comment_required"]
    hours.decide(con, "mwinc", {("entered", stored.effort_id): 1}, hours.REJECTED, "Wrong work package", LEADER)
    row = con.execute("select status, decision_comment from effort_actual where effort_id = ?", [stored.effort_id])
    assert row.fetchone() == ("rejected", "Wrong work package")


def test_a_stale_version_decides_nothing_of_the_batch(con):
    stored = hours.report(con, "mwinc", hours.Entry(_nav_person(con), "WP1", OCTOBER, "8"), NAV, TODAY)
    inkind = hours.waiting(con, "mwinc", LEADER).query("source == 'inkind'").iloc[0]
    hours.report(con, "mwinc", hours.Entry(_nav_person(con), "WP1", OCTOBER, "9"), NAV, TODAY)  # now version 2
    versions = {("inkind", int(inkind["entry_id"])): int(inkind["version"]), ("entered", stored.effort_id): 1}
    with pytest.raises(Conflict):
        hours.decide(con, "mwinc", versions, hours.APPROVED, "", LEADER)
    assert (
        _count(con, "inkind_contribution", f"contribution_id = {int(inkind['entry_id'])} and status = 'reported'") == 1
    )
    assert _count(con, "audit_log", "action = 'refused'") == 1


def test_hours_of_a_locked_year_are_neither_reported_nor_approved(con):
    person = _nav_person(con)
    before = _count(con, "effort_actual")
    with pytest.raises(YearLocked):
        hours.report(con, "mwinc", hours.Entry(person, "WP1", dt.date(2024, 4, 1), "8"), NAV, TODAY)
    assert _count(con, "effort_actual") == before
    phd = hours.waiting(con, "mwinc", LEADER).query("source == 'timesheet'").iloc[0]  # April 2024, 140 h
    with pytest.raises(YearLocked):
        hours.decide(
            con, "mwinc", {("timesheet", int(phd["entry_id"])): int(phd["version"])}, hours.APPROVED, "", LEADER
        )
    assert _count(con, "effort_actual", "status = 'reported'") == 1


def test_a_row_nobody_reported_reads_as_missing_not_as_text(con):
    phd = hours.waiting(con, "mwinc", LEADER).query("source == 'timesheet'").iloc[0]
    assert pd.isna(phd["reported_by"])  # the seed's timesheet row names nobody (the tab shows it blank)
