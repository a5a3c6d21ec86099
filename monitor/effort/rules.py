"""The funder's rules for pricing effort, as pure functions (DOMAIN.md, "Personnel costs and effort").

Every rate comes from the catalog (monitor/rates/rcn.yaml, read by rates.py); each function takes the Rates to
use and falls back on the Research Council's. Hours and money are Decimal; a cost is rounded to the øre once,
at the end (hours × the exact rate), never from a rounded hourly rate.

- Hours <-> person-months: a person-year is 1 628 hours or 12 person-months, in every sector.
- The personnel cost the rules allow for a person's hours in a month, by the rule of the partner's sector:
  uh         hours / 1 628 × the person-year rate of the year the hours were worked in (December 2021 at the
             2021 rate, January 2022 at the 2022 rate);
  salary     hours × min(1.2 ‰ × the person's annual salary, NOK 1 100) (companies, the public sector, others);
  institute  hours × the hourly rate the institute reported for the year;
  foreign    hours × the person's hourly salary cost × 1.25, at most the UH rate of the year per hour.
- Own financing (UH): the ledger's personnel cost beyond what the rules allow is the project owner's to carry.
- Breaches, each a Breach told by the catalog (effort.breach.*): a person over 1 850 hours in a year (salary
  sectors), a person over one person-year across projects in a year (the other sectors), an hourly rate over
  the cap (salary: NOK 1 100; foreign: salary + 25 % over the year's UH rate per hour).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from monitor import format as fmt
from monitor.effort.rates import PricingError, Rates, rcn
from monitor.errors import Notice
from monitor.i18n import t
from monitor.money import CENT, ZERO

PM_PLACES = Decimal("0.01")  # person-months to two places, as reviewers read them (1 h = 0.0074 PM)
HOUR_PLACES = Decimal("0.01")


# --- hours and person-months -----------------------------------------------------------------------


def person_months(hours: Decimal | int | str, rates: Rates | None = None, places: Decimal = PM_PLACES) -> Decimal:
    """Hours as person-months: hours × 12 / 1 628, half up to `places`. Sum the hours first and convert the
    sum, so the person-months of a total are not the sum of rounded parts."""
    rates = rates or rcn()
    return (_decimal(hours) * rates.months_per_year / rates.hours_per_year).quantize(places, ROUND_HALF_UP)


def hours_of(months: Decimal | int | str, rates: Rates | None = None, places: Decimal = HOUR_PLACES) -> Decimal:
    """Person-months as hours: months × 1 628 / 12, half up to `places` (1 PM = 135.67 h)."""
    rates = rates or rcn()
    return (_decimal(months) * rates.hours_per_year / rates.months_per_year).quantize(places, ROUND_HALF_UP)


# --- hourly rates, exact -------------------------------------------------------------------------------


def uh_hourly_rate(year: int, rates: Rates | None = None) -> Decimal:
    """The UH rate of `year` per hour, unrounded: the person-year rate / 1 628 (2021: 710.0737...)."""
    rates = rates or rcn()
    return rates.uh_person_year(year) / rates.hours_per_year


def salary_hourly_rate(annual_salary: Decimal | int | str, rates: Rates | None = None) -> Decimal:
    """The hourly rate of a salary-priced person: 1.2 ‰ of the agreed annual salary, at most NOK 1 100."""
    rates = rates or rcn()
    return min(_decimal(annual_salary) * rates.salary_share, rates.max_hourly_rate)


def foreign_hourly_rate(hourly_salary: Decimal | int | str, year: int, rates: Rates | None = None) -> Decimal:
    """A foreign partner's hourly rate: its hourly salary cost plus 25 % indirect, at most the year's UH rate."""
    rates = rates or rcn()
    return min(_decimal(hourly_salary) * (1 + rates.foreign_indirect), uh_hourly_rate(year, rates))


# --- the allowed cost ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Priced:
    """What the rules allow for some hours: the rule used, the exact hourly rate (for showing, round it there),
    the cost to the øre, and whether a cap lowered the rate (salary: NOK 1 100; foreign: the UH rate)."""

    rule: str
    year: int
    hours: Decimal
    hourly_rate: Decimal
    cost: Decimal
    capped: bool


def price(
    sector: str,
    hours: Decimal | int | str,
    month: dt.date,
    *,
    annual_salary: Decimal | int | str | None = None,
    hourly_salary: Decimal | int | str | None = None,
    partner_id: str | None = None,
    rates: Rates | None = None,
) -> Priced:
    """The personnel cost the funder's rules allow for `hours` worked in `month` (any day of it) by a person of
    a partner in `sector`. A salary-priced person needs `annual_salary`, a foreign one `hourly_salary` (the
    actual salary cost per hour), an institute its `partner_id`; PricingError when the rule lacks what it needs
    or the catalog has no rate for the year."""
    rates = rates or rcn()
    rule, year, hours = rates.rule(sector), month.year, _decimal(hours)
    if rule == "uh":
        # Divide last, so the cost is exact before its one rounding: 100 h in 2021 = 115 600 000 / 1 628.
        exact = hours * rates.uh_person_year(year) / rates.hours_per_year
        return Priced(rule, year, hours, uh_hourly_rate(year, rates), _ore(exact), False)
    if rule == "salary":
        salary = _required(annual_salary, "effort.problem.no_salary", sector)
        uncapped = salary * rates.salary_share
        rate = salary_hourly_rate(salary, rates)
        return Priced(rule, year, hours, rate, _ore(hours * rate), uncapped > rate)
    if rule == "institute":
        rate = rates.institute_hourly(_required_id(partner_id, sector), year)
        return Priced(rule, year, hours, rate, _ore(hours * rate), False)
    own = _required(hourly_salary, "effort.problem.no_hourly_salary", sector) * (1 + rates.foreign_indirect)
    # Compare per person-year (no division): own × 1 628 against the UH rate, so the cap is decided exactly.
    if own * rates.hours_per_year > rates.uh_person_year(year):
        exact = hours * rates.uh_person_year(year) / rates.hours_per_year
        return Priced(rule, year, hours, uh_hourly_rate(year, rates), _ore(exact), True)
    return Priced(rule, year, hours, own, _ore(hours * own), False)


def allowed_cost(sector: str, hours: Decimal | int | str, month: dt.date, **pay) -> Decimal:
    """The cost to the øre the rules allow (see price for the keywords a sector needs)."""
    return price(sector, hours, month, **pay).cost


def own_financing(ledger_cost: Decimal | int | str, allowed: Decimal | int | str) -> Decimal:
    """The ledger's personnel cost minus what the rules allow, to the øre: for a UH project owner, what it
    carries as own financing (the institution's actual TDI cost above the flat rate). Negative when the flat
    rate allows more than the ledger holds; the caller decides how to show that."""
    return (_decimal(ledger_cost) - _decimal(allowed)).quantize(CENT, ROUND_HALF_UP)


# --- breaches ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearHours:
    """A person's hours on one project in one year (a later query sums the months); `sector` is the sector of
    the partner the person works for on that project."""

    person: str
    sector: str
    project: str
    year: int
    hours: Decimal


BREACH_KINDS = ("hours_over_year", "over_person_year", "rate_over_cap", "rate_over_uh")


@dataclass(frozen=True)
class Breach:
    """A rule broken: what (kind), who (the person's name), the year, the figure and the limit it passed (hours
    for the two yearly limits, NOK per hour for a rate), and the projects the figure adds up over."""

    kind: str
    person: str
    year: int
    figure: Decimal
    limit: Decimal
    projects: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        shown = _rate_text if self.kind.startswith("rate_") else _hours_text
        return t(
            f"effort.breach.{self.kind}",
            lang,
            person=self.person,
            year=str(self.year),
            figure=shown(self.figure, lang),
            limit=shown(self.limit, lang),
            projects=", ".join(self.projects),
        )

    def __str__(self) -> str:
        return self.text("en")


def hours_breaches(rows: Iterable[YearHours], rates: Rates | None = None) -> list[Breach]:
    """People of salary-priced partners (companies, the public sector, others) who charged more than 1 850 hours
    in a year, across the projects in `rows`: that is their person-year, so they are not checked against 1 628."""
    rates = rates or rcn()
    return [
        Breach("hours_over_year", person, year, hours, Decimal(rates.max_hours_per_year), projects)
        for (person, year), (hours, projects, rules) in _by_person_year(rows, rates).items()
        if rules == {"salary"} and hours > rates.max_hours_per_year
    ]


def person_year_breaches(rows: Iterable[YearHours], rates: Rates | None = None) -> list[Breach]:
    """People who charged more than one person-year (1 628 hours) in a year across the projects in `rows`; a
    person who works only for salary-priced partners is checked by hours_breaches instead (1 850 hours)."""
    rates = rates or rcn()
    limit = rates.max_person_years * rates.hours_per_year
    return [
        Breach("over_person_year", person, year, hours, limit, projects)
        for (person, year), (hours, projects, rules) in _by_person_year(rows, rates).items()
        if rules != {"salary"} and hours > limit
    ]


def year_breaches(rows: Iterable[YearHours], rates: Rates | None = None) -> list[Breach]:
    """Both yearly limits, by person and year."""
    rows = list(rows)
    found = hours_breaches(rows, rates) + person_year_breaches(rows, rates)
    return sorted(found, key=lambda b: (b.person, b.year, b.kind))


def rate_breach(
    person: str,
    year: int,
    hourly_rate: Decimal | int | str,
    annual_salary: Decimal | int | str | None = None,
    rates: Rates | None = None,
) -> Breach | None:
    """A salary-priced person's hourly rate over its cap: 1.2 ‰ of the annual salary where it is known, and
    never more than NOK 1 100; None when the rate is within it."""
    rates = rates or rcn()
    cap = rates.max_hourly_rate if annual_salary is None else salary_hourly_rate(annual_salary, rates)
    rate = _decimal(hourly_rate)
    return Breach("rate_over_cap", person, year, rate, cap) if rate > cap else None


def foreign_rate_breach(
    person: str, year: int, hourly_salary: Decimal | int | str, rates: Rates | None = None
) -> Breach | None:
    """A foreign partner's person whose salary cost per hour plus 25 % indirect is over the year's UH rate per hour
    (the most the funder pays); None when it is within it. Decided per person-year, without dividing, as price does."""
    rates = rates or rcn()
    own = _decimal(hourly_salary) * (1 + rates.foreign_indirect)
    if own * rates.hours_per_year > rates.uh_person_year(year):
        return Breach("rate_over_uh", person, year, own, uh_hourly_rate(year, rates))
    return None


def _by_person_year(rows: Iterable[YearHours], rates: Rates) -> dict[tuple[str, int], tuple]:
    """(person, year) -> (hours summed over projects, the projects in order, the set of rules of their sectors)."""
    summed: dict[tuple[str, int], tuple] = {}
    for row in rows:
        hours, projects, rules = summed.get((row.person, row.year), (ZERO, (), frozenset()))
        project = () if row.project in projects else (row.project,)
        summed[(row.person, row.year)] = (
            hours + _decimal(row.hours),
            projects + project,
            rules | {rates.rule(row.sector)},
        )
    return dict(sorted(summed.items()))


# --- small helpers -----------------------------------------------------------------------------------------


def _decimal(value: Decimal | int | str) -> Decimal:
    """A figure as Decimal; a float is refused (money and hours never pass through float)."""
    if isinstance(value, float | bool):
        raise TypeError(f"expected a Decimal, a whole number or text, not {value!r}")
    return value if isinstance(value, Decimal) else Decimal(value)


def _ore(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def _required(value: Decimal | int | str | None, key: str, sector: str) -> Decimal:
    if value is None:
        raise PricingError(Notice(key, sector=sector))
    return _decimal(value)


def _required_id(partner_id: str | None, sector: str) -> str:
    if not partner_id:
        raise PricingError(Notice("effort.problem.no_partner", sector=sector))
    return partner_id


def _hours_text(hours: Decimal, lang: str) -> str:
    """1 900 or 1 628,50: whole hours without decimals."""
    return fmt.number(hours, lang, 0 if hours == hours.to_integral_value() else 2)


def _rate_text(rate: Decimal, lang: str) -> str:
    return fmt.nok(rate, lang, 2)
