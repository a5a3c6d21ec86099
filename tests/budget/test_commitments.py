"""Commitments (monitor/budget/commitments.py): open orders summed by year x cost category and by partner x work
package, beside actuals, in the forecast with commitments and in `summary --json`; a partner's own only.

Every expected figure is worked out by hand in the comments, from the rows the test writes or from the seed's
commitments.csv."""

import datetime as dt
import json
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.budget import commitments
from monitor.cli import main
from monitor.project import load as store
from monitor.project.load import ProjectData
from monitor.project.summary import build_summary
from monitor.registers import edit as registers
from monitor.registers.edit import ADD, DELETE, EDIT, Change
from tests import oracle
from tests.registers import writes
from tests.scopes import LEADER, NAV, READER

TODAY = dt.date(2024, 6, 30)
AS_OF = dt.date(2024, 6, 30)  # the seed's orders are all placed in 2025: none of them counts on this day
END = dt.date(2025, 11, 30)

ROWS = [
    # open, invoice expected in 2024 -> 2024 x other operating
    {"partner_id": "usn", "cost_category": "other_operating", "ordered_date": "2024-03-01",
     "expected_date": "2024-09-30", "amount": "10000.50", "commitment_status": "open", "reference": "A"},
    # open, no expected date -> the year it was ordered, 2024
    {"partner_id": "usn", "cost_category": "other_operating", "ordered_date": "2024-04-15",
     "amount": "2500.25", "commitment_status": "open", "reference": "B"},
    # open, NAV's, invoice expected in 2025 -> 2025 x personnel
    {"partner_id": "nav_vt", "cost_category": "personnel_indirect", "wp_code": "WP1", "ordered_date": "2024-05-02",
     "expected_date": "2025-02-15", "amount": "7000.00", "commitment_status": "open", "reference": "C"},
    # invoiced and cancelled: the ledger has the one, nobody will pay the other
    {"partner_id": "usn", "cost_category": "equipment", "ordered_date": "2024-02-01",
     "expected_date": "2024-04-01", "amount": "4000.00", "commitment_status": "invoiced", "reference": "D"},
    {"partner_id": "usn", "cost_category": "equipment", "ordered_date": "2024-02-01",
     "amount": "3000.00", "commitment_status": "cancelled", "reference": "E"},
    # ordered after the as-of date: not yet a commitment on that day
    {"partner_id": "usn", "cost_category": "other_operating", "ordered_date": "2024-07-01",
     "amount": "9999.00", "commitment_status": "open", "reference": "F"},
    # ordered on the as-of date itself: counts; invoice expected in 2025
    {"partner_id": "usn", "cost_category": "other_operating", "ordered_date": "2024-06-30",
     "expected_date": "2025-01-10", "amount": "1000.00", "commitment_status": "open", "reference": "G"},
]  # fmt: skip


def add_rows(con) -> list:
    return [writes.add(con, "commitments", "mwinc", row, local_user("annett"), TODAY) for row in ROWS]


def open_at(con, as_of: dt.date, scope: Scope = LEADER) -> pd.DataFrame:
    return store.load_project(con, "mwinc", as_of, scope).commitments


def as_dict(frame: pd.DataFrame, keys: list[str]) -> dict:
    return {tuple(r[k] for k in keys): r["amount"] for r in frame.to_dict("records")}


def written(con) -> tuple[int, int]:
    return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("commitment", "audit_log"))  # noqa: S608


# --- sums ----------------------------------------------------------------------------------------------


def test_open_commitments_by_year_and_category(con):
    add_rows(con)
    found = open_at(con, AS_OF)
    # A, B, C and G count; D invoiced, E cancelled, F ordered on 1 July
    assert sorted(found["reference"]) == ["A", "B", "C", "G"]
    assert as_dict(commitments.by_year_category(found), ["year", "cost_category"]) == {
        (2024, "other_operating"): D("12500.75"),  # A 10 000.50 + B 2 500.25
        (2025, "other_operating"): D("1000.00"),  # G
        (2025, "personnel_indirect"): D("7000.00"),  # C
    }
    assert as_dict(commitments.by_partner_wp(found), ["partner_id", "wp_code"]) == {
        ("nav_vt", "WP1"): D("7000.00"),  # C
        ("usn", ""): D("13500.75"),  # A + B + G = 10 000.50 + 2 500.25 + 1 000.00
    }
    assert commitments.totals(found) == {
        "open": D("20500.75"),  # 12 500.75 + 1 000.00 + 7 000.00
        "by_category": {"other_operating": D("13500.75"), "personnel_indirect": D("7000.00")},
        "by_year": {"2024": D("12500.75"), "2025": D("8000.00")},  # 2025: G 1 000 + C 7 000
    }


def test_an_order_counts_from_the_day_it_is_placed(con):
    add_rows(con)
    # F (9 999.00, no expected date, ordered 2024-07-01) joins 2024 x other operating: 12 500.75 + 9 999.00
    sums = as_dict(commitments.by_year_category(open_at(con, dt.date(2024, 7, 1))), ["year", "cost_category"])
    assert sums[(2024, "other_operating")] == D("22499.75")


def test_the_sample_orders_at_the_end(con):
    """data/seed/mwinc/commitments.csv: three open (42 500 + 12 400 + 18 750 = 73 650.00, all 2025, other
    operating), one invoiced (17 709.09) and one cancelled (38 000.00) that do not count."""
    found = open_at(con, END)
    assert commitments.totals(found) == {
        "open": D("73650.00"),
        "by_category": {"other_operating": D("73650.00")},
        "by_year": {"2025": D("73650.00")},
    }
    assert as_dict(commitments.by_partner_wp(found), ["partner_id", "wp_code"]) == {
        ("usn", "WP1"): D("12400.00"),
        ("usn", "WP3"): D("61250.00"),  # venue 42 500 + printing 18 750
    }
    # before the first order (15 Sep 2025) nothing is committed
    assert open_at(con, dt.date(2025, 9, 14)).empty


def test_beside_actuals_at_the_end(con, seed_dir):
    data = store.load_project(con, "mwinc", END, LEADER)
    table = commitments.beside_actuals(data).set_index(["year", "cost_category"])
    row = table.loc[(2025, "other_operating")]
    # cost_plan.csv: 2025 other operating 400 000.00; actual from the seed's ledger by hand (tests/oracle.py)
    actual = sum(
        (c.amount for c in oracle.costs(END, seed_dir) if c.year == 2025 and c.category == "other_operating"), D(0)
    )
    assert (row["planned"], row["actual"], row["committed"]) == (D("400000.00"), actual, D("73650.00"))
    assert row["actual_committed"] == actual + D("73650.00")
    assert row["remaining"] == D("400000.00") - actual - D("73650.00")
    # every other cell has nothing committed, and its remaining is plan - actual
    others = table.drop(index=(2025, "other_operating"))
    assert (others["committed"] == D(0)).all()
    assert (others["remaining"] == others["planned"] - others["actual"]).all()
    # the columns add up to the project's budget, its actual cost and its commitments
    assert sum(table["planned"]) == D("15102000.00")
    assert sum(table["actual"]) == oracle.spent(END, seed_dir)


def test_the_shown_table_has_a_total_row(con):
    data = store.load_project(con, "mwinc", END, LEADER)
    table = commitments.beside_actuals_table(data, "en")
    assert list(table.columns) == [
        "Year",
        "Cost category",
        "Budget",
        "Actual",
        "Open commitments",
        "Actual + commitments",
        "Remaining",
    ]
    last = table.iloc[-1]
    assert last["Year"] == "Total" and last["Open commitments"] == D("73650.00")
    assert last["Budget"] == D("15102000.00")
    assert last["Remaining"] == last["Budget"] - last["Actual + commitments"]
    nb = commitments.beside_actuals_table(data, "nb")
    assert nb.iloc[-1]["År"] == "Sum" and "Andre driftskostnader" in set(nb["Kostnadsart"])
    assert nb.iloc[-1]["Åpne forpliktelser"] == D("73650.00")


def test_by_partner_and_work_package_as_shown(con):
    data = store.load_project(con, "mwinc", END, LEADER)
    table = commitments.by_partner_wp_table(data, "en")
    assert table.values.tolist() == [
        ["USN", "WP1 Inclusion through employment", D("12400.00")],
        ["USN", "WP3 Insight and new practice", D("61250.00")],  # 42 500 + 18 750
        ["Total", "", D("73650.00")],
    ]


# --- the forecast with commitments, by hand on a small project -----------------------------------------


def small_project(as_of: dt.date, actual: dict[str, str], committed: dict[str, str]) -> ProjectData:
    """One year, 2024, planned 200 000 personnel and 40 000 other operating; actual and open commitments by
    category."""
    empty = pd.DataFrame()
    return ProjectData(
        project={"project_id": "small", "start_date": dt.date(2024, 1, 1), "end_date": dt.date(2024, 12, 31)},
        as_of=as_of,
        plan_version="baseline",
        partners=empty,
        work_packages=empty,
        cost_plan=pd.DataFrame(
            {
                "year": [2024, 2024],
                "cost_category": ["personnel_indirect", "other_operating"],
                "partner_id": ["p", "p"],
                "wp_code": [None, None],
                "amount": [D("200000.00"), D("40000.00")],
            }
        ),
        funding_plan=empty,
        actual=pd.DataFrame({"cost_category": list(actual), "amount": [D(v) for v in actual.values()]}),
        milestones=empty,
        deliverables=empty,
        last_posting_date=None,
        commitments=pd.DataFrame({"cost_category": list(committed), "amount": [D(v) for v in committed.values()]}),
    )


# On 30 June 2024: 182 of 366 days gone (31+29+31+30+31+30). Phasing: 200 000 / 12 = 16 666.66 a month (rounded
# down), six months to date = 99 999.96, so 100 000.04 still to come; other operating 40 000 / 12 = 3 333.33,
# six months = 19 999.98 to date, 20 000.02 to come.
MID = dt.date(2024, 6, 30)


def test_commitments_beyond_their_category_raise_the_forecast():
    forecast = commitments.forecast_with_commitments(
        small_project(MID, {"personnel_indirect": "80000", "other_operating": "11000"}, {"other_operating": "35000"})
    )
    # run rate: 91 000 / (182/366) = 91 000 x 366 / 182 = 183 000.00
    assert forecast.run_rate == D("183000.00")
    # not yet committed: personnel 100 000.04 - 0; other operating max(20 000.02 - 35 000, 0) = 0
    assert forecast.plan_uncommitted == D("100000.04")
    # outlook: 91 000 + 35 000 + 100 000.04 = 226 000.04, above the run rate
    assert (forecast.outlook, forecast.amount, forecast.basis) == (D("226000.04"), D("226000.04"), "commitments")
    assert forecast.as_json() == {
        "amount": "226000.04",
        "run_rate": "183000.00",
        "actual": "91000.00",
        "committed": "35000.00",
        "plan_uncommitted": "100000.04",
        "outlook": "226000.04",
        "basis": "commitments",
    }


def test_a_high_run_rate_stays_the_forecast():
    forecast = commitments.forecast_with_commitments(
        small_project(MID, {"personnel_indirect": "100000", "other_operating": "20000"}, {"other_operating": "5000"})
    )
    # run rate: 120 000 x 366 / 182 = 241 318.6813... -> 241 318.68
    # outlook: 120 000 + 5 000 + (100 000.04 + (20 000.02 - 5 000)) = 125 000 + 115 000.06 = 240 000.06
    assert (forecast.run_rate, forecast.outlook) == (D("241318.68"), D("240000.06"))
    assert (forecast.amount, forecast.basis) == (D("241318.68"), "run_rate")


def test_after_the_end_the_forecast_is_actual_plus_open_orders():
    forecast = commitments.forecast_with_commitments(
        small_project(dt.date(2025, 3, 1), {"personnel_indirect": "195000.10"}, {"other_operating": "1234.56"})
    )
    # nothing left to come; run rate = actual = 195 000.10; outlook = 195 000.10 + 1 234.56
    assert (forecast.plan_uncommitted, forecast.run_rate) == (D("0.00"), D("195000.10"))
    assert (forecast.amount, forecast.basis) == (D("196234.66"), "commitments")


def test_before_the_start_orders_within_the_plan_change_nothing():
    within = commitments.forecast_with_commitments(
        small_project(dt.date(2023, 12, 1), {}, {"other_operating": "35000"})
    )
    # run rate before the start = the budget 240 000; outlook = 35 000 + 200 000 + (40 000 - 35 000) = 240 000
    assert (within.run_rate, within.outlook, within.amount, within.basis) == (
        D("240000.00"),
        D("240000.00"),
        D("240000.00"),
        "run_rate",
    )
    beyond = commitments.forecast_with_commitments(
        small_project(dt.date(2023, 12, 1), {}, {"other_operating": "50000"})
    )
    # outlook = 50 000 + 200 000 + max(40 000 - 50 000, 0) = 250 000: 10 000 ordered beyond the plan
    assert (beyond.amount, beyond.basis) == (D("250000.00"), "commitments")


def test_without_commitments_the_forecast_is_the_run_rate():
    forecast = commitments.forecast_with_commitments(small_project(MID, {"personnel_indirect": "91000"}, {}))
    # outlook: 91 000 + 0 + 100 000.04 + 20 000.02 = 211 000.06 above 183 000.00: the unspent plan alone
    assert (forecast.run_rate, forecast.outlook, forecast.amount) == (D("183000.00"), D("211000.06"), D("211000.06"))


# --- the scope: a partner's own, a viewer's sums, refused writes ----------------------------------------


def test_a_partner_sees_its_own_commitments_only(con, settings):
    add_rows(con)
    mine = open_at(con, AS_OF, NAV)
    assert mine["reference"].tolist() == ["C"]
    assert commitments.totals(mine)["open"] == D("7000.00")
    register = commitments.register_rows(con, "mwinc", NAV)
    assert set(register["partner_id"]) == {"nav_vt"} and register["reference"].tolist() == ["C"]
    summary = build_summary(store.load_project(con, "mwinc", AS_OF, NAV), settings)
    assert summary["commitments"] == {
        "open": "7000.00",
        "by_category": {"personnel_indirect": "7000.00"},
        "by_year": {"2025": "7000.00"},
    }


def test_a_viewer_sees_the_sums_but_not_the_orders(con):
    add_rows(con)
    assert commitments.totals(open_at(con, AS_OF, READER))["open"] == D("20500.75")
    with pytest.raises(AccessDenied):
        commitments.register_rows(con, "mwinc", READER)


@pytest.mark.parametrize("scope", [NAV, READER], ids=["partner", "viewer"])
def test_edits_by_a_partner_or_a_viewer_are_refused_and_write_nothing(con, scope):
    keys = add_rows(con)
    mine = keys[2]  # C, NAV's own order
    before = written(con)
    attempts = [
        [Change(ADD, {**ROWS[2], "reference": "NAV's own"})],
        [Change(EDIT, {"amount": "1"}, mine, 1)],
        [Change(EDIT, {"amount": "1"}, keys[0], 1)],  # USN's
        [Change(DELETE, {}, mine, 1)],
    ]
    for changes in attempts:
        with pytest.raises(AccessDenied):
            registers.apply(con, "commitments", "mwinc", changes, scope, TODAY)
    assert written(con) == before
    assert registers.rows(con, "commitments", "mwinc", LEADER).set_index("commitment_id").loc[mine, "amount"] == D(
        "7000.00"
    )


# --- summary --json ------------------------------------------------------------------------------------


def test_summary_json_has_the_commitments_and_the_forecast_with_them(db_path, capsys):
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--as-of", END.isoformat(), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["commitments"] == {
        "open": "73650.00",
        "by_category": {"other_operating": "73650.00"},
        "by_year": {"2025": "73650.00"},
    }
    forecast = figures["forecast_with_commitments"]
    # on the end date the run rate is the actual cost and nothing of the plan is still to come
    assert forecast["run_rate"] == forecast["actual"] == figures["spent"]["total"] == figures["evm"]["ac"]
    assert forecast["plan_uncommitted"] == "0.00" and forecast["basis"] == "commitments"
    assert D(forecast["amount"]) == D(figures["spent"]["total"]) + D("73650.00")
    # today's forecasts are where they were: earned value's EAC does not count commitments
    assert D(figures["evm"]["eac"]) != D(forecast["amount"])
