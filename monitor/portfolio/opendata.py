"""The Research Council of Norway's open data (dataset `soknader2`, NLOD licence): its CSV read into records,
every bad row told as a Problem, funded projects split from applications, filtered by organisation.

Pure functions only: nothing here touches a database (the write path comes later). The file is what the
Research Council publishes: one row per application or project, ',' between fields, UTF-8 (with or without a
BOM), a header row, titles that may hold line breaks inside quotes. Its columns are found by name, in any order;
columns not listed below are ignored.

    column                  -> Record field    rule
    prosjektnummer             number           required, digits; unique in the file
    prosjekttittel             title            required; line breaks and Norwegian letters kept as they are
    prosjektfase               phase            required; Bevilgning, Avsluttet (funded), Mottatt, Vurderes, Avslag
    prosjektstart              start_year       required, a year (the funder gives years, not dates)
    prosjektslutt              end_year         required, a year, not before the start year
    prosjektansvarlig_navn     owner            required (the owner at its lowest organisational level)
    kortnavn                   institution      optional (the institution, often empty outside universities)
    organisasjonsnummer        org_number       optional; 9 digits, or 0 / empty for "not given"
    sektor                     sector           optional
    aktivitet                  programme        optional (the programme or activity the project belongs to)
    aktivitet_kode             programme_code   optional
    sokt_belop                 applied          optional amount (empty: not known)
    tildelt_belop              granted          amount; required for a funded project, empty means 0 otherwise
    dr_stip_aarsverk           phd_years        optional person-years, empty means 0
    postdok_aarsverk           postdoc_years    optional person-years, empty means 0
    soknadsdato                applied_on       optional date (the time of day is dropped)

Amounts are NOK for the whole period, read as text straight into Decimal (at most two decimals, never float).
A row's number is its record number as a spreadsheet shows it (the header is row 1), not its line in the file:
a title with line breaks spans several lines but is one row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from monitor import money, parse
from monitor.errors import Notice, Problem

FUNDED_PHASES = ("Bevilgning", "Avsluttet")
APPLICATION_PHASES = ("Mottatt", "Vurderes", "Avslag")
PHASES = FUNDED_PHASES + APPLICATION_PHASES
# A decided application is funded or rejected; one still received or under review has no outcome yet, so it
# counts in neither side of a success rate.
DECIDED_PHASES = (*FUNDED_PHASES, "Avslag")

REQUIRED_COLUMNS = (
    "prosjektnummer",
    "prosjekttittel",
    "prosjektfase",
    "prosjektstart",
    "prosjektslutt",
    "prosjektansvarlig_navn",
    "tildelt_belop",
)
OPTIONAL_COLUMNS = (
    "kortnavn",
    "organisasjonsnummer",
    "sektor",
    "aktivitet",
    "aktivitet_kode",
    "sokt_belop",
    "dr_stip_aarsverk",
    "postdok_aarsverk",
    "soknadsdato",
)

_PROJECT_NUMBER = re.compile(r"[0-9]+")
_ORG_NUMBER = re.compile(r"[0-9]{9}")
_YEAR = re.compile(r"[0-9]{4}")
# soknadsdato as published: "2012-10-17 00:00:00"; a plain date is taken too.
_DATE_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})( [0-9]{2}:[0-9]{2}:[0-9]{2})?")


@dataclass(frozen=True)
class Record:
    """One row of the file: a funded project or an application, as the funder describes it."""

    row: int
    number: str
    title: str
    phase: str
    start_year: int
    end_year: int
    owner: str
    institution: str | None
    org_number: str | None
    sector: str | None
    programme: str | None
    programme_code: str | None
    applied: Decimal | None
    granted: Decimal
    phd_years: Decimal
    postdoc_years: Decimal
    applied_on: dt.date | None

    @property
    def funded(self) -> bool:
        return self.phase in FUNDED_PHASES

    @property
    def start(self) -> dt.date:
        """The period's first day: the funder gives only years, so 1 January of the start year."""
        return dt.date(self.start_year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The period's last day: 31 December of the end year."""
        return dt.date(self.end_year, 12, 31)


@dataclass(frozen=True)
class Reading:
    """What a file gave: the good rows, and every problem of the bad ones (a bad row gives no record)."""

    records: list[Record]
    problems: list[Problem]


# --- reading -------------------------------------------------------------------------------------------


def read_path(path: Path | str) -> Reading:
    path = Path(path)
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(data: bytes, file_name: str) -> Reading:
    """The file's bytes as UTF-8 (a BOM is dropped); bytes that are not UTF-8 are one problem and no records."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Reading([], [_problem(file_name, None, None, "not_utf8", byte=error.start)])
    return read_text(text, file_name)


def read_text(text: str, file_name: str) -> Reading:
    """Every row of the file as a Record, or its problems. A missing required column refuses the whole file."""
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(rows, [])]
    if not any(header):
        return Reading([], [_problem(file_name, None, None, "empty")])
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return Reading([], [_problem(file_name, 1, name, "missing_column") for name in missing])
    records: list[Record] = []
    problems: list[Problem] = []
    first_row_of: dict[str, int] = {}
    for row, values in enumerate(rows, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            problems.append(_problem(file_name, row, None, "field_count", found=len(values), expected=len(header)))
            continue
        record, row_problems = _record(file_name, row, dict(zip(header, values, strict=True)))
        if record is not None and record.number in first_row_of:
            row_problems.append(
                _problem(file_name, row, "prosjektnummer", "duplicate", first=first_row_of[record.number])
            )
        if row_problems:
            problems.extend(row_problems)
        elif record is not None:
            first_row_of[record.number] = row
            records.append(record)
    return Reading(records, problems)


def _record(file_name: str, row: int, fields: dict[str, str]) -> tuple[Record | None, list[Problem]]:
    """One row checked field by field: (the record, []) or (None, every problem of the row)."""
    problems: list[Problem] = []

    def take(column: str, parser, *, required: bool = False, empty=None):
        text = fields.get(column, "").strip()
        if not text:
            if required:
                problems.append(_problem(file_name, row, column, "required"))
            return empty
        try:
            return parser(text)
        except _Refused as refused:
            problems.append(_problem(file_name, row, column, refused.code, value=text, **refused.values))
            return empty

    number = take("prosjektnummer", _project_number, required=True)
    title = take("prosjekttittel", str, required=True)
    phase = take("prosjektfase", _phase, required=True)
    start_year = take("prosjektstart", _year, required=True)
    end_year = take("prosjektslutt", _year, required=True)
    owner = take("prosjektansvarlig_navn", str, required=True)
    granted = take("tildelt_belop", _amount, required=phase in FUNDED_PHASES, empty=money.ZERO)
    record_fields = {
        "institution": take("kortnavn", str),
        "org_number": take("organisasjonsnummer", _org_number),
        "sector": take("sektor", str),
        "programme": take("aktivitet", str),
        "programme_code": take("aktivitet_kode", str),
        "applied": take("sokt_belop", _amount),
        "phd_years": take("dr_stip_aarsverk", _person_years, empty=Decimal(0)),
        "postdoc_years": take("postdok_aarsverk", _person_years, empty=Decimal(0)),
        "applied_on": take("soknadsdato", _date),
    }
    if start_year is not None and end_year is not None and end_year < start_year:
        problems.append(_problem(file_name, row, "prosjektslutt", "ends_before_start", start=start_year))
    if problems:
        return None, problems
    record = Record(
        row=row,
        number=number,
        title=title,
        phase=phase,
        start_year=start_year,
        end_year=end_year,
        owner=owner,
        granted=granted,
        **record_fields,
    )
    return record, []


class _Refused(ValueError):
    """A value a parser below refuses: the catalog code of why (opendata.problem.<code>) and its values."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code, self.values = code, values


def _project_number(text: str) -> str:
    if not _PROJECT_NUMBER.fullmatch(text):
        raise _Refused("not_project_number")
    return text


def _phase(text: str) -> str:
    if text not in PHASES:
        raise _Refused("not_phase", phases=", ".join(PHASES))
    return text


def _year(text: str) -> int:
    if not _YEAR.fullmatch(text):
        raise _Refused("not_year")
    return int(text)


def _amount(text: str) -> Decimal:
    try:
        amount = parse.money(text)
    except ValueError:
        raise _Refused("not_amount") from None
    if amount < 0:
        raise _Refused("below_zero")
    return amount


def _person_years(text: str) -> Decimal:
    try:
        years = parse.decimal(text)
    except ValueError:
        raise _Refused("not_person_years") from None
    if years < 0:
        raise _Refused("below_zero")
    return years


def _org_number(text: str) -> str | None:
    """The Central Coordinating Register's nine digits; the funder writes 0 where it gives none."""
    if text == "0":
        return None
    if not _ORG_NUMBER.fullmatch(text):
        raise _Refused("not_org_number")
    return text


def _date(text: str) -> dt.date:
    match = _DATE_TIME.fullmatch(text)
    try:
        return parse.iso_date(match.group(1)) if match else parse.iso_date(text)
    except ValueError:
        raise _Refused("not_date") from None


def _problem(file_name: str, row: int | None, column: str | None, code: str, **values) -> Problem:
    return Problem(file_name, row, column, Notice(f"opendata.problem.{code}", **values))


# --- choosing and splitting ----------------------------------------------------------------------------


def funded(records: Iterable[Record]) -> list[Record]:
    """The funded projects (Bevilgning, Avsluttet): these become projects."""
    return [record for record in records if record.funded]


def applications(records: Iterable[Record]) -> list[Record]:
    """The applications not funded (Mottatt, Vurderes, Avslag): these go to the applications register."""
    return [record for record in records if not record.funded]


def of_organisation(records: Iterable[Record], organisation: str) -> list[Record]:
    """The records of one organisation: nine digits match the organisation number exactly; anything else is
    a name, matched case-insensitively as part of the owner's name or the institution's short name (so "UIB"
    finds the university's faculties too, which the funder lists without an organisation number)."""
    wanted = organisation.strip()
    if _ORG_NUMBER.fullmatch(wanted):
        return [record for record in records if record.org_number == wanted]
    folded = wanted.casefold()
    return [
        record
        for record in records
        if folded in record.owner.casefold() or folded in (record.institution or "").casefold()
    ]


# --- figures an office reads -----------------------------------------------------------------------------


def granted_by_year(records: Iterable[Record]) -> dict[int, Decimal]:
    """{start year: granted total of the funded projects starting that year}, years sorted. The funder gives
    the grant for the whole period only, so it is counted in the year the project starts."""
    totals: dict[int, Decimal] = {}
    for record in funded(records):
        totals[record.start_year] = totals.get(record.start_year, money.ZERO) + record.granted
    return {year: totals[year].quantize(money.CENT) for year in sorted(totals)}


@dataclass(frozen=True)
class SuccessRate:
    """Decided applications of a group: how many, how many funded, and the share funded (None when none)."""

    decided: int
    funded: int
    applied: Decimal
    granted: Decimal

    @property
    def rate(self) -> Decimal | None:
        return money.share(Decimal(self.funded), Decimal(self.decided))


def success_rates(records: Iterable[Record], by: str = "start_year") -> dict:
    """{group: SuccessRate} over the decided rows (funded or rejected), grouped by a Record field
    (start_year, programme, sector ...), groups sorted; rows still received or under review are left out.
    `applied` sums the amounts applied for where known; `granted` the amounts granted."""
    groups: dict = {}
    for record in records:
        if record.phase not in DECIDED_PHASES:
            continue
        key = getattr(record, by)
        decided, won, applied, granted = groups.get(key, (0, 0, money.ZERO, money.ZERO))
        groups[key] = (
            decided + 1,
            won + record.funded,
            applied + (record.applied or money.ZERO),
            granted + record.granted,
        )
    return {
        key: SuccessRate(decided, won, applied.quantize(money.CENT), granted.quantize(money.CENT))
        for key, (decided, won, applied, granted) in sorted(groups.items(), key=_group_order)
    }


def _group_order(item: tuple) -> tuple:
    """Groups in order of their key (years as numbers, names as text), a group without a key last."""
    key = item[0]
    return (key is None, key if isinstance(key, int) else 0, "" if key is None else str(key))
