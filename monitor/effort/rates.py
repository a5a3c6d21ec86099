"""The funder's rates catalog (monitor/rates/rcn.yaml) -> validated Rates.

Every rate that prices effort lives in the catalog file, never in code, so a new year's UH rate is one line
there. The file is checked whole when it is read, like config.yaml (monitor/config.py): an unknown or missing
key, or a value of the wrong kind, is refused with a message naming the file, the key and the value, so a typo
never prices hours by a default nobody chose.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from monitor.codes import PARTNER_SECTORS
from monitor.config_rules import hourly_amount
from monitor.errors import Notice

RATES_PATH = Path(__file__).resolve().parent.parent / "rates" / "rcn.yaml"
RULES = ("uh", "salary", "institute", "foreign")  # how a sector's hours are priced (see rcn.yaml, sector_rule)
PER_MILLE = Decimal("0.001")
PERCENT = Decimal("0.01")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # a year outside these is a typo, not a rate


class RatesError(ValueError):
    """A bad rates catalog; the message names the file, the key and the value."""


class PricingError(ValueError):
    """Hours that cannot be priced: no rate for the year, no salary for a salary-priced person, no reported
    rate for an institute. The message is a Notice (English, and `text(lang)` in the user's language)."""

    def __init__(self, notice: Notice):
        self.notice = notice
        super().__init__(notice)


@dataclass(frozen=True)
class Rates:
    """The rules of one funder, as read from its catalog. Money is Decimal; shares are fractions (1.2 ‰ is
    0.0012, 25 % is 0.25)."""

    path: Path
    source: tuple[str, ...]
    hours_per_year: int  # a person-year in hours (1 628)
    months_per_year: int  # ... and in person-months (12)
    sector_rule: Mapping[str, str]  # partner sector -> one of RULES
    uh_rate: Mapping[int, Decimal]  # year -> NOK per person-year
    announced_from: int | None  # rates from this year on are announced, not yet in force
    salary_share: Decimal  # of the annual salary, per hour (0.0012)
    max_hourly_rate: Decimal  # NOK per hour (1 100)
    max_hours_per_year: int  # per person, salary-priced sectors (1 850)
    foreign_indirect: Decimal  # added to a foreign partner's salary (0.25)
    institute_rate: Mapping[str, Mapping[int, Decimal]]  # partner id -> year -> NOK per hour
    max_person_years: Decimal  # per person and year, across projects (1)

    def rule(self, sector: str) -> str:
        """How the hours of a partner in `sector` are priced (uh, salary, institute, foreign)."""
        if sector not in self.sector_rule:
            raise PricingError(Notice("effort.problem.unknown_sector", sector=sector, file=self.path.name))
        return self.sector_rule[sector]

    def uh_person_year(self, year: int) -> Decimal:
        """The UH rate of `year`, NOK per person-year: the rate of the year the hours were worked in."""
        if year not in self.uh_rate:
            first, last = min(self.uh_rate), max(self.uh_rate)
            raise PricingError(
                Notice("effort.problem.no_uh_rate", year=str(year), file=self.path.name, first=first, last=last)
            )
        return self.uh_rate[year]

    def institute_hourly(self, partner_id: str, year: int) -> Decimal:
        """The hourly rate an institute reported for `year`."""
        rate = self.institute_rate.get(partner_id, {}).get(year)
        if rate is None:
            raise PricingError(
                Notice("effort.problem.no_institute_rate", partner=partner_id, year=str(year), file=self.path.name)
            )
        return rate


@lru_cache(maxsize=1)
def rcn() -> Rates:
    """The Research Council's rates (monitor/rates/rcn.yaml), read and checked once per process."""
    return load(RATES_PATH)


def load(path: Path | str) -> Rates:
    """Read and check a rates catalog; RatesError names the file, the key and the value of the first problem."""
    path = Path(path)
    values = _flatten(_read_yaml(path), path)
    for key, (check, _) in SCHEMA.items():
        if key not in values:
            raise RatesError(f"{path}: {key}: missing")
        problem = check(values[key])
        if problem:
            raise RatesError(f"{path}: {key}: {problem} (got {values[key]!r})")
    parsed = {key: convert(values[key]) for key, (_, convert) in SCHEMA.items()}
    if parsed["uh.announced_from"] is not None and parsed["uh.announced_from"] not in parsed["uh.person_year_rate"]:
        raise RatesError(
            f"{path}: uh.announced_from: expected a year that has a rate (got {values['uh.announced_from']!r})"
        )
    return Rates(
        path=path,
        source=tuple(parsed["source"]),
        hours_per_year=parsed["person_year.hours"],
        months_per_year=parsed["person_year.months"],
        sector_rule=parsed["sector_rule"],
        uh_rate=parsed["uh.person_year_rate"],
        announced_from=parsed["uh.announced_from"],
        salary_share=parsed["salary.per_mille_of_annual_salary"] * PER_MILLE,
        max_hourly_rate=parsed["salary.max_hourly_rate"],
        max_hours_per_year=parsed["salary.max_hours_per_year"],
        foreign_indirect=parsed["foreign.indirect_percent"] * PERCENT,
        institute_rate=parsed["institute.hourly_rate"],
        max_person_years=parsed["per_person.max_person_years_per_year"],
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RatesError(f"{path}: cannot be read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise RatesError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise RatesError(f"{path}: expected sections such as 'uh:' at the top level")
    return raw


def _flatten(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """{'uh.person_year_rate': {...}, 'source': [...]}: a section's keys under its name; a key the schema does
    not know is refused (a typo must not leave a rule unset)."""
    flat: dict[str, Any] = {}
    for section, body in raw.items():
        if section in SCHEMA:  # a top-level key that is a value itself (source, sector_rule)
            flat[str(section)] = body
            continue
        if not isinstance(body, dict):
            raise RatesError(f"{path}: {section}: unknown key (got {body!r})")
        for name, value in body.items():
            key = f"{section}.{name}"
            if key not in SCHEMA:
                raise RatesError(f"{path}: {key}: unknown key (got {value!r})")
            flat[key] = value
    return flat


# --- checks and conversions of each key ------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    """A YAML number or numeric text as Decimal (through str, so 1.2 stays 1.2); None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"expected a whole number from {low} to {high}"

    return check


def _positive_share(high: Decimal) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        number = _number(value)
        return None if number is not None and 0 < number <= high else f"expected a number above 0 and at most {high}"

    return check


def _twelve(value: Any) -> str | None:
    """A person-year is 12 person-months: the key says so in the file, it is not a setting."""
    return None if isinstance(value, int) and not isinstance(value, bool) and value == 12 else "expected 12"


def _amount(value: Any) -> str | None:
    return None if hourly_amount(value) is not None else "expected a positive amount with at most two decimals"


def _year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR


def _rates_by_year(value: Any) -> str | None:
    if not isinstance(value, dict) or not value:
        return "expected a map of year -> NOK, for example 2024: 1312000"
    for year, rate in value.items():
        if not _year(year):
            return f"{year!r}: expected a year from {FIRST_YEAR} to {LAST_YEAR}"
        if hourly_amount(rate) is None:
            return f"{year}: expected a positive amount with at most two decimals (got {rate!r})"
    return None


def _sector_rules(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a map of sector -> rule ({', '.join(RULES)})"
    unknown = [str(s) for s in value if s not in PARTNER_SECTORS]
    missing = [s for s in PARTNER_SECTORS if s not in value]
    if unknown or missing:
        return f"expected every sector once ({', '.join(PARTNER_SECTORS)}); unknown {unknown}, missing {missing}"
    wrong = [f"{sector}: {rule!r}" for sector, rule in value.items() if rule not in RULES]
    return f"unknown rule {', '.join(wrong)}; rules are {', '.join(RULES)}" if wrong else None


def _institute_rates(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "expected a map of partner id -> year -> NOK per hour ({} for none)"
    for partner, years in value.items():
        problem = _rates_by_year(years)
        if problem:
            return f"{partner}: {problem}"
    return None


def _optional_year(value: Any) -> str | None:
    return None if value is None or _year(value) else f"expected a year from {FIRST_YEAR} to {LAST_YEAR}, or null"


def _texts(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
    return None if ok else "expected a list of the pages the rates come from"


def _by_year(value: dict) -> dict[int, Decimal]:
    return {int(year): hourly_amount(rate) for year, rate in sorted(value.items())}


def _same(value: Any) -> Any:
    return value


# key -> (check, conversion); the checks run first, so a conversion sees only a good value.
SCHEMA: dict[str, tuple[Callable[[Any], str | None], Callable[[Any], Any]]] = {
    "source": (_texts, _same),
    "person_year.hours": (_whole(1, 8784), _same),
    "person_year.months": (_twelve, _same),
    "sector_rule": (_sector_rules, dict),
    "uh.person_year_rate": (_rates_by_year, _by_year),
    "uh.announced_from": (_optional_year, _same),
    "salary.per_mille_of_annual_salary": (_positive_share(Decimal(1000)), _number),
    "salary.max_hourly_rate": (_amount, hourly_amount),
    "salary.max_hours_per_year": (_whole(1, 8784), _same),
    "foreign.indirect_percent": (_positive_share(Decimal(1000)), _number),
    "institute.hourly_rate": (_institute_rates, lambda v: {str(p): _by_year(y) for p, y in v.items()}),
    "per_person.max_person_years_per_year": (_positive_share(Decimal(10)), _number),
}
