"""Freezing a submitted report: the copy never changes, the differences show, viewers cannot freeze."""

import datetime as dt
from decimal import Decimal

import pytest

from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.reports import calendar, snapshot, tables
from tests.reports import seed_figures
from tests.reports.conftest import AS_OF

LEADER = Scope("annett.arntzen", "leader")


NOW = dt.datetime(2025, 1, 19, 14, 0)


def build(con) -> tables.Report:
    return tables.build(con, "mwinc", "accounts", 2024, AS_OF, LEADER, 90)


END = dt.date(2025, 11, 30)


def test_frozen_copy_does_not_change_when_the_data_does(con):
    stored = snapshot.freeze(con, build(con), LEADER, NOW)
    before = tables.to_json(stored.tables)
    # a late ledger correction on a 2024 travel line of USN (account 7140: other operating cost)
    entry = con.execute(
        "select min(entry_id) from ledger_entry where year = 2024 and account = '7140' and partner_id = 'usn'"
    ).fetchone()[0]
    con.execute("update ledger_entry set amount = amount + 100 where entry_id = $entry", {"entry": entry})
    again = snapshot.snapshots(con, "mwinc", LEADER, "accounts", "2024")[0]
    assert tables.to_json(again.tables) == before
    assert again.content_hash == stored.content_hash == tables.fingerprint(again.tables)
    changes = snapshot.differences(again.tables, build(con).tables)
    cost = changes[changes["table"] == "cost"]
    assert cost[["row", "column", "difference"]].values.tolist() == [
        [(2024, "other_operating"), "actual", Decimal("100.00")]
    ]
    partner = changes[changes["table"] == "cost_partner"]
    assert partner["difference"].tolist() == [Decimal("100.00")]
    funding = changes[changes["table"] == "funding"]
    assert sum(funding["difference"], Decimal(0)) == Decimal("100.00")  # split over the funding sources


def test_freeze_is_audited_in_the_same_transaction(con):
    stored = snapshot.freeze(con, build(con), LEADER, NOW)
    log = audit.read(con, local_user(), audit.Filters(table_name="report_snapshot"))
    assert set(log["row_key"]) == {str(stored.snapshot_id)}
    assert set(log["user_name"]) == {"annett.arntzen"}
    assert stored.content_hash in set(log["new_value"])


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_only_leaders_and_admins_freeze(con, role):
    scope = Scope("someone", role, partner_id="nav_vt" if role == "partner" else None)
    before = [s.snapshot_id for s in snapshot.snapshots(con, "mwinc", LEADER)]  # the seed's submitted reports
    with pytest.raises(AccessDenied):
        snapshot.freeze(con, build(con), scope, NOW)
    assert [s.snapshot_id for s in snapshot.snapshots(con, "mwinc", LEADER)] == before


def test_no_differences_right_after_freezing(con):
    stored = snapshot.freeze(con, build(con), LEADER, NOW)
    assert snapshot.differences(stored.tables, build(con).tables).empty


def test_the_seed_holds_the_reports_sent_on_time(con):
    frozen = snapshot.snapshots(con, "mwinc", local_user())
    assert sorted((s.kind, s.period) for s in frozen) == sorted(
        [("accounts", str(y)) for y in range(2021, 2025)] + [("progress", str(y)) for y in (2022, 2023, 2024)]
    )
    assert {s.submitted_by for s in frozen} == {"seed"}
    sent = calendar.calendar(dt.date(2021, 12, 1), END, calendar.Rules(), snapshot.first_submissions(frozen), END)
    # at the project's end: everything past its deadline was sent; the final report (30.12.2025) and the
    # 2025 accounts (20.01.2026) are still to come
    assert "overdue" not in set(sent["status"])
    assert sent.loc[sent["status"] == "due", ["kind", "period"]].values.tolist() == [
        ["final", "final"],
        ["accounts", "2025"],
    ]
    on_time = [(row.deadline, row.submitted_at.date()) for row in sent.itertuples() if row.status == "submitted"]
    assert all(when <= deadline for deadline, when in on_time)


def test_a_seeded_report_freezes_the_figures_of_its_day(con):
    accounts_2021 = snapshot.snapshots(con, "mwinc", local_user(), "accounts", "2021")[0]
    assert accounts_2021.as_of == dt.date(2022, 1, 14)
    cost = accounts_2021.tables["cost"]
    expected = seed_figures.actual_cost(dt.date(2022, 1, 14))  # straight from ledger.csv and inkind.csv
    frozen = {(int(y), k): a for y, k, a in zip(cost["year"], cost["key"], cost["actual"], strict=True)}
    assert frozen == {key: value for key, value in expected.items() if key[0] == 2021}


# --- issue 17: the person-month table in a frozen report --------------------------------------------------------


def test_a_submitted_report_keeps_its_person_month_table(con):
    stored = snapshot.freeze(con, build(con), LEADER, NOW)
    again = snapshot.snapshots(con, "mwinc", LEADER, "accounts", "2024")[0]
    frozen = again.tables["effort"]
    # read back as exact Decimals (tests/reports/seed_figures.py: NAV VT's 351.8 h up to 31.12.2024 -> 2.59 PM)
    row = frozen[(frozen["wp_code"] == "WP1") & (frozen["partner_id"] == "nav_vt")].iloc[0]
    assert (row["planned_pm"], row["actual_hours"], row["actual_pm"]) == seed_figures.EFFORT_NAV_VT_2024
    assert all(isinstance(v, Decimal) for c in tables.EFFORT_COLUMNS for v in frozen[c])
    assert tables.to_json(again.tables) == tables.to_json(stored.tables)
    assert again.content_hash == stored.content_hash == tables.fingerprint(again.tables)
    # 10 more approved hours of USN in WP1 (January 2024): 480 + 10 = 490 h -> 5 880 / 1 628 = 3.6118 -> 3.61,
    # 0.07 more than the 3.54 submitted; the frozen copy keeps its figures
    con.execute(
        "update effort_actual set hours = hours + 10 where effort_id = (select min(effort_id) from effort_actual"
        " where wp_code = 'WP1' and status = 'approved' and month = date '2024-01-01')"
    )
    changes = snapshot.differences(again.tables, build(con).tables)
    effort = changes[changes["table"] == "effort"]
    assert effort[["row", "column", "difference"]].values.tolist() == [
        [("WP1", "usn"), "actual_hours", Decimal("10.00")],
        [("WP1", "usn"), "actual_pm", Decimal("0.07")],
    ]
    assert tables.to_json(snapshot.snapshots(con, "mwinc", LEADER, "accounts", "2024")[0].tables) == tables.to_json(
        stored.tables
    )


def test_a_snapshot_from_before_the_person_month_table_still_reads(con):
    # the seed's reports are frozen in the older form, without the table (monitor/setup/seed.py)
    frozen = snapshot.snapshots(con, "mwinc", local_user(), "accounts", "2023")[0]
    assert "effort" not in frozen.tables
    assert frozen.content_hash == tables.fingerprint(frozen.tables)  # its fingerprint is what was stored
    # today's report has the table, but it was not part of what was sent: no difference is made of it
    today = tables.build(con, "mwinc", "accounts", 2023, frozen.as_of, local_user(), 90)
    assert not today.tables["effort"].empty
    assert snapshot.differences(frozen.tables, today.tables).empty
    assert snapshot.changed_since_lock(con, "mwinc", 2023, LEADER, 90)[1].empty


def test_an_older_snapshot_s_json_reads_back_to_the_same_fingerprint():
    """A snapshot written before issue 17: its canonical JSON has no person-month table and reads back unchanged."""
    text = '{"cost":{"columns":["year","key","planned","actual"],"rows":[[2023,"personnel","100.00","90.50"]]}}'
    read = tables.from_json(text)
    assert list(read) == ["cost"] and read["cost"]["actual"].tolist() == [Decimal("90.50")]
    assert tables.to_json(read) == text
