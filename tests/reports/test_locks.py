"""Locked years: a submitted accounts report locks its year; imports, undo, plan versions and in-kind hours that
would change it are refused with nothing written; an admin reopens it with a reason (audited); re-submitting
locks it again; figures changed after a lock are found.

The seed's submitted accounts reports (data/seed/mwinc/submitted_reports.csv) lock 2021 (14.01.2022),
2022 (16.01.2023), 2023 (15.01.2024) and 2024 (14.01.2025), each at 12:00; 2025 is open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from monitor import db
from monitor.access.scope import AccessDenied, Scope
from monitor.budget import edit as plan_versions
from monitor.errors import Invalid
from monitor.ledger import commit as ledger_commit
from monitor.ledger.stage import ImportRequest, prepare
from monitor.partners import inkind
from monitor.reports import locks, snapshot, tables

ADMIN = Scope("siri.admin", "admin")
LEADER = Scope("annett.arntzen", "leader", frozenset({"mwinc"}))
PARTNER = Scope("nav_vt.kontakt", "partner", frozenset({"mwinc"}), "nav_vt")
VIEWER = Scope("funder", "viewer", frozenset({"mwinc"}))
NOW = dt.datetime(2025, 6, 2, 10, 0)
# Two cost lines of USN: 1 234,50 on 05.01.2025 (open) and -34,50 on 10.02.2024 (locked): 1 200,00 in all.
CSV = "Dato;Konto;Beløp\r\n05.01.2025;5000;1 234,50\r\n10.02.2024;6790;-34,50\r\n"
TABLES = ("ledger_entry", "import_batch", "audit_log", "year_lock", "plan_version", "cost_plan", "inkind_contribution")


def counts(con) -> dict[str, int]:
    """Rows of every table a refused write must leave alone (the test's own SQL)."""
    return {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in TABLES}  # noqa: S608


def csv_file(tmp_path: Path, text: str = CSV) -> Path:
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")
    return path


def preview(con, settings, path: Path):
    return prepare(con, ImportRequest(path=path, project_id="mwinc", partner_id="usn"), LEADER, settings)


def audit_rows(con, action: str, table: str) -> list[tuple]:
    return con.execute(
        "select user_name, row_key, field, new_value from audit_log where action = $action and table_name = $table "
        "order by audit_id",
        {"action": action, "table": table},
    ).fetchall()


def resubmit(con, year: int, as_of: dt.date, when: dt.datetime) -> snapshot.Snapshot:
    report = tables.build(con, "mwinc", "accounts", year, as_of, LEADER, 90)
    return snapshot.freeze(con, report, LEADER, when)


def test_the_seeds_submitted_accounts_reports_lock_their_years(con):
    found = locks.locked(con, "mwinc", LEADER)
    assert sorted(found) == [2021, 2022, 2023, 2024]
    assert found[2023].locked_at == dt.datetime(2024, 1, 15, 12, 0) and found[2023].locked_by == "seed"
    frozen = snapshot.snapshot_by_id(con, "mwinc", found[2023].snapshot_id, LEADER)
    assert (frozen.kind, frozen.period) == ("accounts", "2023")  # the progress report of 2023 locks nothing
    assert locks.locked(con, "mwinc", LEADER, [2025]) == {}


def test_an_import_with_a_line_in_a_locked_year_is_refused_and_accepted_after_a_reopen(con, settings, tmp_path):
    before = counts(con)
    refused = preview(con, settings, csv_file(tmp_path))
    assert refused.blocked
    assert any(str(b).startswith("Locked year(s): 2024 (locked on 14 Jan 2025") for b in refused.blockers)
    assert any("administrator can reopen" in str(b) for b in refused.blockers)
    with pytest.raises(ledger_commit.ImportBlocked):
        ledger_commit.commit(con, refused, LEADER, settings)
    assert counts(con) == before  # all or nothing: the 2025 line is not written either

    locks.reopen(con, "mwinc", 2024, "The auditor found a credit note booked in 2024", ADMIN, NOW)
    assert audit_rows(con, "update", "year_lock") == [
        ("siri.admin", "2024", "reopened_by", "siri.admin"),
        ("siri.admin", "2024", "reopened_at", NOW.isoformat()),
        ("siri.admin", "2024", "reopen_reason", "The auditor found a credit note booked in 2024"),
    ]
    accepted = preview(con, settings, csv_file(tmp_path))
    assert not accepted.blocked
    result = ledger_commit.commit(con, accepted, LEADER, settings)
    assert (result.rows_inserted, result.amount_total) == (2, Decimal("1200.00"))  # 1234.50 - 34.50
    assert [row[0] for row in audit_rows(con, "import", "import_batch")] == ["annett.arntzen"]


def test_a_year_locked_after_the_preview_refuses_the_commit(con, settings, tmp_path):
    locks.reopen(con, "mwinc", 2024, "correction", ADMIN, NOW)
    ready = preview(con, settings, csv_file(tmp_path))
    assert not ready.blocked
    resubmit(con, 2024, dt.date(2025, 6, 2), NOW + dt.timedelta(minutes=5))  # the 2024 accounts sent again
    before = counts(con)
    with pytest.raises(locks.YearLocked) as refused:
        ledger_commit.commit(con, ready, LEADER, settings)
    assert refused.value.years == [2024] and "locked on 2 Jun 2025" in str(refused.value)
    assert counts(con) == before


def test_undo_of_a_batch_with_a_line_in_a_locked_year_is_refused(con, settings, tmp_path):
    locks.reopen(con, "mwinc", 2024, "correction", ADMIN, NOW)
    batch = ledger_commit.commit(con, preview(con, settings, csv_file(tmp_path)), LEADER, settings).batch_id
    resubmit(con, 2024, dt.date(2025, 6, 2), NOW + dt.timedelta(minutes=5))
    history = locks.history(con, "mwinc", LEADER, 2024)
    assert [lock.in_force for lock in history] == [True, False]  # a new lock; the reopened one kept
    before = counts(con)
    with pytest.raises(locks.YearLocked, match="2024"):
        ledger_commit.undo(con, "mwinc", batch, LEADER)
    assert counts(con) == before
    assert con.execute("select undone_at from import_batch where batch_id = $b", {"b": batch}).fetchone() == (None,)


def test_a_plan_version_changing_a_locked_year_is_refused(con):
    # the current plan v2; each edit moves 5 000, below the 10 000 a change request is needed for
    plan = db.query(con, "cost_plan", project_id="mwinc", plan_version="v2", partner_id=None)
    in_2023 = int(plan.index[plan["year"] == 2023][0])
    raised = str(plan.loc[in_2023, "amount"] + 5000)
    before = counts(con)
    with pytest.raises(locks.YearLocked, match="2023"):
        plan_versions.save_new_version(
            con, "mwinc", "v2", plan_versions.apply_edits(plan, {in_2023: {"amount": raised}}), "x", LEADER, NOW
        )
    assert counts(con) == before
    in_2025 = int(plan.index[plan["year"] == 2025][0])
    edited = plan_versions.apply_edits(plan, {in_2025: {"amount": str(plan.loc[in_2025, "amount"] + 5000)}})
    assert plan_versions.save_new_version(con, "mwinc", "v2", edited, "2025 only", LEADER, NOW) == "v3"


def hours(day: dt.date) -> inkind.Entry:
    return inkind.Entry("nav_vt", day, "Rådgiver", "7,5", "Intervju", "WP1")


def test_in_kind_hours_in_a_locked_year_are_neither_reported_nor_approved(con, settings):
    before = counts(con)
    with pytest.raises(locks.YearLocked, match="2023"):
        inkind.report(con, "mwinc", hours(dt.date(2023, 5, 10)), PARTNER, settings, dt.date(2025, 6, 2))
    assert counts(con) == before
    # reported while 2023 was reopened, then the 2023 accounts were sent again: approving it is refused
    locks.reopen(con, "mwinc", 2023, "hours found late", ADMIN, NOW)
    key = inkind.report(con, "mwinc", hours(dt.date(2023, 5, 10)), PARTNER, settings, dt.date(2025, 6, 2))
    resubmit(con, 2023, dt.date(2025, 6, 2), NOW + dt.timedelta(minutes=5))
    before = counts(con)
    with pytest.raises(locks.YearLocked, match="2023"):
        inkind.decide(con, "mwinc", key, 1, inkind.APPROVED, "", LEADER)
    assert counts(con) == before
    row = con.execute("select status, version from inkind_contribution where contribution_id = $k", {"k": key})
    assert row.fetchone() == ("reported", 1)
    # a rejection changes no figure: allowed
    assert inkind.decide(con, "mwinc", key, 1, inkind.REJECTED, "wrong year", LEADER) == 2


@pytest.mark.parametrize("scope", [LEADER, PARTNER, VIEWER], ids=["leader", "partner", "viewer"])
def test_only_an_admin_reopens(con, scope):
    before = counts(con)
    with pytest.raises(AccessDenied):
        locks.reopen(con, "mwinc", 2024, "please", scope, NOW)
    assert counts(con) == before and 2024 in locks.locked(con, "mwinc", LEADER)


def test_a_reopen_needs_a_reason_and_a_locked_year(con):
    before = counts(con)
    with pytest.raises(Invalid) as empty:
        locks.reopen(con, "mwinc", 2024, "  ", ADMIN, NOW)
    assert empty.value.text("nb") == ["Begrunnelse: skriv hvorfor året åpnes igjen"]
    with pytest.raises(Invalid) as open_year:
        locks.reopen(con, "mwinc", 2025, "why not", ADMIN, NOW)
    assert open_year.value.text("en") == ["Year: 2025 is not locked"]
    assert counts(con) == before


def test_submitting_the_accounts_locks_the_year_in_the_same_transaction_audited(con):
    stored = resubmit(con, 2025, dt.date(2025, 11, 30), NOW)
    lock = locks.locked(con, "mwinc", LEADER)[2025]
    assert (lock.snapshot_id, lock.locked_by, lock.locked_at) == (stored.snapshot_id, "annett.arntzen", NOW)
    assert audit_rows(con, "insert", "year_lock") == [
        ("annett.arntzen", "2025", "lock_id", str(lock.lock_id)),
        ("annett.arntzen", "2025", "snapshot_id", str(stored.snapshot_id)),
    ]
    # a progress report locks nothing
    progress = tables.build(con, "mwinc", "progress", 2024, dt.date(2024, 9, 30), LEADER, 90)
    snapshot.freeze(con, progress, LEADER, NOW)
    assert sorted(locks.locked(con, "mwinc", LEADER)) == [2021, 2022, 2023, 2024, 2025]


def test_figures_changed_after_a_lock_are_found(con, settings, tmp_path):
    assert snapshot.changed_since_lock(con, "mwinc", 2022, LEADER, 90)[1].empty
    assert snapshot.changed_since_lock(con, "mwinc", 2025, LEADER, 90) is None  # never locked
    locks.reopen(con, "mwinc", 2024, "correction", ADMIN, NOW)
    ledger_commit.commit(con, preview(con, settings, csv_file(tmp_path)), LEADER, settings)
    lock, changes = snapshot.changed_since_lock(con, "mwinc", 2024, LEADER, 90)
    assert not lock.in_force  # reopened and not submitted again: still compared with what was sent
    cost = changes[(changes["table"] == "cost") & (changes["column"] == "actual")]
    # the one 2024 line, -34.50 on account 6790 (other operating); the 2025 line is not in the 2024 report
    assert cost[["row", "difference"]].values.tolist() == [[(2024, "other_operating"), Decimal("-34.50")]]
