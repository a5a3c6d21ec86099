"""The budget core (monitor/budget/load.py) against a real database built from the embedded seed: pivot and
drill-down, a partner's lines cut in SQL, elapsed time and the run-rate forecast."""

import datetime as dt
from decimal import Decimal
from decimal import Decimal as D

import pytest

from monitor.access import users
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.budget import load as budget
from monitor.budget.load import elapsed_fraction, run_rate_forecast
from monitor.project import load as store
from monitor.project.summary import build_summary
from tests.scopes import LEADER, NAV, PARTNERLESS

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture
def state(con):
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    return budget.load_budget(con, data, local_user())


START, END = dt.date(2021, 12, 1), dt.date(2025, 11, 30)  # 1461 days (2024 is a leap year)


@pytest.mark.parametrize(
    "dims",
    [
        ["year"],
        ["cost_category"],
        ["partner_id"],
        ["wp_code"],
        ["funding_source"],
        ["cost_category", "year"],
        ["funding_source", "wp_code"],
        ["partner_id", "funding_source"],
    ],
)
def test_pivot_totals_equal_summary(con, settings, state, dims):
    summary = build_summary(state.data, settings)
    table = budget.pivot_table(state, dims)
    assert str(sum(table["actual"])) == summary["spent"]["total"]
    assert str(sum(table["planned"])) == summary["budget"]["total"]


def test_drill_down_lines_add_up_to_the_cell(con, state):
    table = budget.pivot_table(state, ["cost_category", "year"])
    cell = table[(table["cost_category"] == "equipment") & (table["year"] == "2022")].iloc[0]
    lines = budget.ledger_lines(con, state.data, local_user(), {"cost_category": "equipment", "year": "2022"})
    # the seed's two equipment lines of 2022 (account 6540): 41250.00 + 15980.00
    assert sum(lines["amount"]) == cell["actual"] == D("57230.00")
    assert set(lines.columns) >= {"line_date", "account", "text", "voucher", "source_file"}


def test_drill_down_includes_approved_in_kind(con, state):
    lines = budget.ledger_lines(con, state.data, local_user(), {"partner_id": "nav_vt"})
    table = budget.pivot_table(state, ["partner_id"])
    assert sum(lines["amount"]) == table.set_index("partner_id").loc["nav_vt", "actual"]
    assert set(lines["account"]) == {"inkind"}


def test_partner_sees_only_its_own_lines(con):
    scope = Scope(user="nav", role="partner", partner_id="nav_vt")
    data = store.load_project(con, "mwinc", AS_OF, scope)
    assert budget.ledger_lines(con, data, scope, {"partner_id": "usn"}).empty
    assert set(budget.ledger_lines(con, data, scope, {})["partner_id"]) == {"nav_vt"}
    state = budget.load_budget(con, data, scope)
    assert set(budget.pivot_table(state, ["partner_id"])["partner_id"]) == {"nav_vt"}


def test_a_partner_asking_for_another_partner_s_lines_gets_none(con):
    data = store.load_project(con, "mwinc", AS_OF, NAV)
    assert budget.ledger_lines(con, data, NAV, {"partner_id": "usn"}).empty
    own = budget.ledger_lines(con, data, NAV, {})
    assert not own.empty and set(own["partner_id"]) == {"nav_vt"}
    leader_data = store.load_project(con, "mwinc", AS_OF, LEADER)
    assert set(budget.ledger_lines(con, leader_data, LEADER, {"partner_id": "usn"})["partner_id"]) == {"usn"}


def test_a_partner_user_without_a_partner_sees_nothing(con):
    with pytest.raises(AccessDenied):
        store.load_project(con, "mwinc", AS_OF, PARTNERLESS)
    data = store.load_project(con, "mwinc", AS_OF, LEADER)
    with pytest.raises(AccessDenied):
        budget.load_budget(con, data, PARTNERLESS)
    with pytest.raises(AccessDenied):
        budget.ledger_lines(con, data, PARTNERLESS, {})


def test_a_viewer_gets_no_ledger_lines(con):
    from monitor.budget import load as budget

    data = store.load_project(con, "mwinc", dt.date(2026, 11, 22), users.DEMO_USERS["reader"].scope())
    with pytest.raises(AccessDenied):
        budget.ledger_lines(con, data, users.DEMO_USERS["reader"].scope(), {"year": "2023"})


@pytest.mark.parametrize(
    "as_of, fraction",
    [
        (dt.date(2021, 11, 30), Decimal(0)),
        (dt.date(2021, 12, 1), Decimal(1) / Decimal(1461)),
        (dt.date(2023, 11, 30), Decimal(730) / Decimal(1461)),  # 31 (Dec 2021) + 365 + 334 days
        (dt.date(2025, 11, 30), Decimal(1)),
        (dt.date(2026, 1, 1), Decimal(1)),
    ],
)
def test_elapsed_fraction(as_of, fraction):
    assert elapsed_fraction(START, END, as_of) == fraction


def test_run_rate_forecast():
    budget = Decimal("15102000.00")
    assert run_rate_forecast(Decimal(0), budget, START, END, dt.date(2021, 1, 1)) == budget
    assert run_rate_forecast(Decimal("14000000.00"), budget, START, END, dt.date(2026, 1, 1)) == Decimal("14000000.00")
    # 730 of 1461 days: 7 300 000 / (730/1461) = 10 000 x 1461 = 14 610 000
    assert run_rate_forecast(Decimal("7300000.00"), budget, START, END, dt.date(2023, 11, 30)) == Decimal("14610000.00")
