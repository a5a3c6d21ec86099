"""Change requests written (monitor/changes/edit.py), on both engines: the lifecycle, the Council's rules refusing
with nothing written, approval making the new current plan (baseline untouched), a period change, the scope, and
every step in the audit log."""

import datetime as dt
from decimal import Decimal as D

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, local_user
from monitor.changes import edit, load
from monitor.errors import Conflict, Invalid
from tests.scopes import LEADER, NAV, READER

NOW = dt.datetime(2024, 11, 1, 10, 0)
TABLES = ("change_request", "change_request_line", "plan_version", "cost_plan", "funding_plan", "audit_log")


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # noqa: S608 (our names)


def codes(refused) -> list[str]:
    return [p.code for p in refused.value.problems]


def moved(con, request_id: int, changes: dict[tuple[int, str, str], D]) -> int:
    """Set a draft's lines: (year, partner, work package) of a personnel line -> its change; the new version."""
    lines = load.lines(con, request_id, LEADER)
    for (year, partner, wp), change in changes.items():
        found = lines[
            (lines["year"] == year)
            & (lines["partner_id"] == partner)
            & (lines["wp_code"] == wp)
            & (lines["cost_category"] == "personnel_indirect")
        ]
        lines.loc[found.index[0], "amount"] += change
    version = load.request(con, request_id, LEADER)["version"]
    return edit.set_lines(con, request_id, version, lines, LEADER)


# USN's WP1 personnel, 2024 (1 150 000 in v2) and 2025 (700 000): 2024's funds to 2025
MOVE_2024_TO_2025 = {(2024, "usn", "WP1"): D("-60000"), (2025, "usn", "WP1"): D("60000")}


@pytest.fixture
def draft(con) -> int:
    return edit.create_draft(con, "mwinc", "budget", "Move 60 000 to 2025", "Delayed", LEADER, NOW)


def test_a_draft_starts_from_the_whole_current_plan(con, draft):
    request = load.request(con, draft, LEADER)
    assert (request["status"], request["based_on"], request["version"]) == ("draft", "v2", 1)
    lines = load.lines(con, draft, LEADER)
    assert len(lines) == 41 and sum(lines["amount"]) == D("15102000.00")  # cost_plan.csv's 41 lines
    mine = audit.Filters(project_id="mwinc", table_name="change_request", user_name="annett")
    logged = audit.read(con, local_user(), mine)
    assert set(zip(logged["action"], logged["field"], logged["new_value"], strict=True)) == {
        ("insert", "kind", "budget"),
        ("insert", "title", "Move 60 000 to 2025"),
        ("insert", "reason", "Delayed"),
        ("insert", "based_on", "v2"),
        ("insert", "status", "draft"),
    }


def test_a_second_open_request_is_refused_with_nothing_written(con, draft):
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        edit.create_draft(con, "mwinc", "period", "Longer", None, LEADER, NOW)
    assert codes(refused) == ["one_open"]
    assert counts(con) == before


def test_below_10_000_the_submission_is_refused_with_nothing_written(con, draft):
    # 9 999.99 from WP2 to WP1 in 2024: no year's total changes, 9 999.99 moved
    version = moved(con, draft, {(2024, "usn", "WP2"): D("-9999.99"), (2024, "usn", "WP1"): D("9999.99")})
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        edit.submit(con, draft, version, LEADER, dt.date(2024, 6, 1))
    assert codes(refused) == ["no_request_needed"]
    assert "9,999.99" in refused.value.text("en")[0] and "9\u00a0999,99" in refused.value.text("nb")[0]
    assert counts(con) == before and load.request(con, draft, LEADER)["status"] == "draft"


@pytest.mark.parametrize(
    "day, accepted",
    [
        (dt.date(2024, 12, 31), True),
        (dt.date(2025, 1, 1), False),
        (dt.date(2025, 2, 19), False),
        (dt.date(2025, 2, 20), True),
        (dt.date(2025, 3, 15), True),
        (dt.date(2025, 3, 16), False),
    ],
)
def test_moving_2024_funds_to_2025_is_submitted_only_inside_the_windows(con, draft, day, accepted):
    version = moved(con, draft, MOVE_2024_TO_2025)
    if accepted:
        assert edit.submit(con, draft, version, LEADER, day) == version + 1
        assert load.request(con, draft, LEADER)["submitted_at"] == day
        return
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        edit.submit(con, draft, version, LEADER, day)
    assert codes(refused) == ["outside_window"]
    assert counts(con) == before


def submitted(con, request_id: int) -> int:
    version = moved(con, request_id, MOVE_2024_TO_2025)
    return edit.submit(con, request_id, version, LEADER, dt.date(2024, 11, 15))


@pytest.mark.usefixtures("years_reopened")  # 2024 is locked by the seed's accounts report of January 2025
def test_approval_makes_the_new_current_plan_and_leaves_the_baseline(con, draft):
    version = submitted(con, draft)
    edit.approve(con, draft, version, LEADER, dt.date(2024, 12, 10), "Granted", NOW)
    request = load.request(con, draft, LEADER)
    assert (request["status"], request["plan_version"], request["decided_at"]) == (
        "approved",
        "v3",
        dt.date(2024, 12, 10),
    )
    versions = db.query(con, "plan_versions", project_id="mwinc", partner_id=None)
    assert versions[["plan_version", "is_current"]].values.tolist() == [
        ["baseline", False],
        ["v2", False],
        ["v3", True],
    ]
    assert versions["label"].tolist()[-1] == "Move 60 000 to 2025"
    assert versions["total"].tolist() == [D("15102000.00")] * 3
    v3 = db.query(con, "cost_plan", project_id="mwinc", plan_version="v3", partner_id=None)
    usn_wp1 = v3[(v3["partner_id"] == "usn") & (v3["wp_code"] == "WP1") & (v3["year"] >= 2024)]
    assert usn_wp1["amount"].tolist() == [D("1090000.00"), D("760000.00")]  # 1 150 000 - 60 000, 700 000 + 60 000
    baseline = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    assert baseline[(baseline["partner_id"] == "usn") & (baseline["wp_code"] == "WP1")]["amount"].tolist()[-2:] == [
        D("1150000.00"),
        D("700000.00"),
    ]
    funding = db.query(con, "funding_plan", project_id="mwinc", plan_version="v3", partner_id="usn")
    funder = funding[funding["funding_source"] == "funder"].set_index("year")["amount"]
    # v2's USN funder lines 3 190 000 (2024) and 2 278 000 (2025), 60 000 moved with the cost
    assert (funder[2024], funder[2025]) == (D("3130000.00"), D("2338000.00"))


def test_an_approval_changing_a_locked_year_is_refused_with_nothing_written(con, draft):
    from monitor.reports import locks

    version = submitted(con, draft)  # submitted 15.11.2024; the seed's accounts report locked 2024 in January 2025
    before = counts(con)
    with pytest.raises(locks.YearLocked, match="2024"):
        edit.approve(con, draft, version, LEADER, dt.date(2025, 2, 1), "Granted", NOW)
    assert counts(con) == before
    assert load.request(con, draft, LEADER)["status"] == "submitted"


@pytest.mark.usefixtures("years_reopened")
def test_every_step_is_in_the_audit_log(con, draft):
    version = submitted(con, draft)
    edit.approve(con, draft, version, LEADER, dt.date(2024, 12, 10), None, NOW)
    log = audit.read(con, local_user(), audit.Filters(project_id="mwinc", user_name="annett"))
    steps = {(r["action"], r["table_name"], r["field"], r["new_value"]) for r in log.to_dict("records")}
    assert ("insert", "change_request", "status", "draft") in steps
    assert ("update", "change_request_line", "amount", "1090000.00") in steps
    assert ("update", "change_request", "status", "submitted") in steps
    assert ("update", "change_request", "submitted_at", "2024-11-15") in steps
    assert ("update", "change_request", "status", "approved") in steps
    assert ("update", "change_request", "plan_version", "v3") in steps
    assert ("insert", "plan_version", "label", "Move 60 000 to 2025") in steps


def test_a_rejection_leaves_the_plan(con, draft):
    version = submitted(con, draft)
    edit.reject(con, draft, version, LEADER, dt.date(2024, 12, 10), "Not now")
    assert load.request(con, draft, LEADER)["status"] == "rejected"
    assert db.scalar(con, "current_plan_version", project_id="mwinc") == "v2"
    log = audit.read(
        con, local_user(), audit.Filters(project_id="mwinc", table_name="change_request", row_key=str(draft))
    )
    assert ("status", "rejected") in set(zip(log["field"], log["new_value"], strict=True))


def test_only_a_draft_is_edited(con, draft):
    version = submitted(con, draft)
    lines = load.lines(con, draft, LEADER)
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        edit.set_lines(con, draft, version, lines.assign(amount=lines["amount"] + 1), LEADER)
    assert codes(refused) == ["wrong_status"]
    with pytest.raises(Invalid):
        edit.update_draft(con, draft, version, LEADER, "New title", None)
    with pytest.raises(Invalid):
        edit.discard(con, draft, version, LEADER)
    assert counts(con) == before


def test_a_decision_before_the_submission_is_refused(con, draft):
    version = submitted(con, draft)
    with pytest.raises(Invalid) as refused:
        edit.approve(con, draft, version, LEADER, dt.date(2024, 11, 14), None, NOW)
    assert codes(refused) == ["decided_before_submitted"]
    assert db.scalar(con, "current_plan_version", project_id="mwinc") == "v2"


def test_a_stale_step_is_refused_and_logged(con, draft):
    version = moved(con, draft, MOVE_2024_TO_2025)
    with pytest.raises(Conflict):
        edit.submit(con, draft, version - 1, LEADER, dt.date(2024, 11, 15))
    assert load.request(con, draft, LEADER)["status"] == "draft"
    refused = audit.read(con, local_user(), audit.Filters(project_id="mwinc", action=audit.REFUSED))
    assert refused[["table_name", "row_key", "user_name"]].values.tolist() == [["change_request", str(draft), "annett"]]


def test_a_period_change_sets_the_end_date_once_approved(con):
    request = edit.create_draft(
        con, "mwinc", "period", "Six more months", None, LEADER, NOW, new_end_date=dt.date(2026, 5, 31)
    )
    assert load.lines(con, request, LEADER).empty
    version = edit.submit(con, request, 1, LEADER, dt.date(2024, 11, 15))
    assert db.records(con, "project", project_id="mwinc")[0]["end_date"] == dt.date(2025, 11, 30)
    edit.approve(con, request, version, LEADER, dt.date(2024, 12, 1), None, NOW)
    assert db.records(con, "project", project_id="mwinc")[0]["end_date"] == dt.date(2026, 5, 31)
    assert db.scalar(con, "current_plan_version", project_id="mwinc") == "v2"  # the plan is not touched
    log = audit.read(con, local_user(), audit.Filters(project_id="mwinc", table_name="project"))
    assert log[["field", "old_value", "new_value"]].values.tolist() == [["end_date", "2025-11-30", "2026-05-31"]]


def test_a_period_request_without_an_end_date_is_not_submitted(con):
    request = edit.create_draft(con, "mwinc", "period", "Longer", None, LEADER, NOW)
    with pytest.raises(Invalid) as refused:
        edit.submit(con, request, 1, LEADER, dt.date(2024, 11, 15))
    assert codes(refused) == ["end_required"]


def test_a_draft_is_discarded(con, draft):
    edit.discard(con, draft, 1, LEADER)
    assert load.open_request(con, "mwinc", LEADER) is None
    assert con.execute("select count(*) from change_request_line where request_id = ?", [draft]).fetchone()[0] == 0


def test_bad_lines_are_named_and_nothing_is_written(con, draft):
    lines = load.lines(con, draft, LEADER)
    lines.loc[0, "amount"] = "12,345"  # three decimals
    lines.loc[1, "year"] = 2030
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        edit.set_lines(con, draft, 1, lines, LEADER)
    assert [(p.row, p.column) for p in refused.value.problems] == [(1, "amount")]
    lines.loc[0, "amount"] = D("1.00")
    with pytest.raises(Invalid) as refused:
        edit.set_lines(con, draft, 1, lines, LEADER)
    assert [(p.row, p.column, p.code) for p in refused.value.problems] == [(2, "year", "unknown_year")]
    assert counts(con) == before


def test_a_partner_sees_only_its_own_lines(con, draft):
    moved(con, draft, {(2024, "nav_vt", "WP1"): D("-20000"), (2025, "nav_vt", "WP1"): D("20000")})
    mine = load.lines(con, draft, NAV)
    assert set(mine["partner_id"]) == {"nav_vt"}
    # NAV Vestfold og Telemark's lines: 2022-2024 100 000 each, 2025 60 000; 20 000 moved from 2024 to 2025
    assert mine["amount"].tolist() == [D("100000.00"), D("100000.00"), D("80000.00"), D("80000.00")]
    every = load.lines_of_project(con, "mwinc", NAV)
    assert set(every["partner_id"]) == {"nav_vt"}


@pytest.mark.parametrize("scope", [NAV, READER], ids=["partner", "viewer"])
def test_a_partner_or_viewer_writes_nothing(con, draft, scope):
    version = moved(con, draft, MOVE_2024_TO_2025)
    lines = load.lines(con, draft, scope)
    before = counts(con)
    attempts = [
        lambda: edit.create_draft(con, "mwinc", "period", "Mine", None, scope, NOW),
        lambda: edit.set_lines(con, draft, version, lines, scope),
        lambda: edit.update_draft(con, draft, version, scope, "Mine", None),
        lambda: edit.submit(con, draft, version, scope, dt.date(2024, 11, 15)),
        lambda: edit.discard(con, draft, version, scope),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            attempt()
    version = edit.submit(con, draft, version, LEADER, dt.date(2024, 11, 15))
    before = counts(con)
    for attempt in (
        lambda: edit.approve(con, draft, version, scope, dt.date(2024, 12, 1), None, NOW),
        lambda: edit.reject(con, draft, version, scope, dt.date(2024, 12, 1), None),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert counts(con) == before


def test_a_leader_of_another_project_reads_nothing(con, draft):
    from tests.scopes import OTHER_LEADER

    with pytest.raises(AccessDenied):
        load.request(con, draft, OTHER_LEADER)
    with pytest.raises(AccessDenied):
        load.requests(con, "mwinc", OTHER_LEADER)
