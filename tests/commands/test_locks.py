"""`monitor locks list|reopen`: the seed's locked years listed; a reopen as the local user (an admin), audited;
a year that is not locked, or no reason, refused with exit 2 and nothing written."""

import duckdb

from tests.damage import cli


def audit_of(db_path) -> list[tuple]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(
            "select row_key, field, new_value from audit_log where table_name = 'year_lock' order by audit_id"
        ).fetchall()
    finally:
        con.close()


def test_list_shows_the_seeds_locked_years(db_path):
    result = cli("locks", "list", "--project", "mwinc", "--db", db_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # submitted_reports.csv: the accounts of 2021-2024, sent 14.01.2022, 16.01.2023, 15.01.2024, 14.01.2025 at 12:00
    assert [line[:39] for line in lines] == [
        "2021  locked 2022-01-14 12:00 by seed (",
        "2022  locked 2023-01-16 12:00 by seed (",
        "2023  locked 2024-01-15 12:00 by seed (",
        "2024  locked 2025-01-14 12:00 by seed (",
    ]
    assert all(line.endswith("LOCKED") for line in lines)


def test_reopen_is_audited_and_listed(db_path):
    result = cli("locks", "reopen", "--project", "mwinc", "--year", "2023", "--reason", "late invoice", "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "2023 reopened by" in result.stdout and "submit its accounts report again" in result.stdout
    rows = audit_of(db_path)
    assert [(key, field) for key, field, _ in rows] == [
        ("2023", "reopened_by"),
        ("2023", "reopened_at"),
        ("2023", "reopen_reason"),
    ]
    assert rows[2][2] == "late invoice"
    listed = cli("locks", "list", "--project", "mwinc", "--db", db_path).stdout.splitlines()
    assert listed[2].startswith("2023  locked 2024-01-15 12:00 by seed") and listed[2].endswith(": late invoice")


def test_reopen_of_an_open_year_or_without_a_reason_writes_nothing(db_path):
    open_year = cli("locks", "reopen", "--project", "mwinc", "--year", "2025", "--reason", "x", "--db", db_path)
    assert open_year.returncode == 2 and "Year: 2025 is not locked; nothing was changed" in open_year.stderr
    no_reason = cli("locks", "reopen", "--project", "mwinc", "--year", "2023", "--reason", " ", "--db", db_path)
    assert no_reason.returncode == 2 and "Reason: say why the year is reopened" in no_reason.stderr
    assert "Traceback" not in open_year.stderr + no_reason.stderr
    assert audit_of(db_path) == []


def test_an_unknown_project_is_named(db_path):
    result = cli("locks", "list", "--project", "nope", "--db", db_path)
    assert result.returncode == 2 and "no project 'nope'" in result.stderr
