import csv
from decimal import Decimal
from pathlib import Path

import pytest

from monitor import db
from monitor.setup import seed


def csv_rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "file, table",
    [
        ("partners.csv", "partner"),
        ("work_packages.csv", "work_package"),
        ("cost_plan.csv", "cost_plan"),
        ("funding_plan.csv", "funding_plan"),
        ("ledger.csv", "ledger_entry"),
        ("inkind.csv", "inkind_contribution"),
        ("milestones.csv", "milestone"),
        ("deliverables.csv", "deliverable"),
        ("results.csv", "result"),
        ("risks.csv", "risk"),
    ],
)
def test_every_seed_row_is_loaded(con, seed_dir, file, table):
    count = con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 (names from the test)
    assert count == len(csv_rows(seed_dir, file))


def test_the_project_row_holds_the_published_facts(con):
    row = con.execute(
        "select acronym, funder_ref, start_date, end_date, declared_total, is_sample_data from project"
    ).fetchone()
    assert row[0] == "MW Inc" and row[1] == "326917"
    assert (str(row[2]), str(row[3])) == ("2021-12-01", "2025-11-30")
    assert str(row[4]) == "15102000.00" and row[5] is True


def test_ledger_lines_get_a_cost_category_from_the_account_mapping(con):
    categories = dict(con.execute("select account, any_value(cost_category) from ledger_entry group by 1").fetchall())
    # DOMAIN.md defaults: 5xxx personnel, 65xx equipment, other 6xxx-7xxx other operating
    assert categories["5000"] == "personnel_indirect" and categories["5990"] == "personnel_indirect"
    assert categories["6540"] == "equipment"
    assert categories["6790"] == "other_operating" and categories["7140"] == "other_operating"


def test_inkind_amount_is_hours_times_rate(con, seed_dir):
    first = csv_rows(seed_dir, "inkind.csv")[0]
    # e.g. 31.0 hours x 800.00 = 24 800.00
    expected = str((Decimal(first["hours"]) * Decimal(first["hourly_rate"])).quantize(Decimal("0.01")))
    amount = con.execute("select amount from inkind_contribution order by contribution_id limit 1").fetchone()[0]
    assert str(amount) == expected


@pytest.mark.parametrize(
    "file, row_number, column, bad, reason",
    [
        ("ledger.csv", 2, "amount", "12.345", "at most two decimals"),
        ("ledger.csv", 3, "posting_date", "31.02.2025", "not a date"),
        ("ledger.csv", 4, "amount", "NaN", "not an amount"),
        ("cost_plan.csv", 2, "cost_category", "salaries", "not one of"),
        ("milestones.csv", 2, "due_date", "2025-02-31", "not a date"),
        ("partners.csv", 2, "name", "", "value is required"),
    ],
)
def test_a_bad_value_names_file_row_column_and_reason_and_writes_nothing(
    tmp_path, seed_dir, settings, file, row_number, column, bad, reason
):
    rows = csv_rows(seed_dir, file)
    rows[row_number - 2][column] = bad  # row 1 is the header
    with (seed_dir / file).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    target = tmp_path / "never.duckdb"
    with pytest.raises(seed.SeedInvalid) as raised:
        seed.build_database(target, seed_dir, settings)
    problem = raised.value.problems[0]
    assert (Path(problem.file).name, problem.row, problem.column) == (file, row_number, column)
    assert reason in problem.reason
    assert not target.exists() and not list(tmp_path.glob("never.duckdb*"))


def test_an_existing_database_is_kept_unless_forced(db_path, seed_dir, settings):
    with pytest.raises(FileExistsError):
        seed.build_database(db_path, seed_dir, settings)
    assert seed.build_database(db_path, seed_dir, settings, force=True) == ["mwinc"]


def test_a_folder_without_projects_is_refused(tmp_path, settings):
    with pytest.raises(seed.SeedInvalid, match="no project.yaml"):
        seed.build_database(tmp_path / "x.duckdb", tmp_path, settings)


def test_the_built_database_reopens_with_its_data(db_path):
    con = db.connect(db_path)
    assert con.execute("select count(*) from project").fetchone() == (1,)
    con.close()
