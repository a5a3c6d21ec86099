import datetime as dt

import pytest

from monitor.access.scope import local_user
from monitor.reports import tables

AS_OF = dt.date(2025, 1, 20)  # the day the 2024 accounts are due


@pytest.fixture
def accounts_2024(con) -> tables.Report:
    return tables.build(con, "mwinc", "accounts", 2024, AS_OF, local_user(), 90)


END = dt.date(2025, 11, 30)  # the project's last day: every approved hour of the seed is counted by then


@pytest.fixture
def final_report(con) -> tables.Report:
    return tables.build(con, "mwinc", "final", None, END, local_user(), 90)


def without_effort(con) -> None:
    """A project with no effort plan and no approved hours: the plan and the entered hours deleted, the partners'
    in-kind hours no longer approved (the one effort register counts approved ones only)."""
    con.execute("delete from effort_plan where project_id = 'mwinc'")
    con.execute("delete from effort_actual where project_id = 'mwinc'")
    con.execute("update inkind_contribution set status = 'reported' where project_id = 'mwinc'")
