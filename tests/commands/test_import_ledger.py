"""`python -m monitor import`: dry run, the lines it skips, conflicts and --replace, a held, full or hostile
file, each with its exit code and without a traceback."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_of
from tests.damage import cli
from tests.ledger.helpers import (
    EXAMPLE_888,
    company_file,
    saft_file,
    saft_line,
    transaction,
)

# The example files are dated 2023; these tests are about the command, not locked years (tests/commands/test_locks.py)
pytestmark = pytest.mark.usefixtures("years_reopened")


@pytest.fixture
def db_path(tmp_path: Path, every_project_template: Path) -> Path:
    """Overrides the shared fixture: every embedded project, as in tests/ledger where these tests began."""
    return copy_of(every_project_template, tmp_path)


def con_path(con) -> str:
    path = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()[0]
    con.close()
    return path


def batch_ids(db_path) -> list[int]:
    con = duckdb.connect(str(db_path))
    try:
        return [row[0] for row in con.execute("select batch_id from import_batch order by batch_id").fetchall()]
    finally:
        con.close()


def test_an_undeclared_entity_is_reported_where_it_is_and_nothing_imported_is_said_once(db_path, tmp_path):
    path = saft_file(tmp_path / "saft.xml", [transaction("T1", "2023-01-02", [saft_line(1, "6790", "Debit", "1.00")])])
    text = path.read_text(encoding="utf-8").replace("><", ">\n<")
    lines = text.splitlines()
    at = next(number for number, line in enumerate(lines, start=1) if line.startswith("<Description>Bilag T1"))
    path.write_text(text.replace("Bilag T1", "Bilag &foo;"), encoding="utf-8")
    column = lines[at - 1].index("Bilag T1") + len("Bilag &foo;") + 1  # libxml2 points just past the reference
    from tests.damage import cli

    result = cli("import", path, "--project", "mwinc", "--partner", "usn", "--dimension", "P:1", "--db", db_path)
    assert result.returncode == 2
    assert (
        f"saft.xml: the XML breaks off or is malformed (line {at}, column {column}: Entity 'foo' not defined)"
        in result.stderr
    )
    assert result.stderr.count("nothing was imported") == 1


def test_hostile_file_writes_nothing(con, settings, tmp_path):
    path = tmp_path / "lol.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><AuditFile/>', encoding="utf-8")
    result = cli("import", path, "--project", "mwinc", "--partner", "usn", "--db", con_path(con))
    assert result.returncode == 2 and "DTD" in result.stderr and "Traceback" not in result.stderr


def test_cli_dry_run_then_import(db_path, example_888):
    dry = cli(
        "import",
        example_888,
        "--project",
        "mwinc",
        "--dimension",
        "P:202",
        "--partner",
        "usn",
        "--dry-run",
        "--db",
        db_path,
    )
    assert dry.returncode == 0 and "to insert: 6, total 74562.00 NOK" in dry.stdout and "dry run" in dry.stdout
    done = cli("import", example_888, "--project", "mwinc", "--dimension", "P:202", "--partner", "usn", "--db", db_path)
    assert done.returncode == 0 and "imported batch" in done.stdout and "backup:" in done.stdout
    again = cli(
        "import", example_888, "--project", "mwinc", "--dimension", "P:202", "--partner", "usn", "--db", db_path
    )
    assert again.returncode == 0 and "already imported" in again.stdout


def test_cli_says_who_holds_the_database(db_path, example_888):
    holder = duckdb.connect(str(db_path))
    try:
        result = cli("import", example_888, "--project", "mwinc", "--partner", "usn", "--db", db_path)
    finally:
        holder.close()
    assert result.returncode == 2 and "is in use by" in result.stderr and "Traceback" not in result.stderr


def test_cli_blocked_import_exits_1(db_path):
    # The example company 888888888 is no partner of mwinc, and no --partner is given.
    result = cli("import", EXAMPLE_888, "--project", "mwinc", "--dimension", "P:202", "--db", db_path)
    assert result.returncode == 1 and "blocked: the file's company 888888888" in result.stderr


def test_cli_on_a_full_disk_exits_1_without_a_traceback(db_path, example_888):
    wal = Path(f"{db_path}.wal")
    assert not wal.exists()  # the seeded database is checkpointed
    wal.symlink_to("/dev/full")  # the commit's log write fails: "No space left on device"
    try:
        result = cli(
            "import", example_888, "--project", "mwinc", "--partner", "usn", "--dimension", "P:202", "--db", db_path
        )
    finally:
        wal.unlink()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "blocked: the disk is full" in result.stderr and "nothing was written" in result.stderr
    con = duckdb.connect(str(db_path))
    assert con.execute("select count(*) from import_batch").fetchone() == (0,)
    con.close()


def test_the_cli_lists_the_skipped_lines_and_writes_nothing(db_path):
    result = cli(
        "import", EXAMPLE_888, "--project", "mwinc", "--dimension", "P:202", "--partner", "usn", "--db", db_path
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "skipped (dated outside the project period 2021-12-01 to 2025-11-30): 6 line(s), 74562.00 NOK" in result.stdout
    )
    assert "2017-01-22  4000        14562.00  before the project start 2021-12-01" in result.stdout
    assert "blocked: none of the file's 15 lines for the project is project cost" in result.stderr
    con = duckdb.connect(str(db_path))
    assert con.execute("select count(*) from import_batch").fetchone() == (0,)
    con.close()


def test_the_cli_refuses_a_conflict_and_replace_goes_through(db_path, tmp_path):
    first, second = company_file(tmp_path / "a.xml"), company_file(tmp_path / "b.xml", amount_t2="260.00")
    assert cli("import", first, "--project", "mwinc", "--partner", "usn", "--db", db_path).returncode == 0
    batch = batch_ids(db_path)[0]
    refused = cli("import", second, "--project", "mwinc", "--partner", "usn", "--db", db_path)
    assert refused.returncode == 1 and f"amount differ from batch {batch} (a.xml)" in refused.stderr
    assert "(--replace)" in refused.stderr  # the app's "tick replace" as this command's option
    assert "conflict: row" in refused.stdout and batch_ids(db_path) == [batch]
    replaced = cli("import", second, "--project", "mwinc", "--partner", "usn", "--replace", "--db", db_path)
    assert replaced.returncode == 0 and f"replaced batch(es): {batch}" in replaced.stdout
