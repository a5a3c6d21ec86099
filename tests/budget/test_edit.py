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


def current_plan(con):
    """The seed's current plan: v2, made by the approved change request moving NOK 250 000 from 2023 to 2024."""
    return db.query(con, "cost_plan", project_id="mwinc", plan_version="v2", partner_id=None)


def test_new_plan_version_leaves_the_baseline_and_is_audited(con):
    plan = current_plan(con)
    # a 2025 line: the seed's submitted accounts reports lock 2021-2024, where a new version is refused
    position = int(plan.index[(plan["year"] == 2025) & (plan["cost_category"] == "other_operating")][0])
    first = plan.iloc[position]  # 2025, other_operating, usn, no WP: 400 000.00 (cost_plan.csv)
    assert first["amount"] == D("400000.00")
    edited = plan_versions.apply_edits(plan, {position: {"amount": "405000,50"}})  # moves 5 000.50: no request needed
    version = plan_versions.save_new_version(
        con, "mwinc", "v2", edited, "Re-plan", local_user("leader"), dt.datetime(2024, 7, 1)
    )
    assert version == "v3"
    baseline = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    assert sum(baseline["amount"]) == D("15102000.00")
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    assert data.plan_version == "v3"
    assert sum(data.cost_plan["amount"]) == D("15102000.00") + D("5000.50")  # 400 000 -> 405 000.50
    state = budget.load_budget(con, data, local_user())
    table = budget.pivot_table(state, ["year"])
    assert sum(table["baseline"]) == D("15102000.00")
    mine = audit.Filters(project_id="mwinc", table_name="cost_plan", user_name="leader")
    log = audit.read(con, local_user(), mine)
    assert log[["row_key", "field", "old_value", "new_value"]].values.tolist() == [
        ["v3/2025/other_operating/usn/", "amount", "400000.00", "405000.50"]
    ]
    stored = db.query(con, "cost_plan", project_id="mwinc", plan_version="v3", partner_id=None)
    assert stored["wp_code"].isna().sum() == 6  # a line without a work package stays without one (not 'nan')


def test_second_save_from_a_stale_read_is_refused_and_logged(con):
    plan = current_plan(con)
    plan_versions.save_new_version(con, "mwinc", "v2", plan, "first", local_user("a"), dt.datetime(2024, 7, 1))
    with pytest.raises(plan_versions.PlanChanged):
        plan_versions.save_new_version(con, "mwinc", "v2", plan, "second", local_user("b"), dt.datetime(2024, 7, 1))
    assert plan_versions.versions(con, "mwinc", local_user())["plan_version"].tolist() == ["baseline", "v2", "v3"]
    refused = audit.read(con, local_user(), audit.Filters(project_id="mwinc", action=audit.REFUSED))
    assert refused["user_name"].tolist() == ["b"]


# --- the Council's rule: a re-plan of NOK 10 000 or more goes through a change request ---------------------


@pytest.mark.parametrize(
    "typed, moved",
    [("410000", D("10000.00")), ("400000,00", None)],
    ids=["10 000 moved", "nothing moved"],
)
def test_a_direct_re_plan_of_10_000_or_more_is_refused_with_nothing_written(con, typed, moved):
    plan = current_plan(con)
    # 2025 (2021-2024 are locked by the seed's accounts reports): other operating (400 000.00) up by 10 000.00,
    # USN's WP1 personnel (700 000.00) down by 10 000.00: moves exactly 10 000.00
    other, wp1 = line(plan, "other_operating", None), line(plan, "personnel_indirect", "WP1")
    edits = {other: {"amount": typed}, wp1: {"amount": "690000"}}
    edited = plan_versions.apply_edits(plan, edits)
    before = counts(con)
    if moved is None:  # only WP1 down: the positive differences sum to 0, which is below the limit
        version = plan_versions.save_new_version(con, "mwinc", "v2", edited, "cut", LEADER, dt.datetime(2025, 7, 1))
        assert version == "v3"
        return
    with pytest.raises(plan_versions.NeedsChangeRequest) as refused:
        plan_versions.save_new_version(con, "mwinc", "v2", edited, "move", LEADER, dt.datetime(2025, 7, 1))
    assert (refused.value.code, refused.value.values["moved"]) == ("too_large", moved)
    assert counts(con) == before


def line(plan, category: str, wp_code: str | None) -> int:
    """The position of USN's 2025 plan line of a cost category and work package (cost_plan.csv)."""
    wp = plan["wp_code"].isna() if wp_code is None else plan["wp_code"] == wp_code
    found = plan.index[
        (plan["year"] == 2025) & (plan["partner_id"] == "usn") & (plan["cost_category"] == category) & wp
    ]
    return int(found[0])


def test_a_direct_re_plan_just_below_10_000_is_saved(con):
    plan = current_plan(con)
    edited = plan_versions.apply_edits(plan, {line(plan, "other_operating", None): {"amount": "409999,99"}})
    # 400 000.00 + 9 999.99
    assert plan_versions.save_new_version(con, "mwinc", "v2", edited, "small", LEADER, dt.datetime(2025, 7, 1)) == "v3"


def test_a_direct_re_plan_is_refused_while_a_change_request_is_open(con):
    from monitor.changes import edit as changes

    request = changes.create_draft(con, "mwinc", "budget", "Move", None, LEADER, dt.datetime(2024, 7, 1))
    edited = plan_versions.apply_edits(current_plan(con), {0: {"amount": "20001"}})
    before = counts(con)
    with pytest.raises(plan_versions.NeedsChangeRequest) as refused:
        plan_versions.save_new_version(con, "mwinc", "v2", edited, "small", LEADER, dt.datetime(2024, 7, 2))
    assert (refused.value.code, refused.value.values) == ("request_open", {"request": request})
    assert counts(con) == before


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
