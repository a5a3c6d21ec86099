"""The results view (monitor/registers/results.py), checked against counts made by hand from data/seed/mwinc."""

import datetime as dt

from monitor.access.scope import local_user
from monitor.registers import results

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


def test_the_results_view_of_a_project_without_results(con):
    con.execute("delete from result")
    rows = results.load(con, "mwinc", local_user())
    assert rows.empty and "result_date" in rows.columns
    view = results.build_view(rows, dt.date(2025, 1, 1), "en")
    assert view.total == 0 and view.register.empty and view.attendance.empty
