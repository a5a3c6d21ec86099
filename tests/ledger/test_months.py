"""monitor/ledger/months.py: the ledger's monthly and yearly sums (ledger_month, ledger_year) kept with the ledger,
and the portfolio reading them for an as-of date at a month's end or inside it (issue 19)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from monitor import db
from monitor.access.scope import local_user
from monitor.ledger import commit
from monitor.portfolio import views as portfolio
from tests.project.test_checks import TESTER, _import_two_lines


def year_sum(con, year: int) -> Decimal:
    found = con.execute(
        "select coalesce(sum(amount), 0) from ledger_year where project_id = 'mwinc' and year = $year", {"year": year}
    ).fetchone()[0]
    return Decimal(found)


def spent(con, settings, as_of: dt.date) -> Decimal:
    return next(r.spent for r in portfolio.portfolio(con, local_user(), as_of, settings) if r.project_id == "mwinc")


def test_the_yearly_sums_follow_an_import_and_its_undo(con, settings, tmp_path):
    # two lines on 1 and 2 March 2025: 1000.00 + 250.50 = 1250.50 more in 2025, nothing in another year
    before_2025, before_2024 = year_sum(con, 2025), year_sum(con, 2024)
    batch = _import_two_lines(con, settings, tmp_path)
    assert year_sum(con, 2025) == before_2025 + Decimal("1250.50")
    assert year_sum(con, 2024) == before_2024
    commit.undo(con, "mwinc", batch, TESTER)
    assert year_sum(con, 2025) == before_2025


def test_the_yearly_sums_equal_the_monthly_sums(con):
    by_year = con.execute(
        "select year, sum(amount) from ledger_year where project_id = 'mwinc' group by year order by year"
    ).fetchall()
    by_month = con.execute(
        "select cast(extract(year from month_start) as integer), sum(amount) from ledger_month "
        "where project_id = 'mwinc' group by 1 order by 1"
    ).fetchall()
    assert by_year == by_month and by_year


def test_the_portfolio_counts_a_month_to_its_last_day_and_not_past_the_as_of_date(con, settings, tmp_path):
    # the two lines are dated 1 and 2 March 2025: as of 1 March only the first (1000.00, read from the ledger),
    # as of 31 March both (1250.50, read from March's monthly sums), as of 28 February neither
    before = {
        day: spent(con, settings, day) for day in (dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    }
    _import_two_lines(con, settings, tmp_path)
    assert spent(con, settings, dt.date(2025, 2, 28)) == before[dt.date(2025, 2, 28)]
    assert spent(con, settings, dt.date(2025, 3, 1)) == before[dt.date(2025, 3, 1)] + Decimal("1000.00")
    assert spent(con, settings, dt.date(2025, 3, 31)) == before[dt.date(2025, 3, 31)] + Decimal("1250.50")
    assert db.scalar(con, "check_ledger_month", project_id="mwinc") is None  # the sums agree with the ledger
