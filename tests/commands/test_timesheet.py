"""`python -m monitor timesheet import`: the preview with --dry-run (nothing written), the import (approved hours,
audited under --user), a second import changing nothing, and refusals as one message with exit code 2.

mwinc_good.csv (tests/fixtures/timesheets/README.md) by hand: 6 rows of 9 lines, 15 + 10 + 15 + 4 + 5 + 2.5 = 51.50
hours (tests/effort/test_timesheet.py's docstring)."""

from pathlib import Path

from monitor import db
from monitor.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "timesheets"


def run(db_path, *args: str) -> int:
    return main(["timesheet", "import", "--db", str(db_path), "--project", "mwinc", *args])


def counts(db_path) -> tuple[int, int]:
    con = db.connect(db_path)
    try:
        effort = con.execute("select count(*) from effort_actual where source = 'timesheet'").fetchone()[0]
        logged = con.execute("select count(*) from audit_log where table_name = 'effort_actual'").fetchone()[0]
        return effort, logged
    finally:
        con.close()


def test_dry_run_then_import_then_again(db_path, capsys):
    before = counts(db_path)
    assert run(db_path, str(FIXTURES / "mwinc_good.csv"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "2025-01  Ole Jacob Thomassen" in out and "15.00 h" in out
    assert "6 new rows, 0 changed and 0 left as they are; 51.50 hours in the file" in out
    assert "dry run: nothing was written" in out
    assert counts(db_path) == before

    assert run(db_path, str(FIXTURES / "mwinc_good.csv"), "--user", "annett") == 0
    assert "The timesheet is imported: 6 new rows" in capsys.readouterr().out
    effort, logged = counts(db_path)
    assert effort == before[0] + 6
    assert logged == before[1] + 36  # 6 inserts × 6 fields
    con = db.connect(db_path)
    statuses = con.execute(
        "select distinct status from effort_actual where source = 'timesheet' and month >= date '2025-01-01'"
    ).fetchall()
    users = con.execute("select distinct user_name from audit_log where table_name = 'effort_actual'").fetchall()
    con.close()
    assert statuses == [("approved",)] and users == [("annett",)]

    assert run(db_path, str(FIXTURES / "mwinc_good.csv"), "--user", "annett") == 0
    out = capsys.readouterr().out
    assert "this file was imported before, by annett" in out
    assert "0 new rows, 0 changed and 6 left as they were" in out
    assert counts(db_path) == (effort, logged)


def test_an_excel_file(db_path, capsys):
    assert run(db_path, str(FIXTURES / "mwinc_good.xlsx"), "--dry-run") == 0
    assert "252.25 hours in the file" in capsys.readouterr().out  # 40 + 12.25 + 120 + 80


def test_a_bad_file_is_refused_with_rows_and_columns(db_path, capsys):
    before = counts(db_path)
    assert run(db_path, str(FIXTURES / "mwinc_bad.csv")) == 2
    err = capsys.readouterr().err
    assert "mwinc_bad.csv: nothing imported." in err
    assert "row 3, column Person: 'Nobody Known' is not in the people register" in err
    assert "row 10, column Person: the line is the same as row 2" in err
    assert counts(db_path) == before


def test_a_locked_year_and_a_missing_file(db_path, tmp_path, capsys):
    locked = tmp_path / "2024.csv"
    locked.write_text("Navn;Arbeidspakke;Dato;Timer\nOle Jacob Thomassen;WP1;10.06.2024;7,5\n", encoding="utf-8")
    before = counts(db_path)
    assert run(db_path, str(locked), "--dry-run") == 2
    assert "Locked year(s): 2024" in capsys.readouterr().err
    assert counts(db_path) == before
    assert run(db_path, str(tmp_path / "none.csv")) == 2
    assert "no such file" in capsys.readouterr().err
