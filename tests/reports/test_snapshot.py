"""Freezing a submitted report: the copy never changes, the differences show, viewers cannot freeze."""

import datetime as dt
from decimal import Decimal

import pytest

from monitor import cli
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.reports import snapshot, tables
from tests.reports.conftest import AS_OF

LEADER = Scope("annett.arntzen", "leader")
NOW = dt.datetime(2025, 1, 19, 14, 0)


def build(con) -> tables.Report:
    return tables.build(con, "mwinc", "accounts", 2024, AS_OF, LEADER, 90)


def test_frozen_copy_does_not_change_when_the_data_does(con):
    stored = snapshot.freeze(con, build(con), LEADER, NOW)
    before = tables.to_json(stored.tables)
    # a late ledger correction on a 2024 travel line of USN (account 7140: other operating cost)
    entry = con.execute(
        "select min(entry_id) from ledger_entry where year = 2024 and account = '7140' and partner_id = 'usn'"
    ).fetchone()[0]
    con.execute("update ledger_entry set amount = amount + 100 where entry_id = ?", [entry])
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


def test_export_command_writes_the_file(db_path, tmp_path, capsys):
    out = tmp_path / "out" / "accounts.xlsx"
    code = cli.main(
        [
            "export",
            "--project",
            "mwinc",
            "--report",
            "accounts",
            "--year",
            "2024",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--as-of",
            "2025-01-20",
            "--db",
            str(db_path),
        ]
    )
    assert code == 0 and out.read_bytes().startswith(b"PK")
    assert "fingerprint" in capsys.readouterr().out


def test_export_command_without_as_of_reports_as_of_the_end_of_a_finished_project(db_path, tmp_path, capsys):
    """The date the app opens on (app.as_of is null in config.yaml): MW Inc ended 30.11.2025, before today."""
    end = "2025-11-30"  # data/seed/mwinc/project.yaml
    assert dt.date.today() > dt.date.fromisoformat(end)

    def fingerprint(*as_of: str) -> str:
        out = tmp_path / "final.zip"
        args = ["export", "--report", "final", "--format", "csv", "--out", str(out), "--db", str(db_path), *as_of]
        assert cli.main(args) == 0
        return capsys.readouterr().out.split("fingerprint ")[1].strip()

    assert fingerprint() == fingerprint("--as-of", end)
    assert fingerprint() != fingerprint("--as-of", dt.date.today().isoformat())  # as it was before: today


def test_export_command_needs_a_year(db_path, tmp_path, capsys):
    code = cli.main(
        ["export", "--report", "progress", "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--db", str(db_path)]
    )
    assert code == 2 and "--year" in capsys.readouterr().err
