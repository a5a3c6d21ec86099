"""Plan versions (monitor/budget/edit.py): a new version leaves the baseline and is audited, a stale save and bad
amounts are refused, and only a project's editors may save one."""

import datetime as dt
from decimal import Decimal
from decimal import Decimal as D

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, local_user
from monitor.budget import edit as plan_versions
from monitor.budget import load as budget
from monitor.project import load as store
from tests.scopes import LEADER, NAV, OTHER_LEADER, READER, counts

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture
def state(con):
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    return budget.load_budget(con, data, local_user())


@pytest.mark.parametrize("scope", [NAV, READER, OTHER_LEADER], ids=["partner", "viewer", "leader elsewhere"])
def test_a_new_plan_version_outside_the_scope_is_refused(con, scope):
    before = counts(con)
    plan = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    with pytest.raises(AccessDenied):
        plan_versions.save_new_version(con, "mwinc", "baseline", plan, "mine", scope, dt.datetime(2024, 7, 1))
    assert counts(con) == before


def test_a_partner_s_plan_versions_total_its_own_rows(con):
    versions = plan_versions.versions(con, "mwinc", NAV)
    assert versions.set_index("plan_version").loc["baseline", "total"] == Decimal("360000.00")
    whole = plan_versions.versions(con, "mwinc", LEADER)
    assert whole.set_index("plan_version").loc["baseline", "total"] == Decimal("15102000.00")  # NOK 15.102 mill.


def test_new_plan_version_leaves_the_baseline_and_is_audited(con):
    plan = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    # a 2025 line: the seed's submitted accounts reports lock 2021-2024, where a new version is refused
    position = plan.index[plan["year"] == 2025][0]
    first = plan.iloc[position]
    edited = plan_versions.apply_edits(plan, {int(position): {"amount": "120000,50"}})
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
