import datetime as dt

import pytest

from monitor.access.scope import local_user
from monitor.reports import tables

AS_OF = dt.date(2025, 1, 20)  # the day the 2024 accounts are due


@pytest.fixture
def accounts_2024(con) -> tables.Report:
    return tables.build(con, "mwinc", "accounts", 2024, AS_OF, local_user(), 90)
