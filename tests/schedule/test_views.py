"""The schedule's items and Gantt (monitor/schedule/views.py) against the seed, as of chosen dates.

Milestone M1.1 of the seed: baseline and due 2022-04-30, achieved 2022-05-16 (late). Milestone M2.3: baseline
2024-10-31, due 2025-03-31, never achieved."""

import datetime as dt

import pytest

from monitor import charts
from monitor.access.scope import local_user
from monitor.schedule import rules as schedule
from monitor.schedule import views as schedule_views

D = dt.date


LOOK_AHEAD = 90


AS_OF = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (D(2021, 11, 30), schedule.PLANNED),  # before the project starts: due 151 days later, beyond 90
        (D(2022, 1, 30), schedule.UPCOMING),  # 2022-04-30 is 90 days after 2022-01-30: inside the window
        (D(2022, 1, 29), schedule.PLANNED),  # 91 days ahead
        (D(2022, 4, 30), schedule.UPCOMING),  # on the due date: not yet overdue
        (D(2022, 5, 1), schedule.OVERDUE),  # a day after the due date, not achieved
        (D(2022, 5, 15), schedule.OVERDUE),  # the day before it was achieved
        (D(2022, 5, 16), schedule.DONE),  # achieved late, on the achieved date
        (D(2025, 1, 1), schedule.DONE),  # long after
    ],
)
def test_late_milestone_over_time(shared_con, as_of, expected):
    data = schedule_views.load(shared_con, "mwinc", local_user())
    items = schedule_views.items(data, as_of, LOOK_AHEAD).set_index("code")
    assert items.loc["M1.1", "status"] == expected


@pytest.mark.parametrize(
    "as_of, status, days_overdue",
    [
        (D(2025, 3, 31), schedule.UPCOMING, 0),  # due today
        (D(2025, 4, 1), schedule.OVERDUE, 1),  # a day after
        (D(2025, 6, 1), schedule.OVERDUE, 62),  # 30 (rest of April) + 31 (May) + 1 = 62
    ],
)
def test_replanned_milestone_counts_from_the_current_due_date(shared_con, as_of, status, days_overdue):
    data = schedule_views.load(shared_con, "mwinc", local_user())
    row = schedule_views.items(data, as_of, LOOK_AHEAD).set_index("code").loc["M2.3"]
    # slip: 2024-10-31 -> 2025-03-31 = 30 (Nov) + 31 + 31 + 28 + 31 = 151 days
    assert (row["status"], row["days_overdue"], row["slip_days"]) == (status, days_overdue, 151)


def test_deliverable_keeps_its_stage_beside_the_derived_status(shared_con):
    data = schedule_views.load(shared_con, "mwinc", local_user())
    row = schedule_views.items(data, D(2025, 6, 1), LOOK_AHEAD).set_index("code").loc["D2.2"]
    assert (row["kind"], row["stage"], row["status"]) == ("deliverable", "draft", schedule.OVERDUE)


def test_gantt_draws_milestones_as_diamonds_and_overdue_in_red(shared_con):
    data = schedule_views.load(shared_con, "mwinc", local_user())
    view = schedule_views.build_view(data, AS_OF, 90, schedule_views.Filters(), "en")
    items = [
        trace
        for trace in view.figure.data  # the legend's keys (x = [None]) draw no item
        if trace.type == "scatter" and trace.mode == "markers" and trace.showlegend is False
    ]
    red = [trace for trace in items if trace.marker.color == charts.OFF_TRACK]
    # rows are labelled "<code> <title>"; as of 2025-06-01 M2.3 and D2.2 (both due 2025-03-31) are overdue
    assert sorted((trace.marker.symbol, label.split()[0]) for trace in red for label in trace.y) == [
        ("diamond", "M2.3"),
        ("square", "D2.2"),
    ]
    diamonds = sum(len(trace.y) for trace in items if trace.marker.symbol == "diamond")
    assert diamonds == 10  # every milestone in milestones.csv
    slip = next(trace for trace in view.figure.data if trace.type == "scatter" and trace.mode == "lines")
    assert len([x for x in slip.x if x is not None]) == 4  # M1.2 and M2.3 slipped: two segments of two points


def test_schedule_filters_by_partner(shared_con):
    data = schedule_views.load(shared_con, "mwinc", local_user())
    view = schedule_views.build_view(data, AS_OF, 90, schedule_views.Filters(partner_ids=("vtfk",)), "en")
    assert view.table["Code"].tolist() == ["D3.1"]  # the only deliverable VTFK is responsible for


def test_a_project_without_work_packages_milestones_or_deliverables_is_empty(con):
    """Issue 19: the Schedule page says so in words instead of drawing an empty chart."""
    from monitor.access.scope import local_user
    from monitor.schedule import views as schedule_views
    from tests.pages.helpers import add_declared_project

    assert not schedule_views.is_empty(schedule_views.load(con, "mwinc", local_user()))
    assert schedule_views.is_empty(schedule_views.load(con, add_declared_project(con), local_user()))
