"""A project with no results yet (generated or new projects): the results views are empty, not an error."""

import datetime as dt

from monitor.access.scope import local_user
from monitor.registers import results


def test_the_results_view_of_a_project_without_results(con):
    con.execute("delete from result")
    rows = results.load(con, "mwinc", local_user())
    assert rows.empty and "result_date" in rows.columns
    view = results.build_view(rows, dt.date(2025, 1, 1), "en")
    assert view.total == 0 and view.register.empty and view.attendance.empty
