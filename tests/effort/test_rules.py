"""The funder's rules for pricing effort (monitor/effort/rules.py), pure: no database. Every expected figure is
worked out by hand from the rates in DOMAIN.md (a person-year is 1 628 hours = 12 person-months; UH 2021
NOK 1 156 000, 2022 1 190 000, 2024 1 312 000 per person-year; 1.2 per mille of salary, at most NOK 1 100 an hour,
at most 1 850 hours a year; foreign salary + 25 % up to the UH rate)."""

import datetime as dt
from decimal import Decimal

import pytest

from monitor.effort import rates as rates_module
from monitor.effort.rates import PricingError
from monitor.effort.rules import (
    Breach,
    YearHours,
    allowed_cost,
    foreign_hourly_rate,
    hours_breaches,
    hours_of,
    own_financing,
    person_months,
    person_year_breaches,
    price,
    rate_breach,
    salary_hourly_rate,
    uh_hourly_rate,
    year_breaches,
)

DEC_2021, JAN_2022, MAY_2024 = dt.date(2021, 12, 1), dt.date(2022, 1, 31), dt.date(2024, 5, 15)


# --- hours and person-months ---------------------------------------------------------------------------


def test_a_person_year_is_1628_hours_or_12_person_months():
    assert person_months(1628) == Decimal("12.00")  # 1 628 × 12 / 1 628
    assert person_months(814) == Decimal("6.00")  # 814 × 12 / 1 628 = 9 768 / 1 628 = 6
    assert person_months(407) == Decimal("3.00")  # 407 × 12 / 1 628 = 4 884 / 1 628 = 3
    assert person_months(Decimal("100")) == Decimal("0.74")  # 1 200 / 1 628 = 0.7371 -> 0.74
    assert hours_of(12) == Decimal("1628.00")  # 12 × 1 628 / 12
    assert hours_of(1) == Decimal("135.67")  # 1 628 / 12 = 135.666... -> 135.67
    assert hours_of(Decimal("0.5")) == Decimal("67.83")  # 0.5 × 1 628 / 12 = 814 / 12 = 67.8333 -> 67.83


def test_person_months_of_a_sum_are_converted_once():
    # Three months of 100 h: 300 × 12 / 1 628 = 3 600 / 1 628 = 2.2113 -> 2.21; three rounded parts would give
    # 3 × 0.74 = 2.22.
    assert person_months(100 + 100 + 100) == Decimal("2.21")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        person_months(100.5)


# --- UH: the rate of the year the hours were worked in ----------------------------------------------------


def test_uh_december_2021_at_the_2021_rate_january_2022_at_the_2022_rate():
    # 407 h is a quarter of a person-year (1 628 / 4 = 407).
    assert allowed_cost("UH", 407, DEC_2021) == Decimal("289000.00")  # 1 156 000 / 4
    assert allowed_cost("UH", 407, JAN_2022) == Decimal("297500.00")  # 1 190 000 / 4


def test_uh_cost_is_rounded_to_the_ore_once():
    # 100 h in December 2021: 100 × 1 156 000 / 1 628 = 115 600 000 / 1 628; 1 628 × 71 007 = 115 599 396,
    # remainder 604, 604 / 1 628 = 0.371 -> 71 007.37.
    priced = price("UH", 100, DEC_2021)
    assert (priced.rule, priced.year, priced.cost, priced.capped) == ("uh", 2021, Decimal("71007.37"), False)
    # 100 h in January 2022: 119 000 000 / 1 628; 1 628 × 73 095 = 118 998 660, remainder 1 340,
    # 1 340 / 1 628 = 0.823 -> 73 095.82.
    assert allowed_cost("UH", 100, JAN_2022) == Decimal("73095.82")
    # The hourly rate is kept exact: 1 156 000 / 1 628 = 710.0737...; rounded first (710.07 × 100 = 71 007.00) the
    # cost would lose 37 øre.
    assert uh_hourly_rate(2021).quantize(Decimal("0.0001")) == Decimal("710.0737")


def test_a_year_without_a_uh_rate_is_refused_with_the_catalog_named():
    with pytest.raises(PricingError) as refused:
        allowed_cost("UH", 10, dt.date(2029, 1, 1))
    assert "rcn.yaml" in str(refused.value) and "2029" in str(refused.value) and "2021–2028" in str(refused.value)
    assert "ingen UH-sats for 2029" in refused.value.notice.text("nb")


# --- companies and the public sector: 1.2 per mille of salary, at most NOK 1 100 ------------------------------


def test_a_company_rate_at_the_cap_and_just_under_it():
    # 916 666.67 × 0.0012 = 1 100.000004: over NOK 1 100, so capped; 10 h × 1 100 = 11 000.00.
    at_cap = price("private", 10, MAY_2024, annual_salary=Decimal("916666.67"))
    assert (at_cap.hourly_rate, at_cap.cost, at_cap.capped) == (Decimal("1100.00"), Decimal("11000.00"), True)
    # 916 666.66 × 0.0012 = 1 099.999992: under the cap, not capped; 10 h × 1 099.999992 = 10 999.99992,
    # which to the øre is 11 000.00.
    just_under = price("public", 10, MAY_2024, annual_salary=Decimal("916666.66"))
    assert just_under.hourly_rate == Decimal("1099.999992") and not just_under.capped
    assert just_under.cost == Decimal("11000.00")
    # 916 000 × 0.0012 = 1 099.20; 10 h × 1 099.20 = 10 992.00.
    assert allowed_cost("NGO", 10, MAY_2024, annual_salary=916000) == Decimal("10992.00")
    # Well above: 1 000 000 × 0.0012 = 1 200 -> 1 100.
    assert salary_hourly_rate(1000000) == Decimal("1100.00")


def test_a_company_cost_rounds_half_up_to_the_ore():
    # 912 345 × 0.0012 = 1 094.814; 7.5 h × 1 094.814 = 7 663.698 + 547.407 = 8 211.105 -> 8 211.11 (half up;
    # half-even would give 8 211.10).
    assert allowed_cost("private", Decimal("7.5"), MAY_2024, annual_salary=912345) == Decimal("8211.11")


def test_a_company_person_without_a_salary_cannot_be_priced():
    with pytest.raises(PricingError) as refused:
        allowed_cost("private", 10, MAY_2024)
    assert "annual salary" in str(refused.value)


# --- institutes and foreign partners -----------------------------------------------------------------------


def test_an_institute_is_priced_by_its_reported_rate(tmp_path):
    text = rates_module.RATES_PATH.read_text(encoding="utf-8")
    path = tmp_path / "rcn.yaml"
    path.write_text(
        text.replace("  hourly_rate: {}", "  hourly_rate:\n    sintef:\n      2024: 1350"), encoding="utf-8"
    )
    rates = rates_module.load(path)
    # 10 h × 1 350 = 13 500.00
    assert allowed_cost("institute", 10, MAY_2024, partner_id="sintef", rates=rates) == Decimal("13500.00")
    with pytest.raises(PricingError, match="sintef in 2025"):
        allowed_cost("institute", 10, dt.date(2025, 1, 1), partner_id="sintef", rates=rates)


def test_a_foreign_partner_is_capped_at_the_uh_rate():
    # 2024: the UH rate per hour is 1 312 000 / 1 628 = 805.896...
    # 700 × 1.25 = 875 an hour; 875 × 1 628 = 1 424 500 > 1 312 000, so capped: 407 h (a quarter of a
    # person-year) = 1 312 000 / 4 = 328 000.00.
    capped = price("foreign", 407, MAY_2024, hourly_salary=700)
    assert (capped.cost, capped.capped) == (Decimal("328000.00"), True)
    # 600 × 1.25 = 750 an hour; 750 × 1 628 = 1 221 000 < 1 312 000, not capped: 407 × 750 = 305 250.00.
    uncapped = price("foreign", 407, MAY_2024, hourly_salary=600)
    assert (uncapped.hourly_rate, uncapped.cost, uncapped.capped) == (Decimal("750.00"), Decimal("305250.00"), False)
    assert foreign_hourly_rate(700, 2024) == uh_hourly_rate(2024)


# --- own financing ---------------------------------------------------------------------------------------------


def test_the_ledger_cost_above_the_flat_rate_is_own_financing():
    allowed = allowed_cost("UH", 407, DEC_2021)  # 289 000.00 (above)
    assert own_financing(Decimal("300000.00"), allowed) == Decimal("11000.00")  # 300 000 − 289 000
    assert own_financing(Decimal("280000.50"), allowed) == Decimal("-8999.50")  # 280 000.50 − 289 000


# --- breaches -------------------------------------------------------------------------------------------------


def test_a_company_person_over_1850_hours_in_a_year():
    rows = [
        YearHours("Kari (NHO)", "private", "mwinc", 2024, Decimal("1000")),
        YearHours("Kari (NHO)", "private", "integrate", 2024, Decimal("900")),
        YearHours("Ola (NAV)", "public", "mwinc", 2024, Decimal("1850")),  # at the limit: allowed
        YearHours("Kari (NHO)", "private", "mwinc", 2025, Decimal("1700")),  # over 1 628 but within 1 850
    ]
    # Kari 2024: 1 000 + 900 = 1 900 > 1 850.
    assert hours_breaches(rows) == [
        Breach("hours_over_year", "Kari (NHO)", 2024, Decimal("1900"), Decimal("1850"), ("mwinc", "integrate"))
    ]
    assert person_year_breaches(rows) == []  # a company's person-year is its 1 850 hours


def test_a_person_over_one_person_year_across_two_projects():
    rows = [
        YearHours("Annett (USN)", "UH", "mwinc", 2023, Decimal("900")),
        YearHours("Annett (USN)", "UH", "integrate", 2023, Decimal("800")),
        YearHours("Lars (USN)", "UH", "mwinc", 2023, Decimal("1000")),
        YearHours("Lars (USN)", "UH", "integrate", 2023, Decimal("628")),  # 1 628: exactly one person-year
    ]
    # Annett 2023: 900 + 800 = 1 700 > 1 628 (each project alone is within it).
    expected = Breach(
        "over_person_year", "Annett (USN)", 2023, Decimal("1700"), Decimal("1628"), ("mwinc", "integrate")
    )
    assert person_year_breaches(rows) == [expected]
    assert hours_breaches(rows) == []
    assert year_breaches(rows) == [expected]


def test_an_hourly_rate_over_the_cap():
    assert rate_breach("Kari", 2024, Decimal("1100.01")) == Breach(
        "rate_over_cap", "Kari", 2024, Decimal("1100.01"), Decimal("1100.00")
    )
    assert rate_breach("Kari", 2024, Decimal("1100.00")) is None
    # With the salary known: 800 000 × 0.0012 = 960; 1 000 an hour is over it, 960 is not.
    assert rate_breach("Ola", 2024, 1000, annual_salary=800000).limit == Decimal("960.0000")
    assert rate_breach("Ola", 2024, 960, annual_salary=800000) is None


def test_a_breach_is_told_in_both_languages():
    breach = Breach("over_person_year", "Annett", 2023, Decimal("1700"), Decimal("1628"), ("MW Inc", "INTEGRATE"))
    assert breach.text("en") == (
        "Annett charged 1,700 hours in 2023 across the projects (MW Inc, INTEGRATE), more than one person-year "
        "(1,628 hours)."
    )
    assert "1\u00a0700 timer i 2023" in breach.text("nb") and "ett årsverk (1\u00a0628 timer)" in breach.text("nb")
    rate = Breach("rate_over_cap", "Kari", 2024, Decimal("1100.01"), Decimal("1100"))
    assert "NOK\u00a01,100.01" in rate.text("en") and "NOK\u00a01,100.00" in rate.text("en")
    assert "1\u00a0100,01\u00a0kr" in rate.text("nb")
