"""Each project's seed folder loads on its own and passes `check` (exit 0); facts and sample totals hold."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from monitor import cli, db
from monitor.access.scope import local_user
from monitor.project.checks import ERROR, check_project
from monitor.setup import seed
from tests.conftest import EMBEDDED_SEED
from tests.portfolio.conftest import PROJECTS, money, read_csv


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
