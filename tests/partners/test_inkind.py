"""In-kind reporting and decisions: rules, access, optimistic locking, audit, effect on actual spend."""

import datetime as dt
from decimal import Decimal

import pytest

from monitor import config
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.budget import load as budget
from monitor.errors import Conflict, Invalid
from monitor.partners import inkind
from monitor.project import load as store
from tests.partners.conftest import AS_OF, MWINC, TODAY, seed_rows


def entry(**changes) -> inkind.Entry:
    values = {
        "partner_id": "nav_vt",
        "work_date": dt.date(2025, 10, 1),
        "person_role": "Rådgiver",
        "hours": Decimal("7.5"),
        "activity": "Intervjuer",
        "wp_code": "WP1",
    }
    return inkind.Entry(**{**values, **changes})


def log(con, **filters):
    return audit.read(con, local_user(), audit.Filters(project_id="mwinc", table_name=inkind.TABLE, **filters))


def count(con) -> int:
    return con.execute("select count(*) from inkind_contribution").fetchone()[0]


def spent(con) -> Decimal:
    return budget.spent_totals(store.load_project(con, "mwinc", AS_OF, Scope("t", "admin")))["total"]


def _reported(con, scope, settings, *hours: str) -> list[int]:
    return [
        inkind.report(con, "mwinc", entry(hours=Decimal(h), person_role=f"Rådgiver {i}"), scope, settings, TODAY)
        for i, h in enumerate(hours)
    ]


def test_a_partner_reports_its_own_hours_at_its_sector_rate(con, nav, settings):
    key = inkind.report(con, "mwinc", entry(), nav, settings, TODAY)
    row = inkind.rows(con, "mwinc", nav).set_index("contribution_id").loc[key]
    assert row["hourly_rate"] == Decimal("800.00")  # nav_vt is 'public': inkind.rates_by_sector public = 800
    assert row["amount"] == Decimal("6000.00")  # 7.5 × 800
    assert (row["status"], row["reported_by"], row["version"]) == ("reported", "nav", 1)
    logged = log(con, row_key=str(key))
    assert set(logged["action"]) == {"insert"} and set(logged["user_name"]) == {"nav"}
    assert dict(zip(logged["field"], logged["new_value"], strict=True))["amount"] == "6000.00"


def test_a_partner_rate_overrides_the_sector_rate(con, nav, settings):
    custom = config.Config({**settings.values, "inkind.rates_by_partner": {"nav_vt": 950}})
    key = inkind.report(con, "mwinc", entry(hours=Decimal("2")), nav, custom, TODAY)
    assert inkind.rows(con, "mwinc", nav).set_index("contribution_id").loc[key, "amount"] == Decimal("1900.00")


def test_a_partner_reporting_for_another_partner_is_refused_and_logged(con, nav, settings):
    before = count(con)
    with pytest.raises(AccessDenied):
        inkind.report(con, "mwinc", entry(partner_id="nho_vt"), nav, settings, TODAY)
    assert count(con) == before
    denied = log(con, action=inkind.DENIED)
    assert (denied.iloc[0]["user_name"], denied.iloc[0]["new_value"]) == ("nav", "nho_vt")


@pytest.mark.parametrize(
    "scope", [Scope("reader", "viewer", MWINC), Scope("nav", "partner", frozenset({"x"}), "nav_vt")]
)
def test_viewers_and_other_projects_cannot_report(con, settings, scope):
    with pytest.raises(AccessDenied):
        inkind.report(con, "mwinc", entry(), scope, settings, TODAY)
    assert len(log(con, action=inkind.DENIED)) == 1


def test_a_leader_may_report_on_a_partner_s_behalf(con, leader, settings):
    key = inkind.report(con, "mwinc", entry(partner_id="nho_vt"), leader, settings, TODAY)
    assert inkind.rows(con, "mwinc", leader).set_index("contribution_id").loc[key, "hourly_rate"] == Decimal("900.00")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("-1")}, "hours"),
        ({"hours": Decimal("24.5")}, "hours"),
        ({"hours": Decimal("1.234")}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"hours": "NaN"}, "hours"),
        ({"work_date": dt.date(2021, 11, 30)}, "work_date"),  # the day before the project starts
        ({"work_date": dt.date(2025, 12, 1)}, "work_date"),  # the day after it ends
        ({"person_role": "  "}, "person_role"),
        ({"activity": ""}, "activity"),
        ({"wp_code": "WP9"}, "wp_code"),
        ({"wp_code": ""}, "wp_code"),
    ],
)
def test_invalid_reports_are_refused_and_nothing_is_written(con, nav, settings, changes, field):
    before = count(con)
    with pytest.raises(Invalid) as refused:
        inkind.report(con, "mwinc", entry(**changes), nav, settings, TODAY)
    assert field in [p.column for p in refused.value.problems]
    assert count(con) == before and log(con).empty


def test_future_hours_are_refused(con, nav, settings):
    with pytest.raises(Invalid, match="future"):
        inkind.report(con, "mwinc", entry(work_date=dt.date(2025, 10, 2)), nav, settings, dt.date(2025, 10, 1))


def test_one_person_has_at_most_24_hours_a_day(con, nav, settings):
    inkind.report(con, "mwinc", entry(hours=Decimal("20")), nav, settings, TODAY)
    with pytest.raises(Invalid, match="at most 24 a day"):
        inkind.report(con, "mwinc", entry(hours=Decimal("4.5"), person_role=" rådgiver"), nav, settings, TODAY)
    inkind.report(con, "mwinc", entry(hours=Decimal("4")), nav, settings, TODAY)  # 20 + 4 = 24 is allowed


def test_approval_raises_actual_spend_by_exactly_the_amount(con, nav, leader, settings):
    key = inkind.report(con, "mwinc", entry(hours=Decimal("3.25")), nav, settings, TODAY)
    before = spent(con)
    assert spent(con) == before  # reported only: not actual cost yet
    assert inkind.decide(con, "mwinc", key, 1, inkind.APPROVED, "ok", leader) == 2
    assert spent(con) - before == Decimal("2600.00")  # 3.25 × 800
    changes = dict(zip(log(con, action="update")["field"], log(con, action="update")["new_value"], strict=True))
    assert changes == {"status": "approved", "decided_by": "leader", "decision_comment": "ok"}


def test_rejection_needs_a_comment_and_leaves_spend_unchanged(con, nav, leader, settings):
    key = inkind.report(con, "mwinc", entry(), nav, settings, TODAY)
    before = spent(con)
    with pytest.raises(Invalid, match="comment"):
        inkind.decide(con, "mwinc", key, 1, inkind.REJECTED, "  ", leader)
    inkind.decide(con, "mwinc", key, 1, inkind.REJECTED, "Not project work", leader)
    row = inkind.rows(con, "mwinc", leader).set_index("contribution_id").loc[key]
    assert (row["status"], row["decision_comment"], row["decided_by"]) == ("rejected", "Not project work", "leader")
    assert spent(con) == before


def test_a_partner_cannot_decide_and_the_attempt_is_logged(con, nav, settings):
    key = inkind.report(con, "mwinc", entry(), nav, settings, TODAY)
    with pytest.raises(AccessDenied):
        inkind.decide(con, "mwinc", key, 1, inkind.APPROVED, "", nav)
    assert inkind.rows(con, "mwinc", nav).set_index("contribution_id").loc[key, "status"] == "reported"
    assert log(con, action=inkind.DENIED).iloc[0]["user_name"] == "nav"


def test_a_stale_decision_is_refused_and_logged(con, nav, leader, admin, settings):
    key = inkind.report(con, "mwinc", entry(), nav, settings, TODAY)
    inkind.decide(con, "mwinc", key, 1, inkind.APPROVED, "", leader)  # both read version 1; the leader decides first
    with pytest.raises(Conflict, match="leader"):
        inkind.decide(con, "mwinc", key, 1, inkind.REJECTED, "too many hours", admin)
    assert inkind.rows(con, "mwinc", leader).set_index("contribution_id").loc[key, "status"] == "approved"
    refused = log(con, action="refused", row_key=str(key))
    assert set(refused["user_name"]) == {"admin"}


def test_a_decided_row_cannot_be_decided_again(con, nav, leader, settings):
    key = inkind.report(con, "mwinc", entry(), nav, settings, TODAY)
    inkind.decide(con, "mwinc", key, 1, inkind.APPROVED, "", leader)
    with pytest.raises(Conflict):
        inkind.decide(con, "mwinc", key, 2, inkind.REJECTED, "changed my mind", leader)


def test_several_reports_are_approved_at_once_each_audited(con, nav, leader, settings):
    keys = _reported(con, nav, settings, "2", "3.5")
    before = spent(con)
    assert inkind.decide_many(con, "mwinc", {k: 1 for k in keys}, inkind.APPROVED, "ok", leader) == {k: 2 for k in keys}
    assert spent(con) - before == Decimal("4400.00")  # (2 + 3.5) h × 800
    updates = log(con, action="update")
    assert sorted(set(updates["row_key"])) == sorted(str(k) for k in keys)
    assert len(updates) == 6  # status, decided_by, decision_comment for each of the two


def test_one_changed_report_refuses_the_whole_decision_and_names_it(con, nav, leader, admin, settings):
    first, second = _reported(con, nav, settings, "2", "3")
    inkind.decide(
        con, "mwinc", second, 1, inkind.REJECTED, "duplicate", admin
    )  # another leader decides one of them first
    with pytest.raises(Conflict) as refused:
        inkind.decide_many(con, "mwinc", {first: 1, second: 1}, inkind.APPROVED, "", leader)
    assert (refused.value.key, refused.value.changed_by) == (second, "admin")
    statuses = inkind.rows(con, "mwinc", leader).set_index("contribution_id")["status"]
    assert (statuses[first], statuses[second]) == ("reported", "rejected")  # the first was not approved either
    assert set(log(con, action="refused")["row_key"]) == {str(second)}
    assert log(con, action="update", user_name="leader").empty


def test_a_bulk_rejection_needs_a_comment_and_a_choice(con, nav, leader, settings):
    keys = _reported(con, nav, settings, "2", "3")
    with pytest.raises(Invalid) as refused:
        inkind.decide_many(con, "mwinc", {k: 1 for k in keys}, inkind.REJECTED, " ", leader)
    assert [p.rule for p in refused.value.problems] == ["comment_required"]
    with pytest.raises(Invalid) as refused:
        inkind.decide_many(con, "mwinc", {}, inkind.APPROVED, "", leader)
    assert [p.rule for p in refused.value.problems] == ["none_chosen"]
    assert set(inkind.rows(con, "mwinc", leader, status=inkind.REPORTED)["contribution_id"]) >= set(keys)


def test_a_partner_cannot_decide_in_bulk(con, nav, settings):
    keys = _reported(con, nav, settings, "2", "3")
    with pytest.raises(AccessDenied):
        inkind.decide_many(con, "mwinc", {k: 1 for k in keys}, inkind.APPROVED, "", nav)
    assert set(inkind.rows(con, "mwinc", nav).set_index("contribution_id").loc[keys, "status"]) == {"reported"}


@pytest.mark.parametrize(
    "changes, field, rule",
    [
        ({"hours": Decimal("0")}, "hours", "hours_range"),
        ({"hours": Decimal("1.234")}, "hours", "hours_decimals"),
        ({"hours": "abc"}, "hours", "not_a_number"),
        ({"hours": " "}, "hours", "required"),
        ({"work_date": dt.date(2025, 12, 1)}, "work_date", "outside_period"),
        ({"person_role": "  "}, "person_role", "required"),
        ({"wp_code": "WP9"}, "wp_code", "unknown_wp"),
    ],
)
def test_every_problem_carries_a_rule(con, nav, settings, changes, field, rule):
    with pytest.raises(Invalid) as refused:
        inkind.report(con, "mwinc", entry(**changes), nav, settings, TODAY)
    assert [(p.column, p.rule) for p in refused.value.problems] == [(field, rule)]


def test_hours_typed_with_a_decimal_comma_are_read(con, nav, settings):
    key = inkind.report(con, "mwinc", entry(hours=" 7,5 "), nav, settings, TODAY)  # as typed in the nb form
    assert inkind.rows(con, "mwinc", nav).set_index("contribution_id").loc[key, "amount"] == Decimal("6000.00")


@pytest.mark.parametrize("typed", ["٧,٥", "７,５", "7,٥"])
def test_hours_in_other_digits_than_ascii_are_refused(con, nav, settings, typed):
    """Decimal('٧.٥') is 7.5 to Python; a number of hours takes the digits 0-9 only (issue 13, case 8)."""
    before = len(inkind.rows(con, "mwinc", nav))
    with pytest.raises(Invalid) as refused:
        inkind.report(con, "mwinc", entry(hours=typed), nav, settings, TODAY)
    assert [(p.column, p.rule) for p in refused.value.problems] == [("hours", "not_a_number")]
    assert len(inkind.rows(con, "mwinc", nav)) == before  # nothing written


def test_a_partner_s_in_kind_rows_are_its_own(con, nav):
    rows = inkind.rows(con, "mwinc", nav)
    assert set(rows["partner_id"]) == {"nav_vt"}
    assert len(rows) == sum(r["partner_id"] == "nav_vt" for r in seed_rows("inkind.csv"))  # 15 rows


def test_a_viewer_gets_no_in_kind_detail_rows_and_the_attempt_is_logged(con, reader):
    with pytest.raises(AccessDenied):
        inkind.rows(con, "mwinc", reader)
    denied = audit.read(con, local_user(), audit.Filters(project_id="mwinc", action=inkind.DENIED))
    assert list(denied["user_name"]) == ["reader"]
