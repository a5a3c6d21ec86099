"""The report's figures against the seed files, computed by hand (tests/reports/seed_figures.py)."""

import datetime as dt
from decimal import Decimal

import pytest
import yaml

from monitor import db
from monitor.access.scope import AccessDenied, local_user
from monitor.reports import tables
from monitor.setup import seed
from tests.reports import seed_figures
from tests.reports.conftest import AS_OF, END, without_effort
from tests.scopes import NAV, OTHER_LEADER

# What "characters" means for the funder's 5,000-character limit (monitor/reports/tables.popular_table): the
# text's Unicode code points as stored, spaces and line breaks included, nothing normalised. So a letter typed
# as a base letter and a combining mark counts 2 while the same letter precomposed counts 1, and an emoji
# joined from several (woman ZWJ woman ZWJ girl) counts its parts. Written with escapes so that no editor can
# change which code points the test holds.
POPULAR_NB = "Bl\u00e5b\u00e6r p\u00e5 br\u00f8dskiva\n\u00c6\u00d8\u00c5"  # "Blåbær på brødskiva" + line break + "ÆØÅ"


# Blåbær 6, space 7, på 9, space 10, brødskiva 19, line break 20, ÆØÅ 23
POPULAR_NB_CHARACTERS = 23


POPULAR_EN = "co-creation \U0001f44d a\u030a \U0001f469\u200d\U0001f469\u200d\U0001f467"


# co-creation 11, space 12, thumbs up 13, space 14, a 15, combining ring above 16, space 17,
# woman 18, zero-width joiner 19, woman 20, zero-width joiner 21, girl 22
POPULAR_EN_CHARACTERS = 22


@pytest.fixture
def popular_report(tmp_path, seed_dir, settings):
    """The final report of a copy of the seed whose project.yaml holds the two texts above."""
    path = seed_dir / "project.yaml"
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    project["popular_summary_nb"], project["popular_summary_en"] = POPULAR_NB, POPULAR_EN
    path.write_text(yaml.safe_dump(project, allow_unicode=True, sort_keys=False), encoding="utf-8")
    database = tmp_path / "popular.duckdb"
    seed.build_database(database, seed_dir.parent, settings)
    con = db.connect(database)
    yield tables.build(con, "mwinc", "final", None, AS_OF, local_user(), 90)
    con.close()


def test_cost_table_equals_the_seed_to_the_ore(accounts_2024):
    planned, actual = seed_figures.planned_cost(), seed_figures.actual_cost(AS_OF)
    keys = sorted(k for k in set(planned) | set(actual) if k[0] <= 2024)
    cost = accounts_2024.tables["cost"]
    assert list(zip(cost["year"], cost["key"], strict=True)) == keys
    assert cost["planned"].tolist() == [planned.get(k, Decimal(0)) for k in keys]
    assert cost["actual"].tolist() == [actual.get(k, Decimal(0)) for k in keys]


def test_own_financing_is_in_kind_plus_own_cash(accounts_2024):
    funding = accounts_2024.tables["funding"]
    for year in (2022, 2023, 2024):
        own = funding[(funding["year"] == year) & (funding["key"] == "own")]["actual"].item()
        assert own == seed_figures.own_financing(year, AS_OF), year


def test_funding_plan_by_year_and_source(accounts_2024):
    # funding_plan.csv (the contract) summed by year and source by hand:
    by_hand = {
        (2021, "funder"): Decimal("200000"),  # USN
        (2021, "own"): Decimal("50000"),  # USN
        (2022, "funder"): Decimal("3050000"),  # USN
        # USN 340 000 + NAV VT 100 000 + NAV ØV 100 000 + NHO 90 000 + MRFK 110 000 + VTFK 110 000
        (2022, "own"): Decimal("850000"),
        (2023, "funder"): Decimal("3250000"),  # USN
        (2023, "own"): Decimal("850000"),  # the same six partners, the same amounts as 2022
        (2024, "funder"): Decimal("3150000"),  # USN
        (2024, "own"): Decimal("850000"),  # idem; 2025 is after the report's year
    }
    in_file: dict[tuple[int, str], Decimal] = {}
    for r in seed_figures.rows("funding_plan"):
        key = (int(r["year"]), r["funding_source"])
        in_file[key] = in_file.get(key, Decimal(0)) + Decimal(r["amount"])
    assert {k: v for k, v in in_file.items() if k[0] <= 2024} == by_hand  # the hand sums read the file right
    # The report shows the current plan, v2: the approved change request (change_requests.csv) moved 100 000 of
    # USN's cost from 2023 to 2024, and USN's funder line with it.
    current = by_hand | {
        (2023, "funder"): Decimal("3150000"),  # 3 250 000 - 100 000
        (2024, "funder"): Decimal("3250000"),  # 3 150 000 + 100 000
    }
    funding = accounts_2024.tables["funding"]
    assert list(zip(funding["year"], funding["key"], strict=True)) == sorted(current)
    planned = {(y, k): p for y, k, p in zip(funding["year"], funding["key"], funding["planned"], strict=True)}
    assert planned == current
    # 2021..2024: 250 000 + 3 900 000 + 4 000 000 + 4 100 000, the current cost plan's sums as well (the move
    # stays inside these years, so the total is the contract's 250 000 + 3 900 000 + 4 100 000 + 4 000 000)
    assert sum(funding["planned"], Decimal(0)) == Decimal("12250000")


def test_results_count_up_to_the_as_of_day(con):
    report = tables.build(con, "mwinc", "progress", 2024, AS_OF, local_user(), 90)
    counted = sum(report.tables["results"]["count"])
    by_hand = sum(1 for r in seed_figures.rows("results") if r["result_date"] <= "2024-12-31")
    assert counted == by_hand


def test_popular_text_counts_characters(popular_report):
    popular = popular_report.tables["popular"]
    assert popular["lang"].tolist() == ["nb", "en"]
    assert popular["text"].tolist() == [POPULAR_NB, POPULAR_EN]  # stored as written, line break and all
    assert popular["characters"].tolist() == [POPULAR_NB_CHARACTERS, POPULAR_EN_CHARACTERS]
    assert popular["limit"].tolist() == [5000, 5000]


def test_the_seed_s_popular_texts_are_within_the_limit(con):
    popular = tables.build(con, "mwinc", "final", None, AS_OF, local_user(), 90).tables["popular"]
    assert "støtteprogrammer" in popular["text"][0]
    assert all(popular["characters"] <= popular["limit"])


# --- issue 17: the person-month table (hand sums in tests/reports/seed_figures.py) ------------------------------


def _effort(report: tables.Report) -> dict:
    table = report.tables["effort"]
    return {
        (wp, partner): (planned, hours, actual)
        for wp, partner, planned, hours, actual in table[["wp_code", "partner_id", *tables.EFFORT_COLUMNS]].to_numpy()
    }


def test_the_person_month_table_counts_every_approved_hour_in_the_final_report(final_report):
    assert _effort(final_report) == seed_figures.EFFORT_ALL
    table = final_report.tables["effort"]
    assert all(isinstance(v, Decimal) for c in tables.EFFORT_COLUMNS for v in table[c])
    assert sum(table["planned_pm"]) == Decimal("124.75") and sum(table["actual_hours"]) == Decimal("3202.8")


def test_the_accounts_report_counts_hours_up_to_the_end_of_its_year(accounts_2024):
    # as of 20.01.2025, but the report's last date is 31.12.2024: the in-kind reports of 2025 are left out
    effort = _effort(accounts_2024)
    assert effort[("WP1", "nav_vt")] == seed_figures.EFFORT_NAV_VT_2024
    planned, hours, _, _ = seed_figures.EFFORT_TOTAL_2024
    assert sum(v[0] for v in effort.values()) == planned and sum(v[1] for v in effort.values()) == hours
    assert tables.last_day(AS_OF, 2024) == dt.date(2024, 12, 31)
    assert tables.last_day(dt.date(2024, 6, 30), 2024) == dt.date(2024, 6, 30)  # an as-of day inside the year


def test_a_partner_s_report_holds_its_own_rows_only(con):
    report = tables.build(con, "mwinc", "final", None, END, NAV, 90)
    assert _effort(report) == {("WP1", "nav_vt"): seed_figures.EFFORT_ALL[("WP1", "nav_vt")]}


def test_another_project_s_leader_is_refused(con):
    with pytest.raises(AccessDenied):
        tables.effort_table(con, "mwinc", OTHER_LEADER, END)


def test_no_plan_and_no_hours_give_an_empty_table(con):
    without_effort(con)
    table = tables.build(con, "mwinc", "progress", 2024, AS_OF, local_user(), 90).tables["effort"]
    assert table.empty and list(table.columns) == ["wp_code", "partner_id", *tables.EFFORT_COLUMNS]


def test_a_report_for_the_funder_needs_a_cost_plan(con):
    """Issue 19: a project from the funder's open data (no cost plan): refused when a file for the funder asks
    (require_plan), still built for a reader that only looks (its tables empty, not a plan of zero)."""
    from tests.pages.helpers import add_declared_project

    project_id = add_declared_project(con)
    as_of = dt.date(2015, 6, 30)
    with pytest.raises(tables.NoCostPlan):
        tables.build(con, project_id, "progress", 2014, as_of, local_user(), 90, require_plan=True)
    assert tables.build(con, project_id, "progress", 2014, as_of, local_user(), 90).project["project_id"] == project_id
    # a project with a plan is built either way
    assert tables.build(con, "mwinc", "progress", 2024, AS_OF, local_user(), 90, require_plan=True).tables
