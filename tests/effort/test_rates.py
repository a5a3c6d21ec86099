"""The rates catalog (monitor/rates/rcn.yaml) and its loader (monitor/effort/rates.py)."""

from decimal import Decimal

import pytest

from monitor.effort import rates
from monitor.effort.rates import RatesError

RCN = rates.RATES_PATH.read_text(encoding="utf-8")


def test_the_catalog_holds_the_research_councils_rates():
    catalog = rates.rcn()
    # DOMAIN.md, "Personnel costs and effort".
    assert catalog.uh_rate == {
        2021: Decimal("1156000"),
        2022: Decimal("1190000"),
        2023: Decimal("1244000"),
        2024: Decimal("1312000"),
        2025: Decimal("1363000"),
        2026: Decimal("1414000"),
        2027: Decimal("1464000"),
        2028: Decimal("1515000"),
    }
    assert catalog.announced_from == 2027
    assert (catalog.hours_per_year, catalog.months_per_year) == (1628, 12)
    assert catalog.salary_share == Decimal("0.0012")  # 1.2 per mille
    assert (catalog.max_hourly_rate, catalog.max_hours_per_year) == (Decimal("1100"), 1850)
    assert catalog.foreign_indirect == Decimal("0.25")
    assert catalog.max_person_years == Decimal("1")
    assert catalog.institute_rate == {}
    assert {catalog.rule(s) for s in ("public", "private", "NGO")} == {"salary"}
    assert (catalog.rule("UH"), catalog.rule("institute"), catalog.rule("foreign")) == ("uh", "institute", "foreign")
    assert any("Satser for forskertid i UH-sektoren" in page for page in catalog.source)


def _refused(tmp_path, text: str) -> str:
    path = tmp_path / "rcn.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RatesError) as refused:
        rates.load(path)
    return str(refused.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A rate written the Norwegian way is not a number: the file, the key, the year and the value are named.
        ("    2024: 1312000", "    2024: 1 312 000", "rcn.yaml: uh.person_year_rate: 2024: expected a positive amount"),
        ("    2024: 1312000", "    2024: -1312000", "uh.person_year_rate: 2024: expected a positive amount"),
        ("    2024: 1312000", "    20244: 1312000", "uh.person_year_rate: 20244: expected a year"),
        # A typo in a key is refused, never read as a missing rule with a default.
        ("  max_hourly_rate: 1100", "  max_hourly_rates: 1100", "salary.max_hourly_rates: unknown key (got 1100)"),
        (
            "  max_hourly_rate: 1100",
            "  max_hourly_rate: 1100.005",
            "salary.max_hourly_rate: expected a positive amount",
        ),
        ("  hours: 1628", "  hours: 1628.5", "person_year.hours: expected a whole number from 1 to 8784 (got 1628.5)"),
        ("  months: 12", "  months: 13", "person_year.months: expected 12 (got 13)"),
        ("  NGO: salary\n", "", "sector_rule: expected every sector once"),
        ("  foreign: foreign\n", "  foreign: flat\n", "sector_rule: unknown rule foreign: 'flat'"),
        (
            "  per_mille_of_annual_salary: 1.2",
            "  per_mille_of_annual_salary: x",
            "per_mille_of_annual_salary: expected",
        ),
        ("  announced_from: 2027", "  announced_from: 2030", "uh.announced_from: expected a year that has a rate"),
        ("  hourly_rate: {}", "  hourly_rate:\n    sintef: 1350", "institute.hourly_rate: sintef: expected a map"),
        ("per_person:\n  max_person_years_per_year: 1\n", "", "per_person.max_person_years_per_year: missing"),
    ],
)
def test_a_bad_catalog_is_refused_with_file_key_and_value(tmp_path, old, new, expected):
    assert old in RCN  # the test changes what the catalog says
    assert expected in _refused(tmp_path, RCN.replace(old, new))


def test_a_file_that_is_not_yaml_or_not_there_is_refused(tmp_path):
    assert "not valid YAML" in _refused(tmp_path, "uh: [unclosed")
    assert "expected sections" in _refused(tmp_path, "- a list")
    with pytest.raises(RatesError, match="cannot be read"):
        rates.load(tmp_path / "missing.yaml")
