"""Building a database from a seed folder (monitor/setup/seed.py): every row loaded, bad values named by file,
row and column; the three embedded projects load alone and together; texts in two languages need both."""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from monitor import cli, config, db
from monitor.access.scope import local_user
from monitor.project.checks import ERROR, check_project
from monitor.setup import seed
from monitor.setup.seed import SeedInvalid, build_database
from tests.conftest import EMBEDDED_SEED, PROJECTS, ROOT
from tests.portfolio.helpers import money, read_csv


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
    # the plan files are the contract (the baseline); the approved change request adds plan v2 beside it
    contract = " where plan_version = 'baseline'" if table in ("cost_plan", "funding_plan") else ""
    count = con.execute(f"select count(*) from {table}{contract}").fetchone()[0]  # noqa: S608 (names from the test)
    assert count == len(csv_rows(seed_dir, file))


def _plan(con, table: str, version: str) -> dict[tuple, Decimal]:
    keys = "year, cost_category, partner_id, wp_code" if table == "cost_plan" else "year, funding_source, partner_id"
    found = con.execute(
        f"select {keys}, amount from {table} where plan_version = ? order by all",  # noqa: S608 (names from the test)
        [version],
    ).fetchall()
    return {row[:-1]: row[-1] for row in found}


def test_the_approved_change_request_is_why_the_current_plan_is_v2(con):
    versions = con.execute("select plan_version, label, is_current from plan_version order by plan_version").fetchall()
    title = "Flytte 100 000 kr av USNs personalkostnader fra AP2 i 2023 til AP3 i 2024"  # change_requests.csv
    assert versions == [("baseline", "Contract baseline", False), ("v2", title, True)]
    request = con.execute("select status, submitted_at, decided_at, plan_version from change_request").fetchall()
    assert [(s, str(a), str(b), v) for s, a, b, v in request] == [("approved", "2023-12-11", "2024-01-09", "v2")]
    baseline, current = _plan(con, "cost_plan", "baseline"), _plan(con, "cost_plan", "v2")
    differs = {k: (baseline[k], current[k]) for k in baseline if baseline[k] != current[k]}
    assert differs == {  # 100 000 from USN's WP2 personnel in 2023 to its WP3 personnel in 2024
        (2023, "personnel_indirect", "usn", "WP2"): (Decimal("1100000.00"), Decimal("1000000.00")),
        (2024, "personnel_indirect", "usn", "WP3"): (Decimal("900000.00"), Decimal("1000000.00")),
    }
    assert sum(baseline.values()) == sum(current.values()) == Decimal("15102000.00")
    funding_before, funding_after = _plan(con, "funding_plan", "baseline"), _plan(con, "funding_plan", "v2")
    moved = {k: (funding_before[k], funding_after[k]) for k in funding_before if funding_before[k] != funding_after[k]}
    # the funding follows the cost: USN's funder line (funding_plan.csv, after NHO VT's 60 000 a year),
    # 3 190 000 - 100 000 and 3 090 000 + 100 000
    assert moved == {
        (2023, "funder", "usn"): (Decimal("3190000.00"), Decimal("3090000.00")),
        (2024, "funder", "usn"): (Decimal("3090000.00"), Decimal("3190000.00")),
    }


def test_reports_frozen_before_the_approval_keep_the_contract_plan(con):
    """The story in date order: the progress report of September 2023 was frozen with the contract, the accounts
    of 2023 (January 2024, after the approval of 9 January) with plan v2."""
    import json

    def planned_2023_personnel(report_type: str) -> str:
        tables = json.loads(
            con.execute(
                "select tables_json from report_snapshot where report_type = ? and period = '2023'", [report_type]
            ).fetchone()[0]
        )
        rows = tables["cost"]["rows"]
        return next(row[2] for row in rows if row[0] == 2023 and row[1] == "personnel_indirect")

    # 2023 personnel in the contract: USN 1 250 000 + 1 100 000 + 800 000, partners 100 000 + 100 000 + 90 000 +
    # 110 000 + 110 000 = 3 660 000; in v2 100 000 less
    assert planned_2023_personnel("progress") == "3660000.00"
    assert planned_2023_personnel("accounts") == "3560000.00"


def test_a_seeded_request_outside_the_council_s_window_stops_the_load(tmp_path, seed_dir, settings):
    path = seed_dir / "change_requests.csv"
    # moving funds out of 2023, submitted on 2 January 2024: after 31 December, before 20 February
    path.write_text(path.read_text(encoding="utf-8").replace("2023-12-11", "2024-01-02"), encoding="utf-8")
    with pytest.raises(SeedInvalid) as refused:
        build_database(tmp_path / "x.duckdb", seed_dir, settings)
    (problem,) = refused.value.problems
    assert (Path(problem.file).name, problem.row) == ("change_requests.csv", 2)
    assert "Funds move from 2023 to 2024" in problem.reason
    assert not (tmp_path / "x.duckdb").exists()


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


@pytest.mark.parametrize("project", PROJECTS)
def test_each_seed_loads_alone_and_check_exits_0(project, tmp_path, settings, capsys):
    path = tmp_path / f"{project}.duckdb"
    assert seed.build_database(path, EMBEDDED_SEED / project, settings) == [project]
    assert cli.main(["check", "--db", str(path), "--project", project]) == 0
    con = db.connect(path)
    try:
        assert [f for f in check_project(con, project, settings, local_user()) if f.level == ERROR] == []
    finally:
        con.close()


def test_all_three_load_together(pcon):
    ids = [row[0] for row in pcon.execute("select project_id from project order by 1").fetchall()]
    assert ids == ["integrate", "integration_day", "mwinc"]


def test_integrate_has_the_eight_work_packages_and_their_leaders(pcon):
    rows = pcon.execute(
        "select wp_code, lead_person from work_package where project_id = 'integrate' order by wp_code"
    ).fetchall()
    # The leaders as named in shared/seeds/003_*.txt.
    assert rows == [
        ("WP1", "Åsmund Hermansen"),
        ("WP2", "Øystein Spjelkavik"),
        ("WP3", "Tone Alm Andreassen (temporarily)"),
        ("WP4", "Sølvi Helseth"),
        ("WP5", "Mette Sønderskov"),
        ("WP6", "Ira Malmberg-Heimonen"),
        ("WP7", "Trond Petersen"),
        ("WP8", "Tone Alm Andreassen; Espen Dahl"),
    ]


@pytest.mark.parametrize(
    "project, total, funder, own",
    [
        ("integrate", "28000000.00", "21000000.00", "7000000.00"),  # 7 × 4 000 000; 7 × 3 000 000; 7 × 1 000 000
        ("integration_day", "300000.00", "200000.00", "100000.00"),  # 2 × 150 000; 2 × 100 000; 2 × 50 000
    ],
)
def test_sample_plans_balance_and_match_the_declared_totals(project, total, funder, own):
    cost, funding = read_csv(project, "cost_plan.csv"), read_csv(project, "funding_plan.csv")
    for year in {r["year"] for r in cost}:
        assert money([r for r in cost if r["year"] == year]) == money([r for r in funding if r["year"] == year])
    assert money(cost) == Decimal(total)
    assert money([r for r in funding if r["funding_source"] == "funder"]) == Decimal(funder)
    assert money([r for r in funding if r["funding_source"] != "funder"]) == Decimal(own)


def test_sample_projects_are_labelled_and_have_no_funder_reference(pcon):
    rows = pcon.execute(
        "select project_id, is_sample_data, sample_data_note, funder_ref from project "
        "where project_id in ('integrate', 'integration_day') order by 1"
    ).fetchall()
    assert [(r[0], r[1], bool(r[2]), r[3]) for r in rows] == [
        ("integrate", True, True, None),
        ("integration_day", True, True, None),
    ]


def test_integration_day_events_and_funding_application_load(pcon):
    groups = pcon.execute(
        "select distinct actor_group from event_attendance where project_id = 'integration_day' order by 1"
    ).fetchall()
    assert [g[0] for g in groups] == ["employers", "municipal_unit", "ngos", "refugees", "social_entrepreneurs_smes"]
    expected = sum(int(r["attendees"]) for r in read_csv("integration_day", "events.csv"))
    assert pcon.execute("select sum(attendees) from event_attendance").fetchone()[0] == expected
    application = pcon.execute(
        "select funder, funding_source, status, decided_date from funding_application "
        "where project_id = 'integration_day'"
    ).fetchall()
    assert application == [("Municipality of Oslo", "other_public", "applied", None)]


def test_every_dated_row_is_inside_its_project_period(pcon):
    # check would warn (outside_period); events and applications are new tables, so check them here.
    rows = pcon.execute("""
        select e.event_id from event_attendance as e join project as p using (project_id)
        where e.event_date not between p.start_date and p.end_date
        union all
        select a.application_id from funding_application as a join project as p using (project_id)
        where a.applied_date not between p.start_date and p.end_date""").fetchall()
    assert rows == []


def test_a_bad_actor_group_stops_the_load(tmp_path, settings):
    folder = tmp_path / "seed" / "integration_day"
    shutil.copytree(EMBEDDED_SEED / "integration_day", folder)
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace(",refugees,", ",tourists,", 1), encoding="utf-8")
    with pytest.raises(seed.SeedInvalid, match="actor_group"):
        seed.build_database(tmp_path / "x.duckdb", folder, settings)
    assert not (tmp_path / "x.duckdb").exists()


def test_a_bad_submitted_reports_file_names_file_row_and_column(tmp_path, seed_dir):
    (seed_dir / "submitted_reports.csv").write_text(
        "report_type,period,as_of,submitted_at\naccounts,2021,2022-01-14,2022-01-14\nprogress,final,2022-09-28,"
        "2022-09-31\n",
        encoding="utf-8",
    )
    with pytest.raises(seed.SeedInvalid) as refused:
        seed.build_database(tmp_path / "x.duckdb", seed_dir.parent, config.load(ROOT / "config.yaml", env={}))
    described = sorted((p.row, p.column) for p in refused.value.problems)
    assert described == [(3, "period"), (3, "submitted_at")]
    assert not (tmp_path / "x.duckdb").exists()


def test_a_seed_without_the_file_still_loads(tmp_path, seed_dir):
    (seed_dir / "submitted_reports.csv").unlink()
    path = tmp_path / "y.duckdb"
    assert seed.build_database(path, seed_dir.parent, config.load(ROOT / "config.yaml", env={})) == ["mwinc"]


def test_a_text_in_two_languages_needs_both(tmp_path, seed_dir, settings):
    path = seed_dir / "project.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  nb: Norges forskningsråd\n", "  de: Forschungsrat\n"),
        encoding="utf-8",
    )
    try:
        build_database(tmp_path / "x.duckdb", seed_dir, settings)
    except SeedInvalid as error:
        assert "en and nb" in str(error.problems[0])
    else:
        raise AssertionError("a funder text without nb was accepted")
