"""`check` against the embedded seed (clean but for one published rounding) and deliberately broken copies, the
ledger's integrity after imports (issue 13, case 6), and checks of another project refused."""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from monitor import db
from monitor.access.scope import AccessDenied, local_user
from monitor.ledger.commit import commit
from monitor.ledger.stage import ImportRequest, prepare
from monitor.project import checks
from monitor.project.checks import ERROR, WARNING, check_project
from monitor.setup import seed
from tests.damage import cli, commit_into_wal_only
from tests.ledger.helpers import TESTER, analysis, saft_file, saft_line, transaction
from tests.scopes import OTHER_LEADER


def edit_csv(folder: Path, name: str, change) -> None:
    path = folder / name
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def findings_for(tmp_path, seed_dir, settings):
    path = tmp_path / "broken.duckdb"
    seed.build_database(path, seed_dir, settings)
    from monitor import db

    con = db.connect(path)
    try:
        return check_project(con, "mwinc", settings, local_user())
    finally:
        con.close()


def _raise_first_cost(rows):
    rows[0]["amount"] = str(Decimal(rows[0]["amount"]) + 1000)  # 2021 cost plan: 251 000 against funding 250 000
    return rows


def _unknown_partner(rows):
    rows[0]["partner_id"] = "nobody"
    return rows


def _unknown_wp(rows):
    rows[0]["wp_code"] = "WP9"
    return rows


def _unmapped_account(rows):
    rows[0]["account"] = "3000"  # a revenue account: no rule maps it, and it is outside 4000-7999
    return rows


def _late_posting(rows):
    rows[-1]["posting_date"] = "2026-03-01"  # after the project end 2025-11-30
    return rows


def _import_two_lines(con, settings, tmp_path) -> int:
    """Two cost lines on mwinc's dimension, 1000.00 + 250.50 = 1250.50 (each balanced by a bank line)."""
    path = saft_file(
        tmp_path / "two.xml",
        [
            transaction(
                "1",
                "2025-03-01",
                [
                    saft_line(1, "5000", "Debit", "1000.00", analysis("P", "326917")),
                    saft_line(2, "1920", "Credit", "1000.00"),
                ],
            ),
            transaction(
                "2",
                "2025-03-02",
                [
                    saft_line(1, "6790", "Debit", "250.50", analysis("P", "326917")),
                    saft_line(2, "1920", "Credit", "250.50"),
                ],
            ),
        ],
    )
    request = ImportRequest(path=path, project_id="mwinc", partner_id="usn", dimension="P:326917")
    with db.session(con):  # the stage is a temp table: prepare and commit on one connection
        return commit(con, prepare(con, request, TESTER, settings), TESTER, settings).batch_id


def _codes(con, settings):
    return [
        (f.code, f.values)
        for f in checks.check_project(con, "mwinc", settings, local_user())
        if f.code.startswith(("batch_", "audit_", "lines_without"))
    ]


def test_the_embedded_seed_has_no_errors_and_warns_of_the_rounded_grant(con, settings):
    findings = check_project(con, "mwinc", settings, local_user())
    assert [f.level for f in findings] == [WARNING]
    # published grant 11.9 mill.; plan grant = 15 102 000 - 3 154 000 = 11 948 000
    assert findings[0].code == "declared_funder_differs"
    assert findings[0].values["difference"] == Decimal("48000.00")


@pytest.mark.parametrize(
    "file, change, level, code, values",
    [
        (
            "cost_plan.csv",
            _raise_first_cost,
            ERROR,
            "plan_unbalanced",
            {"year": 2021, "difference": Decimal("1000.00")},
        ),
        (
            "cost_plan.csv",
            _raise_first_cost,
            ERROR,
            "declared_total_differs",
            {"difference": Decimal("1000.00")},
        ),  # plan 15 103 000 against the published 15 102 000
        ("ledger.csv", _unknown_partner, ERROR, "unknown_partner", {"value": "nobody", "table": "ledger_entry"}),
        ("milestones.csv", _unknown_wp, ERROR, "unknown_wp", {"value": "WP9", "table": "milestone"}),
        ("ledger.csv", _unmapped_account, ERROR, "uncategorised_account", {"account": "3000", "count": 1}),
        ("ledger.csv", _unmapped_account, WARNING, "account_outside_cost_range", {"account": "3000"}),
        ("ledger.csv", _late_posting, WARNING, "outside_period", {"table": "ledger_entry"}),
    ],
)
def test_check_finds_each_kind_of_inconsistency(tmp_path, seed_dir, settings, file, change, level, code, values):
    edit_csv(seed_dir, file, change)
    findings = findings_for(tmp_path, seed_dir, settings)
    matching = [f for f in findings if f.code == code]
    assert matching, [f.code for f in findings]
    assert matching[0].level == level
    for name, value in values.items():
        assert matching[0].values[name] == value


@pytest.mark.duckdb_only  # PostgreSQL refuses the second line itself (migration 009; tests/test_db.py)
def test_a_source_line_held_twice_is_an_error(con, settings):
    # The ledger has no unique index (migration 007): a line written twice by anything but the importer is found.
    con.execute(
        "insert into ledger_entry (project_id, posting_date, year, period, account, cost_category, partner_id,"
        " amount, source_line) select project_id, posting_date, year, period, account, cost_category, partner_id,"
        " 125.50, 'manual:twice' from ledger_entry where project_id = 'mwinc' limit 2"
    )
    found = [f for f in check_project(con, "mwinc", settings, local_user()) if f.code == "duplicate_source_line"]
    assert [(f.level, f.values) for f in found] == [
        (ERROR, {"key": "manual:twice", "count": 2, "amount": Decimal("251.00")})
    ]  # 2 x 125.50


def test_dates_outside_the_period_are_found_in_every_register(tmp_path, seed_dir, settings):
    edit_csv(seed_dir, "deliverables.csv", lambda rows: [{**rows[0], "due_date": "2021-01-31"}, *rows[1:]])
    findings = findings_for(tmp_path, seed_dir, settings)
    assert any(
        f.code == "outside_period" and f.values["table"] == "deliverable" and f.values["key"] == "D1.1"
        for f in findings
    )


def test_checks_of_another_project_are_refused(con, settings):
    with pytest.raises(AccessDenied):
        checks.check_project(con, "mwinc", settings, OTHER_LEADER)


def test_a_clean_import_gives_no_finding(con, settings, tmp_path):
    _import_two_lines(con, settings, tmp_path)
    assert _codes(con, settings) == []


def test_a_batch_whose_lines_are_missing_or_changed_is_reported(con, settings, tmp_path):
    batch = _import_two_lines(con, settings, tmp_path)
    con.execute("delete from ledger_entry where batch_id = $batch and amount = 250.50", {"batch": batch})
    [(code, values)] = _codes(con, settings)
    assert code == "batch_lines_differ"
    assert (values["lines"], values["declared"], values["found"], values["amount"]) == (
        2,
        Decimal("1250.50"),
        1,
        Decimal("1000.00"),
    )
    con.execute("update ledger_entry set amount = 999.00 where batch_id = $batch", {"batch": batch})
    [(code, values)] = _codes(con, settings)
    assert (values["found"], values["amount"]) == (1, Decimal("999.00"))


def test_a_lost_batch_row_is_found_through_the_audit_log_and_its_orphan_lines(con, settings, tmp_path):
    batch = _import_two_lines(con, settings, tmp_path)
    con.execute("delete from import_batch where batch_id = $batch", {"batch": batch})
    found = dict(_codes(con, settings))
    assert found["audit_without_batch"]["batch"] == batch
    assert (found["lines_without_batch"]["found"], found["lines_without_batch"]["amount"]) == (2, Decimal("1250.50"))


def test_an_undo_in_the_audit_log_with_the_batch_still_active_is_reported(con, settings, tmp_path):
    batch = _import_two_lines(con, settings, tmp_path)
    con.execute(
        "insert into audit_log (project_id, user_name, action, table_name, row_key) "
        "values ('mwinc', 'tester', 'undo_import', 'import_batch', $batch)",
        {"batch": str(batch)},
    )
    assert _codes(con, settings) == [("audit_undo_not_marked", {"batch": batch, "file": "two.xml"})]


def test_a_write_ahead_log_replaced_by_random_bytes_is_reported_by_check(db_path):
    wal = commit_into_wal_only(db_path)
    garbage = os.urandom(wal.stat().st_size)
    wal.write_bytes(garbage)  # DuckDB ignores such a log: the committed row is gone
    result = cli("check", "--db", db_path, "--lang", "en")
    assert "Traceback" not in result.stderr
    assert "database: 0 error(s), 1 warning(s)" in result.stdout
    assert "DuckDB could not read the database's write-ahead log" in result.stdout
    [kept] = db.unreplayed_wals(db_path)
    assert kept.read_bytes() == garbage  # the evidence is kept
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select count(*) from audit_log where action = 'committed-change'").fetchone() == (0,)
    con.close()


def test_a_valid_write_ahead_log_is_replayed_and_reported_by_nobody(db_path):
    commit_into_wal_only(db_path)
    result = cli("check", "--db", db_path, "--lang", "en")
    assert "database: 0 error(s), 0 warning(s)" in result.stdout
    assert db.unreplayed_wals(db_path) == []
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select count(*) from audit_log where action = 'committed-change'").fetchone() == (1,)
    con.close()


def test_monthly_sums_written_around_the_app_are_reported(con, settings):
    """The portfolio's monthly sums (ledger_month) against the ledger: a line changed by hand shows as its month's
    stored and actual sums (the stored sum read before the change, the ledger's 100.00 more)."""
    key = con.execute("select min(source_line) from ledger_entry where account = '7140'").fetchone()[0]
    line = con.execute(
        "select posting_date, partner_id, wp_code, cost_category from ledger_entry where source_line = $key",
        {"key": key},
    ).fetchone()
    month = line[0].replace(day=1)
    stored = con.execute(  # the stored sum of the line's month, partner, work package and category
        "select amount from ledger_month where project_id = 'mwinc' and month_start = $month and partner_id = $partner"
        " and wp_code is not distinct from $wp::varchar and cost_category is not distinct from $category::varchar",
        {"month": month, "partner": line[1], "wp": line[2], "category": line[3]},
    ).fetchone()[0]
    con.execute("update ledger_entry set amount = amount + 100 where source_line = $key", {"key": key})
    found = [f for f in check_project(con, "mwinc", settings, local_user()) if f.code == "ledger_month_differs"]
    assert [(f.values["month"], f.values["stored"], f.values["ledger"]) for f in found] == [
        (month, stored, stored + Decimal("100.00"))
    ]


def test_a_project_without_a_cost_plan_gets_a_note_not_a_false_error(con, settings):
    """Issue 19: a project from the funder's open data (only the grant declared) has no plan of zero that differs
    from the declared 7 590 000: one note says the plan is missing, nothing counts as an error."""
    from tests.pages.helpers import add_declared_project

    project_id = add_declared_project(con)
    found = check_project(con, project_id, settings, local_user())
    assert found == [checks.Finding(checks.NOTE, "no_cost_plan")]
    assert not checks.has_errors(found)


def test_monitor_check_of_a_project_without_a_cost_plan_exits_0_with_a_note(db_path):
    from tests.pages.helpers import add_declared_project

    connection = db.connect(db_path)
    add_declared_project(connection)
    connection.close()
    result = cli("check", "--db", db_path, "--project", "226030", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "226030: 0 error(s), 0 warning(s), 1 note(s)" in result.stdout
    assert "Note: No cost plan yet" in result.stdout
