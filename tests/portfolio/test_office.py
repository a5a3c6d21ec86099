"""The office's filters, totals and totals by year over the portfolio's rows, and the applications register's
success rates; figures worked by hand from the seed files and the open-data fixture's 30 rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.portfolio import office
from monitor.portfolio import views as portfolio
from tests import oracle
from tests.conftest import EMBEDDED_SEED
from tests.portfolio.helpers import AS_OF, add_declared_only, fixture_records, import_register

# Three funded fixture rows as projects without a cost plan:
#   225873 STATNETT SF, Offentlig sektor (public), 2013-2017, Stort program energi, granted 6 978 124.00
#   225941 Institutt for lingvistiske og nordiske studier (UIO), UoH-sektor (UH), 2014-2023,
#          Nasj.sats. forskn.infrastrukt, granted 27 336 753.52
#   225968 INSTITUTT FOR ENERGITEKNIKK, Instituttsektor (institute), 2014-2020, Nasj.sats. forskn.infrastrukt,
#          granted 39 999 999.35
DECLARED = ("225873", "225941", "225968")
INFRASTRUCTURE = "Nasj.sats. forskn.infrastrukt"


@pytest.fixture
def rows(pcon, settings):
    """The three seed projects and the three declared-only ones, as of 1.11.2026."""
    add_declared_only(pcon, *DECLARED)  # in its own transaction
    return portfolio.portfolio(pcon, local_user(), AS_OF, settings)


def ids(rows) -> list[str]:
    return [r.project_id for r in rows]


def test_rows_carry_what_the_filters_need(rows):
    by_id = {r.project_id: r for r in rows}
    # Seed: integrate's owner OsloMet (UH), integration_day's the team (NGO), mwinc's USN (UH).
    assert (by_id["integrate"].owner, by_id["integrate"].sector) == ("OsloMet – storbyuniversitetet", "UH")
    assert by_id["integration_day"].sector == "NGO"
    assert by_id["mwinc"].programme == "VAM (Velferd, arbeid og migrasjon)"
    assert {by_id[p].plan_status for p in ("integrate", "integration_day", "mwinc")} == {"planned"}
    statnett = by_id["225873"]
    assert (statnett.owner, statnett.sector, statnett.programme) == ("STATNETT SF", "public", "Stort program energi")
    assert statnett.plan_status == "declared_only" and statnett.declared_only
    assert statnett.declared_grant == Decimal("6978124.00")
    assert (statnett.budget, statnett.spent_share) == (Decimal(0), None)  # no plan: no share spent as a fact


def test_no_filter_keeps_every_row(rows):
    assert ids(office.filter_rows(rows, office.Filters())) == ids(rows)
    assert len(rows) == 6


def test_each_filter(rows):
    def chosen(**filters) -> list[str]:
        return sorted(ids(office.filter_rows(rows, office.Filters(**filters))))

    assert chosen(programmes=frozenset({INFRASTRUCTURE})) == ["225941", "225968"]
    # UH: integrate (OsloMet), mwinc (USN), 225941 (UoH-sektor).
    assert chosen(sectors=frozenset({"UH"})) == ["225941", "integrate", "mwinc"]
    assert chosen(owners=frozenset({"STATNETT SF"})) == ["225873"]
    # At 1.11.2026 integration_day is at risk; integrate and mwinc off track; the declared ones have no work
    # packages, so nothing puts them off track.
    assert chosen(statuses=frozenset({"at_risk"})) == ["integration_day"]
    assert chosen(statuses=frozenset({"on_track"})) == list(DECLARED)
    # 2024 alone overlaps integrate (2021-2027) and mwinc (2021-2025); not integration_day (2026-2027),
    # 225873 (2013-2017), 225941 (2014-2023) or 225968 (2014-2020).
    assert chosen(from_year=2024, to_year=2024) == ["integrate", "mwinc"]
    # From 2020: every project but 225873, which ended in 2017.
    assert chosen(from_year=2020) == ["225941", "225968", "integrate", "integration_day", "mwinc"]
    # Up to 2013: 225873 only (the others start in 2014 or later).
    assert chosen(to_year=2013) == ["225873"]
    # Filters combine: UH projects running in 2026 or later: integrate (to 2027); mwinc ended 2025, 225941 2023.
    assert chosen(sectors=frozenset({"UH"}), from_year=2026) == ["integrate"]


def test_options_are_the_values_the_rows_hold(rows):
    offered = office.options(rows)
    assert offered.sectors == ["NGO", "UH", "institute", "public"]
    assert offered.statuses == ["on_track", "at_risk", "off_track"]
    assert (offered.years[0], offered.years[-1]) == (2013, 2027)  # 225873 starts 2013; two end 2027
    assert INFRASTRUCTURE in offered.programmes and "STATNETT SF" in offered.owners


def test_totals_keep_declared_grants_beside_the_budget(rows):
    totals = portfolio.totals(rows)
    # 28 000 000 + 300 000 + 15 102 000: the seed's cost plans only; the declared projects plan nothing.
    assert totals["budget"] == Decimal("43402000.00")
    # 6 978 124.00 + 27 336 753.52 + 39 999 999.35
    assert totals["declared"] == Decimal("74314876.87")
    assert office.declared_total(rows) == Decimal("74314876.87")


def test_totals_by_year_of_declared_projects_count_the_grant_in_the_start_year(rows):
    chosen = office.filter_rows(rows, office.Filters(programmes=frozenset({INFRASTRUCTURE})))
    years = office.totals_by_year(chosen, [])
    # 225941 and 225968 both start in 2014: 27 336 753.52 + 39 999 999.35
    assert years == [office.YearTotals(2014, Decimal(0), Decimal(0), Decimal("67336752.87"))]
    # A period from 2015 keeps only its own years: the grants, counted in 2014, are outside it.
    assert office.totals_by_year(chosen, [], office.Filters(from_year=2015)) == []


def test_totals_by_year_of_integration_day_by_hand(pcon, rows):
    years = office.load_years(pcon, local_user(), AS_OF)
    day = office.filter_rows(
        rows, office.Filters(programmes=frozenset({"Co-creation process facilitated by SoCentral"}))
    )
    assert ids(day) == ["integration_day"]
    by_year = office.totals_by_year(day, years)
    # The plan: 30 000 + 60 000 + 30 000 + 30 000 = 150 000 in each of 2026 and 2027; all spending so far in 2026.
    spent = oracle.spent(AS_OF, EMBEDDED_SEED / "integration_day")
    assert by_year == [
        office.YearTotals(2026, Decimal("150000.00"), spent, Decimal(0)),
        office.YearTotals(2027, Decimal("150000.00"), Decimal(0), Decimal(0)),
    ]


@pytest.mark.parametrize(
    "as_of", [AS_OF, dt.date(2024, 12, 31), dt.date(2025, 6, 30), dt.date(2024, 3, 15)], ids=str
)  # mid-month, a year's end, a month's end (stored sums only), mid-month in an earlier year
def test_each_projects_years_add_up_to_its_row(con, settings, as_of):
    """On both engines and for a partner too: the years of a project sum to its portfolio row."""
    add_declared_only(con, "225873")  # in its own transaction
    nav = Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
    for scope in (local_user(), nav):
        rows = portfolio.portfolio(con, scope, as_of, settings)
        years = office.load_years(con, scope, as_of)
        for row in rows:
            mine = [y for y in years if y["project_id"] == row.project_id]
            assert sum((y["planned"] for y in mine), Decimal(0)) == row.budget
            assert sum((y["spent"] for y in mine), Decimal(0)) == row.spent


# --- The applications register ---------------------------------------------------------------------------


@pytest.fixture
def register(con):
    import_register(con)  # in its own transaction
    return office.register_records(con, local_user())


def test_register_rows_come_back_as_records(register):
    assert {r.number: r for r in register} == {n: dataclasses.replace(r, row=0) for n, r in fixture_records().items()}


def test_counts_of_the_fixture(register):
    counts = office.counts(register)
    # Funded (Avsluttet or Bevilgning): 225873 225880 225883 225885 225897 225922 225928 225934 225939 225941
    # 225950 225956 225968 225993 226026 226030 = 16; Avslag: the other 14 of 30; none received or under review.
    assert (counts.decided, counts.funded, counts.rejected, counts.pending) == (30, 16, 14, 0)
    assert counts.rate == Decimal("0.5333")  # 16 / 30 = 0.53333..., shares kept to four places (money.share)
    # UH 100 056 753.52 + private 26 141 399 + public 6 978 124 + institute 39 999 999.35 (see below)
    assert counts.granted == Decimal("173176275.87")


def test_pending_rows_count_in_neither_side(register):
    received = dataclasses.replace(register[0], phase="Mottatt")  # 225873, funded in the file
    counts = office.counts([received, *register[1:]])
    assert (counts.decided, counts.funded, counts.pending) == (29, 15, 1)
    assert office.success_rates([received], "start_year") == {}


def test_success_rates_by_year(register):
    rates = office.success_rates(register, "start_year")
    # 2014: 225901 A, 225941 F, 225950 F, 225960 A, 225968 F, 225985 A, 225993 F -> 7 decided, 4 funded;
    # 2013: the other 23, 16 - 4 = 12 funded.
    assert {year: (r.decided, r.funded) for year, r in rates.items()} == {2013: (23, 12), 2014: (7, 4)}


def test_success_rates_by_sector(register):
    rates = office.success_rates(register, "sector")
    # public: 225873 F. institute: 225968 F. private (Næringsliv): 225874 A, 225883 F, 225897 F, 225922 F,
    # 225939 F, 225986 A, 225993 F -> 7, 5 funded. UH (UoH-sektor and Helseforetak): the other 21, 9 funded.
    assert {s: (r.decided, r.funded) for s, r in rates.items()} == {
        "UH": (21, 9),
        "institute": (1, 1),
        "private": (7, 5),
        "public": (1, 1),
    }
    # 1 175 000 + 3 052 000 + 6 873 000 + 1 120 000 + 13 921 399
    assert rates["private"].granted == Decimal("26141399.00")
    # 10 000 000 + 1 175 000 + 3 052 000 + 6 873 000 + 1 120 000 + 0 + 13 120 000
    assert rates["private"].applied == Decimal("35340000.00")
    # 350 000 + 9 251 000 + 1 566 000 + 125 000 + 27 336 753.52 + 25 000 000 + 22 838 000 + 6 000 000 + 7 590 000
    assert rates["UH"].granted == Decimal("100056753.52")


def test_success_rates_by_programme(register):
    rates = office.success_rates(register, "programme")
    # Stort program energi: 225873 F, 225874 A, 225897 F, 225939 F; granted 6 978 124 + 3 052 000 + 1 120 000
    energy = rates["Stort program energi"]
    assert (energy.decided, energy.funded, energy.granted) == (4, 3, Decimal("11150124.00"))
    assert energy.rate == Decimal("0.75")  # 3 / 4
    # The neuroscience programme: 8 applications, all rejected.
    neuro = rates["Nasjonal satsing på nevrovitenskap f"]
    assert (neuro.decided, neuro.funded, neuro.rate) == (8, 0, Decimal(0))
    # Infrastructure: 225901 A, 225941 F, 225950 F, 225960 A, 225968 F, 225985 A, 225993 F
    assert (rates[INFRASTRUCTURE].decided, rates[INFRASTRUCTURE].funded) == (7, 4)


def test_filter_by_organisation(register):
    # "uib" is the short name of 225894, 225943, 225956 F, 225985, 226017, 226021, 226023, 226026 F: 8 rows.
    uib = office.of_organisation(register, "uib")
    counts = office.counts(uib)
    assert (counts.decided, counts.funded) == (8, 2)
    assert counts.granted == Decimal("28838000.00")  # 22 838 000 + 6 000 000
    # 38 885 000 + 7 618 000 + 22 839 000 + 16 992 000 + 5 482 000 + 9 600 000 + 7 448 000 + 8 319 000
    assert counts.applied == Decimal("117183000.00")
    # The university's own organisation number: 225985 and 226023, both rejected.
    assert sorted(r.number for r in office.of_organisation(register, "874789542")) == ["225985", "226023"]
    assert office.of_organisation(register, "  ") == register


@pytest.mark.parametrize(
    "scope",
    [
        Scope("leader", "leader", frozenset({"mwinc"})),
        Scope("reader", "viewer", frozenset({"mwinc"})),
        Scope("nav", "partner", None, "nav_vt"),
    ],
)
def test_only_an_office_wide_scope_reads_the_register(con, register, scope):
    assert not office.may_read_register(scope)
    with pytest.raises(AccessDenied):
        office.register_records(con, scope)
    assert office.may_read_register(Scope("office", "viewer"))  # an office-wide viewer does
    assert len(office.register_records(con, Scope("office", "viewer"))) == 30


def test_tables_are_labelled(register):
    table = office.success_table(office.success_rates(register, "sector"), "sector", "en")
    assert table["Sector"].tolist() == ["Higher education", "Research institute", "Private", "Public"]
    assert table["Success rate"].tolist()[0] == "43%"  # 9 / 21 = 42.9 %
    text = office.counts_text(office.counts(register), "nb")
    assert "16 innvilget" in text and "14 avslått" in text
