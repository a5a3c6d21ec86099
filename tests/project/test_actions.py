"""Who needs to act (issue 12, item 19): what waits for the leader, for a partner, for a viewer.

Expected figures come from the seed files (data/seed/mwinc/*.csv) and the Research Council's reporting
rules (progress report 1 October, accounts 20 January of the next year, final report one month after the
end), counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.project import load as store
from monitor.project.actions import EFFORT_PAGE, INKIND_PAGE, REPORT_PAGE, SCHEDULE_PAGE, to_act
from monitor.project.status import schedule_items
from monitor.reports.calendar import Rules
from tests import oracle

LEADER = Scope("leader", "leader", frozenset({"mwinc"}))
NAV = Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
NHO = Scope("nho", "partner", frozenset({"mwinc"}), "nho_vt")
READER = Scope("reader", "viewer", frozenset({"mwinc"}))
END = dt.date(2025, 11, 30)


def actions(con, scope: Scope, as_of: dt.date):
    con.execute("delete from report_snapshot where project_id = 'mwinc'")  # whatever the seed submits
    items = schedule_items(store.load_project(con, "mwinc", as_of, LEADER), 90)
    return to_act(con, "mwinc", scope, items, as_of, Rules(), 90)


def waiting_in_seed(as_of: dt.date) -> tuple[int, dt.date]:
    dates = [dt.date.fromisoformat(r["work_date"]) for r in oracle.rows("inkind") if r["status"] == "reported"]
    dates = [d for d in dates if d <= as_of]
    return len(dates), min(dates)


def test_the_leader_at_the_end_date_has_in_kind_reports_reports_and_late_items(con):
    found = actions(con, LEADER, END)
    count, since = waiting_in_seed(END)
    assert (count, since) == (5, dt.date(2025, 9, 28))
    assert found[0].code == "actions.inkind_waiting" and found[0].values == {"count": count, "since": since}
    assert found[0].page == INKIND_PAGE
    # hours.csv: one month reported and not decided, the PhD's April 2024 (140 h)
    assert (found[1].code, found[1].values, found[1].page) == (
        "actions.hours_waiting",
        {"count": 1, "month": dt.date(2024, 4, 1)},
        EFFORT_PAGE,
    )
    # Deadlines up to 30.11.2025, none submitted: accounts 2021 (20.01.2022), progress 2022-2024 (1 October;
    # none in the last year, the final report covers it) and accounts 2022-2024 (20 January): 7 overdue,
    # the oldest the 2021 accounts.
    assert found[2].code == "actions.reports_overdue" and found[2].page == REPORT_PAGE
    assert found[2].values == {"count": 7, "kind": "accounts", "period": "2021", "deadline": dt.date(2022, 1, 20)}
    # Within 90 days: the final report (30.12.2025), then the 2025 accounts (20.01.2026).
    due = [
        (a.values["kind"], a.values["period"], a.values["deadline"]) for a in found if a.code == "actions.report_due"
    ]
    assert due == [("final", "final", dt.date(2025, 12, 30)), ("accounts", "2025", dt.date(2026, 1, 20))]
    # Late items: D2.2 and M2.3 of WP2, due 31.03.2025: 244 days (30+31+30+31+31+30+31+30).
    late = [a for a in found if a.code == "actions.overdue_items"]
    assert [(a.values, a.page, a.query) for a in late] == [
        ({"count": 2, "wp": "WP2", "codes": "D2.2, M2.3", "days": 244}, SCHEDULE_PAGE, {"wp": "WP2"})
    ]


def test_a_submitted_report_leaves_the_list(con):
    con.execute("delete from report_snapshot where project_id = 'mwinc'")
    con.execute(
        "insert into report_snapshot (project_id, report_type, period, as_of, submitted_at, tables_json, "
        "content_hash) values ('mwinc', 'accounts', '2021', '2022-01-15', '2022-01-15 10:00', '{}', 'x')"
    )
    items = schedule_items(store.load_project(con, "mwinc", END, LEADER), 90)
    found = to_act(con, "mwinc", LEADER, items, END, Rules(), 90)
    overdue = next(a for a in found if a.code == "actions.reports_overdue")
    assert overdue.values == {"count": 6, "kind": "progress", "period": "2022", "deadline": dt.date(2022, 10, 1)}


def test_with_the_seeded_submissions_no_report_is_overdue_at_the_end(con):
    # submitted_reports.csv: accounts 2021-2024 and progress 2022-2024, each submitted before its deadline.
    items = schedule_items(store.load_project(con, "mwinc", END, LEADER), 90)
    found = to_act(con, "mwinc", LEADER, items, END, Rules(), 90)
    assert "actions.reports_overdue" not in [a.code for a in found]


def test_in_kind_hours_worked_after_the_as_of_date_do_not_wait_yet(con):
    found = actions(con, LEADER, dt.date(2025, 9, 27))  # the day before the five reported days
    assert "actions.inkind_waiting" not in [a.code for a in found]


def test_hours_of_a_later_month_do_not_wait_yet(con):
    found = actions(con, LEADER, dt.date(2024, 3, 31))  # the PhD's April 2024 month is reported for April
    assert "actions.hours_waiting" not in [a.code for a in found]


def test_a_partner_sees_only_the_late_deliverables_its_organisation_is_responsible_for(con):
    # 05.04.2025: D1.3 (NAV Vestfold og Telemark, due 31.03.2025, delivered 10.04.2025) is 5 days late;
    # D2.2 and M2.3 (USN) are late too, but not NAV's to act on; nor are in-kind approvals or reports.
    day = dt.date(2025, 4, 5)
    leader_codes = {a.values.get("codes") for a in actions(con, LEADER, day)}
    assert {"D1.3", "D2.2, M2.3"} <= leader_codes
    found = actions(con, NAV, day)
    assert [(a.code, a.values, a.query) for a in found] == [
        ("actions.overdue_items", {"count": 1, "wp": "WP1", "codes": "D1.3", "days": 5}, {"wp": "WP1"})
    ]
    assert actions(con, NHO, day) == []  # NHO is responsible for no deliverable


def test_a_viewer_has_nothing_to_act_on(con):
    assert actions(con, READER, END) == []


def test_another_projects_user_is_refused(con):
    with pytest.raises(AccessDenied):
        to_act(con, "mwinc", Scope("x", "leader", frozenset({"integrate"})), None, END, Rules(), 90)


def test_a_project_from_the_open_data_has_reports_due_but_none_missed(con):
    # 226030 (2013-2016) from the funder's open data: as of 20.09.2015 four deadlines have passed without a
    # submission here (they went in before the monitor knew the project): not "overdue"; progress 2015, due
    # 01.10.2015, is within the 90 days ahead.
    from tests.pages.helpers import add_declared_project

    add_declared_project(con)
    admin = Scope("admin", "admin")
    as_of = dt.date(2015, 9, 20)
    items = schedule_items(store.load_project(con, "226030", as_of, admin), 90)
    found = to_act(con, "226030", admin, items, as_of, Rules("10-01", "01-20", 1), 90)
    assert [(a.code, a.values.get("kind"), a.values.get("period")) for a in found] == [
        ("actions.report_due", "progress", "2015")
    ]
