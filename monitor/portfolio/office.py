"""A research office's view of its portfolio: the projects filtered by programme, sector, owner, status and period,
their totals and totals by year, and the applications register's success rates (issue 19).

The filters run in Python over the portfolio's rows (monitor/portfolio/views.py), which the page holds in its
cache: changing a filter asks the database nothing. The applications register (table rcn_application, written by
monitor/portfolio/applications.py) is the office's own: it is read only for a scope that spans every project.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import charts, db
from monitor import format as fmt
from monitor.access.scope import AccessDenied, Scope
from monitor.i18n import label, t
from monitor.money import ZERO, total
from monitor.portfolio import funded, opendata, views
from monitor.portfolio.opendata import Record
from monitor.portfolio.views import PortfolioRow
from monitor.project.status import AT_RISK, OFF_TRACK, ON_TRACK

# The funder's sector names (soknader2 `sektor`) as the app's sector codes (monitor/i18n/codes.yaml): a health
# trust does research under the rules of the higher-education sector.
SECTOR_CODES = funded.SECTORS  # the funder's sector names -> the app's, as the import gives the owner partner
PENDING_PHASES = tuple(p for p in opendata.PHASES if p not in opendata.DECIDED_PHASES)
REJECTED_PHASES = tuple(p for p in opendata.DECIDED_PHASES if p not in opendata.FUNDED_PHASES)
GROUPINGS = ("start_year", "programme", "sector")
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK)
NOT_GIVEN = ""  # a row's programme, owner or sector when the project gives none: one filter option of its own


# --- Filters --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the office chose; an empty set or None does not filter. Values as the rows hold them (sector and status
    as codes; NOT_GIVEN for a missing programme, owner or sector). Frozen and hashable: a cache key."""

    programmes: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    from_year: int | None = None
    to_year: int | None = None


def filter_rows(rows: Iterable[PortfolioRow], filters: Filters) -> list[PortfolioRow]:
    """The rows that pass every filter, in their order. A project counts for a period when its own period overlaps
    it (it runs in at least one of the years chosen)."""
    return [row for row in rows if _passes(row, filters)]


def _passes(row: PortfolioRow, filters: Filters) -> bool:
    chosen = (
        (filters.programmes, _value(row.programme)),
        (filters.sectors, _value(row.sector)),
        (filters.owners, _value(row.owner)),
        (filters.statuses, row.status),
    )
    if any(wanted and value not in wanted for wanted, value in chosen):
        return False
    return overlaps(row.start_date, row.end_date, filters.from_year, filters.to_year)


def overlaps(start: dt.date, end: dt.date, from_year: int | None, to_year: int | None) -> bool:
    return (from_year is None or end.year >= from_year) and (to_year is None or start.year <= to_year)


def _value(value: str | None) -> str:
    return NOT_GIVEN if value is None else value


@dataclass(frozen=True)
class Options:
    """The values the filters offer: those the rows hold, sorted; the years their periods span."""

    programmes: list[str]
    sectors: list[str]
    owners: list[str]
    statuses: list[str]
    years: list[int]


def options(rows: list[PortfolioRow]) -> Options:
    years = range(min(r.start_date.year for r in rows), max(r.end_date.year for r in rows) + 1) if rows else []
    return Options(
        programmes=sorted({_value(r.programme) for r in rows}),
        sectors=sorted({_value(r.sector) for r in rows}),
        owners=sorted({_value(r.owner) for r in rows}),
        # Every status, whether a project has it today or not: the rows' statuses change with the as-of date, and
        # a status chosen must stay an option when the date moves.
        statuses=list(STATUSES),
        years=list(years),
    )


# --- Totals ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearTotals:
    """One calendar year of the chosen projects: planned in the cost plans, spent (ledger and approved in-kind up
    to the as-of date), and granted to projects that have only the funder's declared grant (no cost plan)."""

    year: int
    planned: Decimal
    spent: Decimal
    granted: Decimal


def load_years(con: db.Connection, scope: Scope, as_of: dt.date) -> list[dict]:
    """Planned and spent per project and year in the scope (a partner user: its own rows), as records."""
    return years_from(views.amounts(con, scope, as_of))


def years_from(amounts: Iterable[dict]) -> list[dict]:
    """Planned and spent per project and year, from the portfolio's amounts (views.amounts): its sums by year, so a
    project's years add up to its portfolio row. The page reads the amounts once for its rows and for these."""
    return [a for a in amounts if a["per"] == views.BY_YEAR]


def totals_by_year(rows: Iterable[PortfolioRow], years: list[dict], filters: Filters = Filters()) -> list[YearTotals]:
    """Per calendar year, over the given rows (already filtered): planned and spent from `years` (load_years), and
    the grant of each declared-only project in the year it starts (the funder gives the grant for the whole period
    only; opendata.granted_by_year counts it the same way). A period filter keeps only its years."""
    rows = list(rows)
    chosen = {r.project_id for r in rows}
    planned: dict[int, list[Decimal]] = {}
    spent: dict[int, list[Decimal]] = {}
    granted: dict[int, list[Decimal]] = {}
    for record in years:
        if record["project_id"] in chosen:
            planned.setdefault(record["year"], []).append(record["planned"])
            spent.setdefault(record["year"], []).append(record["spent"])
    for row in rows:
        if row.declared_only and row.declared_grant is not None:
            granted.setdefault(row.start_date.year, []).append(row.declared_grant)
    every = sorted(set(planned) | set(spent) | set(granted))
    return [
        YearTotals(year, total(planned.get(year, [])), total(spent.get(year, [])), total(granted.get(year, [])))
        for year in every
        if (filters.from_year is None or year >= filters.from_year)
        and (filters.to_year is None or year <= filters.to_year)
    ]


def declared_total(rows: Iterable[PortfolioRow]) -> Decimal:
    """The grants of the declared-only projects: beside the planned budget, never added to it."""
    return total(r.declared_grant for r in rows if r.declared_only and r.declared_grant is not None)


# --- The applications register -------------------------------------------------------------------------------


def may_read_register(scope: Scope) -> bool:
    """The register is the office's: every organisation's applications. Only a scope over every project reads it
    (an administrator, an office-wide viewer); never a partner user."""
    return scope.project_ids is None and scope.role != "partner"


def require_register(scope: Scope) -> None:
    if not may_read_register(scope):
        raise AccessDenied(f"{scope.user} ({scope.role}) may not read the office's applications register")


def register_records(con: db.Connection, scope: Scope) -> list[Record]:
    """Every row of the register as an open-data Record (row 0: it no longer stands in a file)."""
    require_register(scope)
    names = {f.name for f in dataclasses.fields(Record)} - {"row", "number"}
    return [
        Record(row=0, number=r["project_number"], **{name: _decimal(r[name]) for name in names})
        for r in db.records(con, "rcn_applications")
    ]


def _decimal(value):
    """Amounts as Decimal on both engines (a driver may hand a float for a DECIMAL(12, 4) column)."""
    return Decimal(str(value)) if isinstance(value, float) else value


def of_organisation(records: list[Record], organisation: str | None) -> list[Record]:
    """opendata.of_organisation, or every record when no organisation is given."""
    if not organisation or not organisation.strip():
        return list(records)
    return opendata.of_organisation(records, organisation)


@dataclass(frozen=True)
class Counts:
    """The register's rows by outcome, and the amounts applied for (where known) and granted over all of them."""

    decided: int
    funded: int
    rejected: int
    pending: int
    applied: Decimal
    granted: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Funded over decided (opendata's rule: received or under review counts in neither)."""
        return opendata.SuccessRate(self.decided, self.funded, ZERO, ZERO).rate


def counts(records: Iterable[Record]) -> Counts:
    records = list(records)
    phases = [r.phase for r in records]
    return Counts(
        decided=sum(p in opendata.DECIDED_PHASES for p in phases),
        funded=sum(p in opendata.FUNDED_PHASES for p in phases),
        rejected=sum(p in REJECTED_PHASES for p in phases),
        pending=sum(p in PENDING_PHASES for p in phases),
        applied=total(r.applied for r in records if r.applied is not None),
        granted=total(r.granted for r in records),
    )


def success_rates(records: Iterable[Record], by: str) -> dict:
    """opendata.success_rates by start year, programme or sector; sectors as the app's codes (SECTOR_CODES), a
    sector the table does not know kept as the funder names it."""
    if by not in GROUPINGS:
        raise ValueError(f"no grouping {by!r}; one of {GROUPINGS}")
    if by == "sector":
        records = [dataclasses.replace(r, sector=SECTOR_CODES.get(r.sector, r.sector)) for r in records]
    return opendata.success_rates(records, by=by)


# --- Views: display-ready tables and charts ------------------------------------------------------------------


def year_table(years: list[YearTotals], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("office.col.year", lang): str(y.year),
                t("office.col.planned", lang): fmt.nok(y.planned, lang),
                t("office.col.spent", lang): fmt.nok(y.spent, lang),
                t("office.col.granted_declared", lang): fmt.nok(y.granted, lang),
            }
            for y in years
        ],
        columns=[t(f"office.col.{c}", lang) for c in ("year", "planned", "spent", "granted_declared")],
    )


def year_chart(years: list[YearTotals], lang: str) -> go.Figure:
    """Planned, spent and declared grants per year as grouped bars. Floats only here, for drawing."""
    figure = go.Figure()
    x = [str(y.year) for y in years]
    series = (("planned", "planned"), ("spent", "spent"), ("granted", "granted_declared"))
    for colour, (field, key) in zip(charts.SERIES, series, strict=False):
        figure.add_trace(
            go.Bar(
                name=t(f"office.col.{key}", lang),
                x=x,
                y=[float(getattr(y, field)) for y in years],
                marker={"color": colour},
                hovertemplate=f"%{{x}}: {charts.hover_number('y')}<extra></extra>",
            )
        )
    # The years as categories: on a number axis "2022" reads "2 022" in nb, with localise's thousands separators.
    figure.update_layout(
        barmode="group", height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis={"type": "category"}
    )
    return charts.legend_below(charts.localise(figure, lang))


def counts_text(c: Counts, lang: str) -> str:
    return t(
        "office.applications.counts",
        lang,
        decided=c.decided,
        funded=c.funded,
        rejected=c.rejected,
        pending=c.pending,
        rate=fmt.percent(c.rate, lang),
        applied_amount=fmt.nok(c.applied, lang),
        granted_amount=fmt.nok(c.granted, lang),
    )


def success_table(rates: dict, by: str, lang: str) -> pd.DataFrame:
    """One row per group: decided, funded, success rate, applied and granted (decided applications only)."""
    columns = [t(f"office.group.{by}", lang)] + [
        t(f"office.col.{c}", lang) for c in ("decided", "funded", "rate", "applied", "granted")
    ]
    return pd.DataFrame(
        [
            dict(
                zip(
                    columns,
                    (
                        _group_label(key, by, lang),
                        rate.decided,
                        rate.funded,
                        fmt.percent(rate.rate, lang),
                        fmt.nok(rate.applied, lang),
                        fmt.nok(rate.granted, lang),
                    ),
                    strict=True,
                )
            )
            for key, rate in rates.items()
        ],
        columns=columns,
    )


def _group_label(key, by: str, lang: str) -> str:
    if key is None or key == NOT_GIVEN:
        return t("portfolio.not_given", lang)
    if by == "sector":
        return label("sector", key, lang)
    return str(key)


def option_label(kind: str, value: str, lang: str) -> str:
    """A filter option as shown: sectors and statuses by their labels, a missing value as "not given"."""
    if value == NOT_GIVEN:
        return t("portfolio.not_given", lang)
    if kind == "sector":
        return label("sector", value, lang)
    if kind == "status":
        return label("wpstatus", value, lang)
    return value
