"""The pure views behind the schedule, results and risks pages, checked against counts made by hand
from data/seed/mwinc."""

import datetime as dt

from monitor import charts
from monitor.access.scope import local_user
from monitor.registers import results, risks
from monitor.schedule import views as schedule_views

AS_OF = dt.date(2025, 6, 1)


def test_result_counts_per_category_year_and_work_package(shared_con):
    counts = results.counts(results.up_to(results.load(shared_con, "mwinc", local_user()), AS_OF))
    # results.csv has 15 rows; the article dated 2025-09-30 is after the as-of date: 14 counted.
    assert counts["count"].sum() == 14
    events = counts[counts["category"] == "user_dissemination"]
    # kick-off 2022 (no WP), lab 1 2023 WP1, lab 2 2023 WP2, labs 3 and 4 2024 WP3, dialogue conference 2025 WP3
    assert sorted(map(tuple, events[["year", "wp_code", "count"]].values.tolist())) == [
        (2022, "–", 1),
        (2023, "WP1", 1),
        (2023, "WP2", 1),
        (2024, "WP3", 2),
        (2025, "WP3", 1),
    ]


def test_attendance_by_actor_group(shared_con):
    events = results.attendance(results.up_to(results.load(shared_con, "mwinc", local_user()), AS_OF))
    assert len(events) == 6  # kick-off, four learning labs, the dialogue conference
    conference = events.set_index("title").loc["Dialogue conference: co-creating work inclusion"]
    assert conference["total"] == 22 + 31 + 38 + 14 + 11  # = 116


def test_results_view_in_both_languages(shared_con):
    rows = results.load(shared_con, "mwinc", local_user())
    nb, en = results.build_view(rows, AS_OF, "nb"), results.build_view(rows, AS_OF, "en")
    assert nb.total == en.total == 14
    assert "Kategori" in nb.counts.columns and "Category" in en.counts.columns


def test_risk_matrix_leaves_out_closed_risks(shared_con):
    view = risks.build_view(risks.load(shared_con, "mwinc", local_user()), "en")
    # open/mitigated (probability, impact): (3,4), (3,3), (4,3), (4,2); the closed (2,5) is left out
    assert view.open_count == 4
    heatmap = view.matrix.data[0]
    filled = sorted(
        (int(heatmap.y[row]), int(heatmap.x[column]))
        for row, cells in enumerate(heatmap.text)
        for column, cell in enumerate(cells)
        if cell
    )
    assert filled == [(3, 3), (3, 4), (4, 2), (4, 3)]
    assert view.register["Score"].tolist()[:2] == [12, 12]  # 3 x 4 and 4 x 3 first; the closed one last
    assert view.register["State of play"].tolist()[-1] == "Closed"


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
