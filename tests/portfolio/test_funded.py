"""Funded rows of the open data as projects (monitor/portfolio/funded.py), written by the register's import
(monitor/portfolio/applications.py) on both engines. Every figure read by hand from
tests/fixtures/rcn-open-data/projects.csv (30 real rows: 14 Avsluttet + 2 Bevilgning funded, 14 Avslag)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.errors import Invalid
from monitor.portfolio import applications, opendata
from monitor.project import load as project_load
from monitor.project.summary import build_summary

SAMPLE = Path(__file__).parents[1] / "fixtures" / "rcn-open-data" / "projects.csv"
ADMIN = Scope("admin", "admin")
AT = dt.datetime(2026, 11, 30, 12, 0)
FUNDED = {
    "225873", "225880", "225883", "225885", "225897", "225922", "225928", "225934",
    "225939", "225941", "225950", "225956", "225968", "225993", "226026", "226030",
}  # fmt: skip


@pytest.fixture
def sample() -> opendata.Reading:
    return opendata.read_path(SAMPLE)


def _imported(con) -> dict[str, dict]:
    rows = con.execute(
        "select project_id, acronym, name_nb, funder, programme, funder_ref, start_date, end_date, "
        "declared_total, declared_funder, declared_own, owner_partner_id, is_sample_data from project "
        "where project_id not in ('mwinc', 'integrate', 'integration_day')"
    ).fetchall()
    names = (
        "project_id acronym name_nb funder programme funder_ref start_date end_date declared_total "
        "declared_funder declared_own owner_partner_id is_sample_data"
    ).split()
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def _project_audit(con) -> int:
    return con.execute("select count(*) from audit_log where table_name = 'project'").fetchone()[0]


def test_every_funded_row_becomes_a_project_with_its_declared_grant(con, sample):
    done = applications.import_records(con, ADMIN, sample.records, now=AT)
    assert set(done.projects.added) == FUNDED
    projects = _imported(con)
    assert set(projects) == FUNDED  # the 14 rejected applications are in the register only
    # 6 978 124 + 350 000 + 1 175 000 + 9 251 000 + 3 052 000 + 6 873 000 + 1 566 000 + 125 000 + 1 120 000
    # + 27 336 753.52 + 25 000 000 + 22 838 000 + 39 999 999.35 + 13 921 399 + 6 000 000 + 7 590 000
    # = 173 176 275.87, the register's granted total: every krone granted is a project's declared grant
    assert sum(p["declared_funder"] for p in projects.values()) == Decimal("173176275.87")
    statnett = projects["225873"]
    assert statnett["funder_ref"] == "225873"
    # no acronym is published: the title's first whole words up to 40 characters name it in boxes and tables
    assert statnett["acronym"] == "Stokastisk optimaliseringsmodell for…"
    assert projects["226030"]["acronym"] == "Arctic Modernities"  # short enough to stand whole
    assert (statnett["start_date"], statnett["end_date"]) == (dt.date(2013, 1, 1), dt.date(2017, 12, 31))
    assert statnett["declared_total"] == statnett["declared_funder"] == Decimal("6978124.00")
    assert statnett["declared_own"] is None  # the funder does not publish the owner's own financing
    assert statnett["programme"] == "Stort program energi"
    assert statnett["funder"] == "Research Council of Norway"
    assert statnett["is_sample_data"] is False  # real, published data
    # line breaks and Norwegian letters kept as published
    assert projects["225922"]["name_nb"].endswith("employment - \nMethod proposed by Impact Technology Systems AS")
    assert projects["225934"]["name_nb"].startswith("Årskonferansen i Norsk Antropologisk Forening")


def test_the_owner_becomes_the_projects_owner_partner_with_its_sector(con, sample):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    owners = dict(
        ((p, (n, s, o, sec, r)) for p, n, s, o, sec, r in con.execute(
            "select project_id, name, short_name, org_number, sector, role from partner where partner_id = 'owner'"
        ).fetchall())
    )  # fmt: skip
    assert owners["225873"] == ("STATNETT SF", "STATNETT SF", "962986633", "public", "project_owner")
    assert owners["225883"][0] == "ÅKREHAMN TRÅLBØTERI AS"  # Næringsliv
    assert owners["225883"][3] == "private"
    assert owners["225885"][3] == "UH"  # Helseforetak: priced as the UH sector
    assert owners["225968"][3] == "institute"  # Instituttsektor
    assert owners["225880"][1:3] == ("HIOA", None)  # kortnavn as the short name; organisation number 0 = not given


def test_phd_and_postdoc_person_years_are_indicator_targets(con, sample):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    targets = dict(
        ((i, t) for i, t in con.execute(
            "select indicator_id, target from indicator where project_id = '226030' order by indicator_id"
        ).fetchall())
    )  # fmt: skip
    assert targets == {"phd_years": Decimal("4.82"), "postdoc_years": Decimal("1.99")}  # 226030: 4.82 and 1.99


def test_summary_of_an_imported_project_is_its_declared_grant_until_a_plan_exists(con, sample, settings):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    data = project_load.load_project(con, "225873", dt.date(2016, 6, 30), ADMIN)
    assert data.plan_status == project_load.DECLARED_ONLY
    budget = build_summary(data, settings)["budget"]
    assert budget["plan_status"] == "declared_only"
    assert budget["total"] == "6978124.00"
    assert budget["by_source"] == {"funder": "6978124.00"}
    assert budget["by_year"] == {} and budget["by_category"] == {}  # nothing declares them: empty, not zeros


def test_a_planned_project_says_so_in_its_summary(con, settings):
    data = project_load.load_project(con, "mwinc", dt.date(2024, 6, 30), ADMIN)
    budget = build_summary(data, settings)["budget"]
    # MW Inc's plan: 15 102 000 in all, of which 11 948 000 from the funder (the plan follows the total)
    assert (budget["plan_status"], budget["total"], budget["by_source"]["funder"]) == (
        "planned",
        "15102000.00",
        "11948000.00",
    )


def test_importing_again_changes_no_project(con, sample):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    audited = _project_audit(con)
    again = applications.import_records(con, ADMIN, sample.records, now=AT + dt.timedelta(days=1))
    assert (again.projects.added, again.projects.changed) == ([], [])
    assert set(again.projects.unchanged) == FUNDED
    assert _project_audit(con) == audited


def test_a_changed_row_updates_its_project_audited_and_leaves_what_users_entered(con, sample):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    # The office knows 225873 started on 1 March 2013 and has entered a milestone: the import must keep both.
    con.execute("update project set start_date = date '2013-03-01' where project_id = '225873'")
    con.execute(
        "insert into milestone (project_id, code, title, baseline_due, due_date) "
        "values ('225873', 'M1', 'Modell levert', date '2015-06-30', date '2015-06-30')"
    )
    # The funder now publishes a larger grant (6 978 124 -> 7 100 000) and one more year (2017 -> 2018).
    changed = [
        dataclasses.replace(r, granted=Decimal("7100000.00"), end_year=2018) if r.number == "225873" else r
        for r in sample.records
    ]
    done = applications.import_records(con, ADMIN, changed, now=AT + dt.timedelta(days=1))
    assert done.projects.changed == ["225873"]
    project = _imported(con)["225873"]
    assert project["declared_funder"] == project["declared_total"] == Decimal("7100000.00")
    assert (project["start_date"], project["end_date"]) == (dt.date(2013, 3, 1), dt.date(2018, 12, 31))
    assert con.execute("select count(*) from milestone where project_id = '225873'").fetchone()[0] == 1
    logged = con.execute(
        "select field, old_value, new_value from audit_log where table_name = 'project' and action = 'update' "
        "order by field"
    ).fetchall()
    assert logged == [
        ("project.declared_funder", "6978124.00", "7100000.00"),
        ("project.declared_total", "6978124.00", "7100000.00"),
        ("project.end_date", "2017-12-31", "2018-12-31"),
    ]


def test_a_number_already_followed_under_another_id_is_left_alone(con, sample):
    # MW Inc is project 326917 at the funder (its funder_ref); a funded row with that number must not make a
    # second project, nor change the monitor's own record of it.
    mw_inc = dataclasses.replace(sample.records[0], number="326917", title="Published title", granted=Decimal(1))
    done = applications.import_records(con, ADMIN, [mw_inc], now=AT)
    assert done.projects.followed == {"326917": "mwinc"}
    assert done.projects.added == []
    assert con.execute("select count(*) from project where project_id = '326917'").fetchone()[0] == 0
    assert con.execute("select declared_total from project where project_id = 'mwinc'").fetchone()[0] == Decimal(
        "15102000.00"
    )


def test_a_dry_run_and_a_refused_file_create_no_project(con, sample):
    dry = applications.import_records(con, ADMIN, sample.records, dry_run=True, now=AT)
    assert set(dry.projects.added) == FUNDED
    assert _imported(con) == {}
    problems = opendata.read_text(SAMPLE.read_text(encoding="utf-8").replace("6978124.0", "lots"), "x.csv").problems
    with pytest.raises(Invalid):
        applications.import_records(con, ADMIN, sample.records, problems, now=AT)
    assert _imported(con) == {} and _project_audit(con) == 0


def test_only_an_admin_imports_projects(con, sample):
    for scope in (Scope("leader", "leader", frozenset({"mwinc"})), Scope("reader", "viewer")):
        with pytest.raises(AccessDenied):
            applications.import_records(con, scope, sample.records, now=AT)
    assert _imported(con) == {}


def test_an_organisation_filter_imports_only_its_projects(con, sample):
    statnett = opendata.of_organisation(sample.records, "962986633")
    applications.import_records(con, ADMIN, statnett, now=AT)
    assert set(_imported(con)) == {"225873"}
