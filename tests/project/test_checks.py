"""`check` against the embedded seed (clean but for one published rounding) and deliberately broken copies."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from monitor.access.scope import local_user
from monitor.cli import main
from monitor.project.checks import ERROR, WARNING, check_project
from monitor.setup import seed


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


def test_the_embedded_seed_has_no_errors_and_warns_of_the_rounded_grant(con, settings):
    findings = check_project(con, "mwinc", settings, local_user())
    assert [f.level for f in findings] == [WARNING]
    # published grant 11.9 mill.; plan grant = 15 102 000 - 3 154 000 = 11 948 000
    assert findings[0].code == "declared_funder_differs"
    assert findings[0].values["difference"] == Decimal("48000.00")


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


def test_cli_exit_codes(tmp_path, seed_dir, db_path, capsys):
    assert main(["check", "--db", str(db_path), "--lang", "en"]) == 0
    assert "1 warning(s)" in capsys.readouterr().out
    edit_csv(seed_dir, "ledger.csv", _unknown_partner)
    broken = tmp_path / "broken-cli.duckdb"
    assert main(["init", "--seed", str(seed_dir), "--db", str(broken)]) == 0
    assert main(["check", "--db", str(broken), "--project", "mwinc", "--lang", "en"]) == 1
    assert "Unknown partner 'nobody'" in capsys.readouterr().out
    assert main(["check", "--db", str(broken), "--project", "nope"]) == 2
