"""Each person's load across projects and the funder's caps it breaks (monitor/effort/people.py), on both engines.

Hand-made people and hours are added to the seed's projects MW Inc (mwinc) and Integration Day (integration_day),
with partners of their own, so every figure below is worked out here; the seed's own case (Annett Arntzen, USN, in
MW Inc and INTEGRATE) is summed from the seed files. A person is one person across projects when partner and
person_ref are the same. Only approved hours count. Limits (monitor/rates/rcn.yaml): one person-year = 1 628 hours;
companies and the public sector at most 1 850 hours a year and 1.2 ‰ of the annual salary, at most NOK 1 100, an
hour; a foreign partner's salary cost + 25 % at most the UH rate per hour (2024: 1 312 000 / 1 628 = 805.8968 NOK).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.effort import people
from monitor.project import checks
from tests.conftest import EMBEDDED_SEED
from tests.scopes import LEADER, MWINC, READER

ACME = Scope("acme.user", "partner", MWINC, "acme")
BOTH = frozenset({"mwinc", "integration_day"})


@pytest.fixture
def seed_dir():
    """Every embedded project (the database of `con` is built from this folder's parent), read only: a person's load
    spans the projects of the database."""
    return EMBEDDED_SEED / "mwinc"


def add_partner(con, project_id: str, partner_id: str, sector: str) -> None:
    con.execute(
        "insert into partner (project_id, partner_id, name, short_name, sector, role) "
        "values ($project_id, $partner_id, $name, $name, $sector, 'partner')",
        {"project_id": project_id, "partner_id": partner_id, "name": partner_id.upper(), "sector": sector},
    )


def add_person(con, project_id, partner_id, name, ref=None, salary=None, hourly=None, category="researcher") -> int:
    return db.scalar(
        con,
        "register_person_insert",
        project_id=project_id,
        partner_id=partner_id,
        person_name=name,
        is_role=False,
        person_category=category,
        annual_salary=None if salary is None else D(salary),
        hourly_salary=None if hourly is None else D(hourly),
        person_ref=ref,
    )


def add_hours(con, project_id, person_id, month: str, hours: str, status="approved", wp="WP1") -> None:
    db.scalar(
        con,
        "register_effort_actual_insert",
        project_id=project_id,
        person_id=person_id,
        wp_code=wp,
        month=dt.date.fromisoformat(month),
        hours=D(hours),
        effort_status=status,
        effort_source="timesheet",
    )


@pytest.fixture
def loads(con):
    """The hand-made people, in MW Inc and Integration Day (each project gets the partners it needs):
    - Kari (ACME, private, salary 700 000: 840 NOK/h, under the cap), ref acme-1: MW Inc 2024 500 + 460 = 960 h;
      Integration Day 2024 900 h; all 1 860 h > 1 850 (salary-priced only: not checked against 1 628).
      A reported 300 h and a rejected 200 h in MW Inc do not count.
    - Per (UHX, UH), ref uhx-7: MW Inc 2024 1 000 h, Integration Day 2024 700 h: 1 700 h > 1 628 and < 1 850.
    - At the cap (ACME, salary 916 666.67: × 0.0012 = 1 100.000004 -> NOK 1 100.00 to the øre): 10 h in MW Inc.
    - Just over (ACME, salary 916 675.00: × 0.0012 = 1 100.01): 10 h in MW Inc.
    - Hans (ABROAD, foreign, 644.72 NOK/h: × 1.25 = 805.90 > 805.8968): 20 h in MW Inc 2024.
    - Hanne (ABROAD, foreign, 644.71 NOK/h: × 1.25 = 805.8875 < 805.8968): 20 h in MW Inc 2024.
    - Solo (ACME, no person_ref) 100 h in MW Inc 2023; a namesake in Integration Day, no ref, 50 h: not the same.
    """
    for project in ("mwinc", "integration_day"):
        add_partner(con, project, "acme", "private")
        add_partner(con, project, "uhx", "UH")
    add_partner(con, "mwinc", "abroad", "foreign")
    kari = add_person(con, "mwinc", "acme", "Kari", "acme-1", salary="700000")
    add_hours(con, "mwinc", kari, "2024-01-01", "500")
    add_hours(con, "mwinc", kari, "2024-02-01", "460")
    add_hours(con, "mwinc", kari, "2024-03-01", "300", status="reported")
    add_hours(con, "mwinc", kari, "2024-04-01", "200", status="rejected")
    kari_there = add_person(con, "integration_day", "acme", "Kari Nordmann", "acme-1", salary="700000")
    add_hours(con, "integration_day", kari_there, "2024-03-01", "900")
    per = add_person(con, "mwinc", "uhx", "Per", "uhx-7")
    add_hours(con, "mwinc", per, "2024-05-01", "1000")
    per_there = add_person(con, "integration_day", "uhx", "Per", "uhx-7")
    add_hours(con, "integration_day", per_there, "2024-06-01", "700")
    add_hours(con, "mwinc", add_person(con, "mwinc", "acme", "At the cap", salary="916666.67"), "2024-01-01", "10")
    add_hours(con, "mwinc", add_person(con, "mwinc", "acme", "Just over", salary="916675.00"), "2024-01-01", "10")
    add_hours(con, "mwinc", add_person(con, "mwinc", "abroad", "Hans", hourly="644.72"), "2024-02-01", "20")
    add_hours(con, "mwinc", add_person(con, "mwinc", "abroad", "Hanne", hourly="644.71"), "2024-02-01", "20")
    add_hours(con, "mwinc", add_person(con, "mwinc", "acme", "Solo"), "2023-09-01", "100")
    add_hours(con, "integration_day", add_person(con, "integration_day", "acme", "Solo"), "2023-09-01", "50")
    return con


def row(table, name: str, year: int = 2024) -> dict:
    chosen = table[(table["name"] == name) & (table["year"] == year)]
    assert len(chosen) == 1, (name, year, table[["name", "year"]])
    return chosen.iloc[0].to_dict()


def test_a_person_over_1850_hours_across_two_projects(loads):
    table = people.load_across_projects(loads, "mwinc", Scope("admin", "admin"))
    kari = row(table, "Kari")
    assert (kari["hours_here"], kari["hours_all"], kari["projects"]) == (D("960"), D("1860"), 2)  # 500 + 460; + 900
    # 960 × 12 / 1 628 = 7.0762 -> 7.08; 1 860 × 12 / 1 628 = 13.7101 -> 13.71; 1 860 / 1 628 = 1.1425 -> 1.14
    assert (kari["pm_here"], kari["pm_all"], kari["person_years"]) == (D("7.08"), D("13.71"), D("1.14"))
    assert kari["breaches"] == ("hours_over_year",)  # salary-priced: 1 850 is the limit, not 1 628
    found = [b for b in people.breaches(loads, "mwinc", Scope("admin", "admin")) if b.person == "Kari"]
    assert [(b.kind, b.year, b.figure, b.limit) for b in found] == [("hours_over_year", 2024, D("1860"), D("1850"))]
    assert found[0].projects == ("MW Inc", "Integration Day")  # an admin may see both


def test_a_person_over_one_person_year_across_two_projects_but_under_1850(loads):
    table = people.load_across_projects(loads, "mwinc", Scope("admin", "admin"))
    per = row(table, "Per")
    assert (per["hours_here"], per["hours_all"], per["projects"]) == (D("1000"), D("1700"), 2)  # 1 000 + 700
    assert per["person_years"] == D("1.04")  # 1 700 / 1 628 = 1.0442
    assert per["breaches"] == ("over_person_year",)
    found = [b for b in people.breaches(loads, "mwinc", Scope("admin", "admin")) if b.person == "Per"]
    assert [(b.kind, b.figure, b.limit) for b in found] == [("over_person_year", D("1700"), D("1628"))]


def test_a_company_rate_at_the_cap_is_allowed_and_just_over_it_is_a_breach(loads):
    found = {b.person: b for b in people.breaches(loads, "mwinc", LEADER) if b.kind == "rate_over_cap"}
    assert "At the cap" not in found  # 916 666.67 × 0.0012 = 1 100.000004 -> 1 100.00, not over 1 100
    assert (found["Just over"].figure, found["Just over"].limit) == (D("1100.01"), D("1100"))  # 916 675 × 0.0012
    assert "Kari" not in found  # 700 000 × 0.0012 = 840
    table = people.load_across_projects(loads, "mwinc", LEADER)
    assert row(table, "At the cap")["breaches"] == ()
    assert row(table, "Just over")["breaches"] == ("rate_over_cap",)


def test_a_foreign_partner_over_the_uh_rate(loads):
    found = {b.person: b for b in people.breaches(loads, "mwinc", LEADER) if b.kind == "rate_over_uh"}
    assert set(found) == {"Hans"}  # Hanne: 644.71 × 1.25 = 805.8875, under 805.8968
    assert found["Hans"].figure == D("805.9000")  # 644.72 × 1.25
    assert found["Hans"].limit.quantize(D("0.0001")) == D("805.8968")  # 1 312 000 / 1 628
    assert "805.90" in found["Hans"].text("en")


def test_a_person_without_a_reference_counts_in_its_own_project_only(loads):
    solo = row(people.load_across_projects(loads, "mwinc", LEADER), "Solo", 2023)
    assert (solo["hours_here"], solo["hours_all"], solo["projects"]) == (D("100"), D("100"), 1)


def test_a_partner_sees_only_its_own_people_and_only_sums_of_the_other_projects(loads):
    table = people.load_across_projects(loads, "mwinc", ACME)
    assert set(table["partner_id"]) == {"acme"}
    assert set(table["name"]) == {"Kari", "At the cap", "Just over", "Solo"}
    assert list(table.columns) == people.LOAD_COLUMNS  # sums and a count: no column names another project
    kari = row(table, "Kari")
    assert (kari["hours_all"], kari["projects"]) == (D("1860"), 2)
    found = people.breaches(loads, "mwinc", ACME)
    assert {b.person for b in found} == {"Kari", "Just over"}
    kari_breach = next(b for b in found if b.person == "Kari")
    assert kari_breach.projects == ("MW Inc", "+1")  # ACME's user may not see Integration Day: counted, not named
    shown = " ".join([b.text("en") for b in found] + [str(v) for v in table.to_numpy().ravel()])
    assert "Integration Day" not in shown and "integration_day" not in shown
    assert "Kari Nordmann" not in shown  # the other project's person row is summed, not shown


def test_a_year_keeps_that_year_only(loads):
    assert list(people.load_across_projects(loads, "mwinc", ACME, year=2023)["name"]) == ["Solo"]
    assert set(people.load_across_projects(loads, "mwinc", ACME, year=2024)["name"]) == {
        "Kari",
        "At the cap",
        "Just over",
    }


def test_a_viewer_is_refused_and_the_refusal_logged_and_nothing_else_written(loads):
    before = {t: loads.execute(f"select count(*) from {t}").fetchone()[0] for t in ("person", "effort_actual")}  # noqa: S608
    for read in (people.load_across_projects, people.breaches):
        with pytest.raises(AccessDenied):
            read(loads, "mwinc", READER)
    denied = audit.read(loads, local_user(), audit.Filters(project_id="mwinc", action=people.DENIED))
    assert list(denied["user_name"]) == ["funder", "funder"]
    assert set(denied["table_name"]) == {"person"}
    after = {t: loads.execute(f"select count(*) from {t}").fetchone()[0] for t in ("person", "effort_actual")}  # noqa: S608
    assert after == before


def test_another_projects_leader_is_refused(loads):
    with pytest.raises(AccessDenied):
        people.loads(loads, "mwinc", Scope("olga", "leader", frozenset({"integrate"})))


def test_the_seed_shows_annett_over_one_person_year_across_mw_inc_and_integrate(con):
    # data/seed/mwinc/hours.csv, Annett 2024: WP3 30 × 3 + WP1 10 = 100 h; data/seed/integrate/hours.csv: 12 × 128
    # = 1 536 h; 100 + 1 536 = 1 636 > 1 628 (USN is UH: one person-year is the limit)
    annett = row(people.load_across_projects(con, "mwinc", LEADER), "Annett Arntzen")
    assert (annett["hours_here"], annett["hours_all"], annett["projects"]) == (D("100"), D("1636"), 2)
    found = [b for b in people.breaches(con, "mwinc", LEADER) if b.person == "Annett Arntzen"]
    assert [(b.kind, b.year, b.figure, b.projects) for b in found] == [
        ("over_person_year", 2024, D("1636"), ("MW Inc", "+1"))  # MW Inc's leader may not see INTEGRATE
    ]
    # The seed's other breach: NHO VT's Regiondirektør, salary 1 000 000 × 0.0012 = 1 200 NOK/h over 1 100, for the
    # 22 h entered (priced) in 2024; the in-kind years are valued as a contribution, not priced.
    rates = [(b.person, b.year, b.figure) for b in people.breaches(con, "mwinc", LEADER) if b.kind == "rate_over_cap"]
    assert rates == [("Regiondirektør", 2024, D("1200.00"))]


def test_monitor_check_lists_the_breaches_as_warnings(loads):
    findings = checks.effort_breaches(loads, "mwinc", local_user())
    assert {f.level for f in findings} == {checks.WARNING}
    kari = next(f for f in findings if f.values["person"] == "Kari")
    assert kari.code == "effort_hours_over_year"
    assert (kari.values["hours"], kari.values["limit"], kari.values["projects"]) == (
        1860,
        1850,
        "MW Inc, Integration Day",
    )
