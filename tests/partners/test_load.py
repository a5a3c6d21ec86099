"""Partner figures against hand-computed values from the seed CSV files (data/seed/mwinc)."""

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.partners import inkind
from monitor.partners import load as partners
from tests import oracle
from tests.partners.conftest import AS_OF, MWINC, seed_rows


def _year(figures, partner_id: str, year: int) -> pd.Series:
    rows = figures.by_year[(figures.by_year["partner_id"] == partner_id) & (figures.by_year["year"] == year)]
    assert len(rows) == 1
    return rows.iloc[0]


def _total(figures, partner_id: str) -> pd.Series:
    return figures.totals.set_index("partner_id").loc[partner_id]


def test_nav_vt_2022_plan_and_in_kind(con, leader):
    row = _year(partners.load(con, "mwinc", AS_OF, leader), "nav_vt", 2022)
    assert row["committed"] == Decimal("100000.00")  # funding_plan.csv: baseline,2022,own,nav_vt,100000.00
    assert row["planned_funding"] == Decimal("100000.00")  # its only funding line in 2022
    assert row["planned_cost"] == Decimal("100000.00")  # cost_plan.csv: 2022 personnel_indirect nav_vt WP1
    # inkind.csv, nav_vt 2022, all approved: 27.8 + 30.3 + 28.4 + 27.2 = 113.7 h × 800 = 90 960.00
    assert row["hours_approved"] == Decimal("113.70")
    assert row["inkind_approved"] == Decimal("90960.00")
    assert row["inkind_reported"] == Decimal("90960.00")
    assert row["ledger_cost"] == Decimal("0.00") and row["cash"] == Decimal("0.00")  # no ledger lines for NAV
    assert row["delivered"] == Decimal("90960.00")
    assert row["balance"] == Decimal("-9040.00")  # 90 960 − 100 000


def test_reported_but_not_approved_is_not_delivered(con, leader):
    row = _year(partners.load(con, "mwinc", AS_OF, leader), "nav_vt", 2025)
    # 2025: 26.0 and 24.8 h approved, 22.8 h (28.09.) still reported
    assert row["inkind_reported"] == Decimal("58880.00")  # (26.0 + 24.8 + 22.8) × 800 = 73.6 × 800
    assert row["inkind_approved"] == Decimal("40640.00")  # (26.0 + 24.8) × 800 = 50.8 × 800
    assert row["delivered"] == Decimal("40640.00")


def test_rejected_in_kind_counts_nowhere(con, leader):
    row = _year(partners.load(con, "mwinc", AS_OF, leader), "nho_vt", 2024)
    # 2024 approved: 23.0 + 25.2 + 21.8 + 25.0 = 95.0 h × 900 = 85 500.00; the rejected 12.0 h are left out
    assert row["inkind_approved"] == Decimal("85500.00")
    assert row["inkind_reported"] == Decimal("85500.00")


def test_nav_vt_totals_over_all_years(con, leader):
    total = _total(partners.load(con, "mwinc", AS_OF, leader), "nav_vt")
    # approved hours: 113.7 (2022) + 117.8 (2023: 29.4+29.4+28.1+30.9) + 120.3 (2024: 32.2+29.4+30.9+27.8)
    # + 50.8 (2025) = 402.6 h × 800 = 322 080.00
    assert total["delivered"] == Decimal("322080.00")
    assert total["committed"] == Decimal("360000.00")  # 100 000 × 3 + 60 000
    assert total["share_planned"] == Decimal("0.0238")  # 360 000 / 15 102 000 = 0.02384
    assert total["actual_cost"] == Decimal("322080.00")


def test_the_project_owner_s_cash_is_its_own_financing_share_of_its_ledger_costs(con, leader):
    row = _year(partners.load(con, "mwinc", AS_OF, leader), "usn", 2022)
    ledger_2022 = oracle.spent(AS_OF, partner_id="usn", year=2022, source=oracle.LEDGER)
    assert row["ledger_cost"] == ledger_2022
    # funding_plan.csv 2022 usn: own 400 000 of 2 990 000 + 400 000 = 3 390 000 (60 000 of the grant passed on
    # to NHO VT for the learning labs, and USN's own financing 60 000 higher: its total stays 3 390 000)
    expected = (ledger_2022 * Decimal(400000) / Decimal(3390000)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert row["cash"] == expected
    assert row["committed"] == Decimal("400000.00")


def test_project_totals_are_the_denominators_of_the_shares(con, leader):
    figures = partners.load(con, "mwinc", AS_OF, leader)
    assert figures.project_planned == Decimal("15102000.00")  # the published total; the plan follows it
    assert figures.project_actual == oracle.spent(AS_OF)
    assert sum(figures.totals["actual_cost"]) == figures.project_actual  # every cost belongs to a partner


def test_deliverables_and_results_each_partner_leads(con, leader):
    figures = partners.load(con, "mwinc", AS_OF, leader)
    led = figures.deliverables.groupby("partner_id")["code"].apply(list).to_dict()
    assert led["nav_vt"] == ["D1.3"] and led["vtfk"] == ["D3.1"]  # deliverables.csv responsible_partner_id
    expected = sorted(
        r["title"]
        for r in seed_rows("results.csv")
        if "nav_vt" in r["partner_ids"].split(";") and r["result_date"] <= AS_OF.isoformat()
    )
    assert sorted(figures.results[figures.results["partner_id"] == "nav_vt"]["title"]) == expected


def test_the_as_of_date_limits_actuals_not_the_plan(con, leader):
    row = _year(partners.load(con, "mwinc", AS_OF.replace(year=2022, month=6, day=30), leader), "nav_vt", 2022)
    assert row["committed"] == Decimal("100000.00")
    assert row["inkind_approved"] == Decimal("46480.00")  # (27.8 + 30.3) × 800: up to 28.06.2022


def test_a_partner_gets_only_its_own_rows(con, nav):
    figures = partners.load(con, "mwinc", AS_OF, nav)
    for frame in (figures.by_year, figures.totals, figures.deliverables, figures.results):
        assert set(frame["partner_id"]) == {"nav_vt"}
    assert figures.own_partner_id == "nav_vt"


def test_a_partner_scope_naming_another_partner_gets_only_that_one(con):
    # A scope is built by the login from the users file; even a tampered one reads one partner only.
    figures = partners.load(con, "mwinc", AS_OF, Scope("x", "partner", MWINC, "nho_vt"))
    assert set(figures.totals["partner_id"]) == {"nho_vt"}


def test_a_partner_without_a_partner_id_is_refused(con):
    with pytest.raises(AccessDenied):
        partners.load(con, "mwinc", AS_OF, Scope("x", "partner", MWINC, None))
    with pytest.raises(AccessDenied):
        inkind.rows(con, "mwinc", Scope("x", "partner", MWINC, None))


def test_another_project_is_refused(con, nav):
    with pytest.raises(AccessDenied):
        partners.load(con, "integrate", AS_OF, nav)
    with pytest.raises(AccessDenied):
        inkind.rows(con, "integrate", nav)


def test_a_viewer_gets_aggregates_without_person_names(con, reader):
    figures = partners.load(con, "mwinc", AS_OF, reader)
    assert len(figures.totals) == 6
    names = {r["person_role"] for r in seed_rows("inkind.csv")} | {r["reported_by"] for r in seed_rows("inkind.csv")}
    for frame in (figures.by_year, figures.totals, figures.deliverables, figures.results):
        assert not {"person_role", "reported_by", "decided_by"} & set(frame.columns)
        assert not names & {str(v) for v in frame.to_numpy().ravel()}


def test_leaders_and_admins_see_every_partner(con, leader, admin):
    for scope in (leader, admin):
        assert set(partners.load(con, "mwinc", AS_OF, scope).totals["partner_id"]) == {
            "usn",
            "nav_vt",
            "nav_ov",
            "nho_vt",
            "mrfk",
            "vtfk",
        }
        assert len(inkind.rows(con, "mwinc", scope)) == len(seed_rows("inkind.csv"))
