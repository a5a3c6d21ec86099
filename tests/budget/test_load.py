"""The budget core against a real database built from the embedded seed."""

import datetime as dt
from decimal import Decimal as D

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope, local_user
from monitor.budget import edit as plan_versions
from monitor.budget import load as budget
from monitor.project import load as store
from monitor.project.summary import build_summary

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture
def state(con):
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    return budget.load_budget(con, data, local_user())


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


def test_summary_evm(state, settings):
    figures = build_summary(state.data, settings)["evm"]
    assert set(figures) == {"bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac"}
    assert figures["bac"] == "15102000.00" and figures["ac"] == build_summary(state.data, settings)["spent"]["total"]
    # PV: the plans of 2021-2023 (250000 + 3900000 + 4100000) and half of 2024's 4000000, less the
    # øre each 2024 line loses to rounding in its first six months (see test_phasing).
    assert D("10249990") < D(figures["pv"]) <= D("10250000.00")
    assert figures["spi"] == str((D(figures["ev"]) / D(figures["pv"])).quantize(D("0.0001")))


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


def test_new_plan_version_leaves_the_baseline_and_is_audited(con):
    plan = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    first = plan.iloc[0]
    edited = plan_versions.apply_edits(plan, {0: {"amount": "120000,50"}})
    version = plan_versions.save_new_version(
        con, "mwinc", "baseline", edited, "Re-plan", local_user("leader"), dt.datetime(2024, 7, 1)
    )
    assert version == "v2"
    baseline = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    assert sum(baseline["amount"]) == D("15102000.00")
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    assert data.plan_version == "v2"
    # the edited line went from its baseline amount to 120000.50
    assert sum(data.cost_plan["amount"]) == D("15102000.00") - first["amount"] + D("120000.50")
    state = budget.load_budget(con, data, local_user())
    table = budget.pivot_table(state, ["year"])
    assert sum(table["baseline"]) == D("15102000.00")
    log = audit.read(con, local_user(), audit.Filters(project_id="mwinc", table_name="cost_plan"))
    assert log[["field", "old_value", "new_value"]].values.tolist() == [["amount", str(first["amount"]), "120000.50"]]


def test_second_save_from_a_stale_read_is_refused_and_logged(con):
    plan = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    plan_versions.save_new_version(con, "mwinc", "baseline", plan, "first", local_user("a"), dt.datetime(2024, 7, 1))
    with pytest.raises(plan_versions.PlanChanged):
        plan_versions.save_new_version(
            con, "mwinc", "baseline", plan, "second", local_user("b"), dt.datetime(2024, 7, 1)
        )
    assert plan_versions.versions(con, "mwinc", local_user())["plan_version"].tolist() == ["baseline", "v2"]
    refused = audit.read(con, local_user(), audit.Filters(project_id="mwinc", action=audit.REFUSED))
    assert refused["user_name"].tolist() == ["b"]


@pytest.mark.parametrize("value", ["12.345", "abc", "NaN", "1e309"])
def test_bad_amounts_are_refused(value):
    import pandas as pd

    plan = pd.DataFrame(
        {"year": [2024], "cost_category": ["equipment"], "partner_id": ["p"], "wp_code": [None], "amount": [D("1.00")]}
    )
    with pytest.raises(plan_versions.PlanInvalid):
        plan_versions.apply_edits(plan, {0: {"amount": value}})


def test_only_amounts_can_be_edited():
    import pandas as pd

    plan = pd.DataFrame({"year": [2024], "amount": [D("1.00")]})
    with pytest.raises(plan_versions.PlanInvalid):
        plan_versions.apply_edits(plan, {0: {"year": 2030}})
