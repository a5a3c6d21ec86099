"""The report as presented (monitor/reports/present.py): kNOK rows that add up to the rounded totals, and totals
equal to the Budget page and the database."""

from decimal import Decimal

from monitor.access.scope import local_user
from monitor.budget import load as budget
from monitor.project import load as store
from monitor.reports import present
from tests.reports.conftest import AS_OF


def test_totals_equal_the_budget_page_and_the_database(con, accounts_2024):
    # the Budget page's pivot by year, as of the same day, for the same years
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    by_year = budget.pivot_table(budget.load_budget(con, data, local_user()), ["year"])
    shown_years = by_year[[int(y) <= 2024 for y in by_year["year"]]]
    screen_actual = sum(shown_years["actual"], Decimal(0))
    database = (
        con.execute(
            "select sum(amount) from ledger_entry where year <= 2024 and posting_date <= $as_of", {"as_of": AS_OF}
        ).fetchone()[0]
        + con.execute(
            "select sum(amount) from inkind_contribution where status = 'approved'"
            " and extract(year from work_date) <= 2024 and work_date <= $as_of",
            {"as_of": AS_OF},
        ).fetchone()[0]
    )
    total_row = present.present(accounts_2024, "en", "nok")[0].frame.iloc[-1]
    assert total_row["Actual (NOK)"] == screen_actual == database
    assert sum(accounts_2024.tables["cost_partner"]["actual"], Decimal(0)) == database
    assert sum(accounts_2024.tables["funding"]["actual"], Decimal(0)) == database


def test_knok_rows_add_up_to_the_rounded_totals(accounts_2024):
    for shown in present.present(accounts_2024, "en", "knok"):
        if not shown.amounts:
            continue  # the explanations: text, no amounts
        frame = shown.frame
        budget_column, actual_column, deviation_column = shown.amounts
        years = [y for y in frame["Year"] if y is not None]
        for year in set(years):
            part = frame[frame["Year"] == year]
            rows, year_sum = part.iloc[:-1], part.iloc[-1]
            for column in (budget_column, actual_column, deviation_column):
                assert sum(rows[column], Decimal(0)) == year_sum[column], (shown.key, year, column)
        total = frame.iloc[-1]
        sums = frame[frame.iloc[:, 1] == "Year total"]
        for column in (budget_column, actual_column):
            assert sum(sums[column], Decimal(0)) == total[column]
    # 2021..2024 budget 250 + 3 900 + 4 100 + 4 000 thousand (cost_plan.csv sums per year)
    assert present.present(accounts_2024, "en", "knok")[0].frame.iloc[-1]["Budget (NOK 1,000)"] == Decimal(12250)


def test_a_percentage_in_the_report_is_rounded_once_half_up():
    assert present.percent(Decimal("12345"), Decimal("100000")) == Decimal("12.3")
    assert present.percent(Decimal("12250"), Decimal("100000")) == Decimal("12.3")  # half up (to even: 12.2)
    assert present.percent(Decimal("1"), Decimal("0")) is None
