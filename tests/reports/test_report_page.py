"""AppTests of the funder report page: tables equal the seed's figures, submission freezes, viewers read."""

from decimal import Decimal

import pytest

from tests.apptest import open_page
from tests.reports import seed_figures
from tests.reports.conftest import AS_OF

pytestmark = pytest.mark.usefixtures("app_env")


def cost_tables(at, column: str) -> list:
    """The cost tables on the page (today's first, then the submitted one), found by their amount column."""
    return [frame.value for frame in at.dataframe if column in frame.value.columns and
            frame.value.columns[1] in ("Cost category", "Kostnadsart")]


def test_leader_sees_the_tables_and_submits(app_env):
    at = open_page("report", user="leader", lang="en", as_of=AS_OF.isoformat(), report="accounts", year="2024")
    assert not at.exception
    assert at.selectbox(key="report").value == "accounts" and at.selectbox(key="year").value == 2024
    assert any("Project accounts report for 2024" in c.value for c in at.caption)
    total = cost_tables(at, "Actual (NOK)")[0].iloc[-1]
    actual = sum(v for (y, _), v in seed_figures.actual_cost(AS_OF).items() if y <= 2024)
    assert total["Actual (NOK)"] == actual
    assert [b.label for b in at.get("download_button")] == ["Excel", "CSV (zip)", "PDF"]
    at.button(key="freeze").click().run()
    assert not at.exception
    assert any("Submitted and frozen" in s.value for s in at.success)
    assert any("same as the submitted" in s.value for s in at.success)
    today, submitted = cost_tables(at, "Actual (NOK)")
    assert submitted.iloc[-1]["Actual (NOK)"] == today.iloc[-1]["Actual (NOK)"] == actual


def test_viewer_reads_but_cannot_submit(app_env):
    at = open_page("report", user="reader", lang="nb", report="final")
    assert not at.exception
    assert not [b for b in at.button if b.key == "freeze"]
    assert any("Bare prosjektleder" in c.value for c in at.caption)
    # final report, all years: the budget total is the plan's 15 102 000 (project.yaml, cost_plan.csv)
    assert cost_tables(at, "Budsjett (kr)")[0].iloc[-1]["Budsjett (kr)"] == Decimal("15102000.00")
