"""Each person's load across projects and the funder's caps it breaks (issue 17, "each person's load across
projects" and "flags breaches"), from the one effort register (the view effort_hours).

A person is one person across the projects of the database when partner and person_ref are the same; a person
without a person_ref counts in its own project only. Their APPROVED hours are counted per year, here and in all
projects, and turned into person-months (rules.person_months) and person-years (hours / 1 628).

Who may read it: a person's load is personal data. The project's leader and admins see all of its people, a partner
user its own partner's people only (`$partner_id` in the SQL), a viewer nothing (refused and logged, as in-kind
rows are). The other projects' hours are summed, never listed: a reader learns the total and the number of projects,
and a breach names only the projects the reader may see (the others as "+N").

Rows: the years in which the person has approved hours in THIS project (its load matters to this project then).
Breaches, per person and year, by the pure rules:
- over 1 850 hours across projects, for a person only on salary-priced partners (rules.hours_breaches);
- over one person-year (1 628 hours) across projects, for the others (rules.person_year_breaches);
- an hourly rate over the cap for hours priced here (in-kind hours are valued as a contribution, not priced):
  a salary-priced person's 1.2 ‰ of the annual salary, to the øre, over NOK 1 100 (rules.rate_breach); a foreign
  partner's person's salary cost per hour + 25 % over the year's UH rate per hour (rules.foreign_rate_breach).
  The rate is told to the øre (a rate is quoted in kroner and øre): 916 666.67 × 1.2 ‰ = 1 100.000004 is NOK
  1 100.00, at the cap, not over it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.effort import rules
from monitor.effort.rates import Rates, rcn
from monitor.money import CENT, ZERO
from monitor.project import load as project_load

TABLE = "person"
DENIED = "denied"
YEAR_PLACES = Decimal("0.01")
INKIND = "inkind"
LOAD_COLUMNS = [
    "person_id",
    "name",
    "partner_id",
    "category",
    "year",
    "hours_here",
    "hours_all",
    "projects",
    "pm_here",
    "pm_all",
    "person_years",
    "breaches",
]


@dataclass(frozen=True)
class Loads:
    """One read of a project's loads: the table (LOAD_COLUMNS, one row per person and year, `breaches` the kinds
    of rules.BREACH_KINDS broken in that row) and the breaches themselves (rules.Breach, person = the name)."""

    table: pd.DataFrame
    breaches: list[rules.Breach]


def loads(con: db.Connection, project_id: str, scope: Scope, year: int | None = None) -> Loads:
    """Each person's load across projects and the breaches, as the scope may see them (AccessDenied, logged, for a
    viewer). `year` keeps one year only."""
    people, rows = _read(con, project_id, scope, year)
    found = _breaches(people, rows, project_id, _visible_acronyms(con, scope))
    return Loads(_table(people, rows, project_id, found), [breach for _, breach in found])


def load_across_projects(con: db.Connection, project_id: str, scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Per person of the project and year: name, partner_id, category, approved hours here and in all projects
    (the other projects summed), the number of projects, person-months here and in all, person-years in all, and the
    kinds of breaches. See `loads` for who may read it."""
    return loads(con, project_id, scope, year).table


def breaches(con: db.Connection, project_id: str, scope: Scope, year: int | None = None) -> list[rules.Breach]:
    """The funder's caps the project's people break, per person and year (see the module's docstring)."""
    people, rows = _read(con, project_id, scope, year)
    return [breach for _, breach in _breaches(people, rows, project_id, _visible_acronyms(con, scope))]


# --- reading ------------------------------------------------------------------------------------------------


def _read(con: db.Connection, project_id: str, scope: Scope, year: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    scope.require_project(project_id)
    if not scope.sees_detail_rows:
        _deny(con, project_id, scope)
    mine = scope.partner_filter()
    people = db.query(con, "effort_load_people", project_id=project_id, partner_id=mine)
    same = db.query(con, "effort_load_same_people", project_id=project_id, partner_id=mine)
    hours = db.query(
        con,
        "effort_load_hours",
        person_ids=sorted({int(i) for i in same["same_id"]}),
        project_ids=sorted(set(same["project_id"])),
        year=year,
    )
    return people, _as_mine(same, hours)


def _as_mine(same: pd.DataFrame, hours: pd.DataFrame) -> pd.DataFrame:
    """The hours of each person row (any project) as the hours of the person here it is the same as: person_id
    (here), project_id, sector, year, hours, priced_hours."""
    pairs = same.rename(columns={"person_id": "mine_id"})[["mine_id", "same_id", "project_id"]]
    joined = hours.merge(pairs, left_on=["person_id", "project_id"], right_on=["same_id", "project_id"])
    joined = joined.drop(columns=["person_id", "same_id"]).rename(columns={"mine_id": "person_id"})
    return joined[["person_id", "project_id", "sector", "year", "hours", "priced_hours"]]


def _deny(con: db.Connection, project_id: str, scope: Scope) -> None:
    """Log the refused attempt (in its own transaction: nothing else is written) and raise."""
    with db.transaction(con):
        audit.record(con, scope.user, DENIED, TABLE, "load", {"project_id": (None, project_id)}, project_id)
    raise AccessDenied(
        f"{scope.user} ({scope.role}) may not read people's loads in project {project_id!r}: "
        "they are visible to the project leader and the person's own partner only"
    )


def _visible_acronyms(con: db.Connection, scope: Scope) -> dict[str, str]:
    projects = project_load.list_projects(con, scope)
    return dict(zip(projects["project_id"], projects["acronym"], strict=True))


# --- the table ------------------------------------------------------------------------------------------------


def _table(
    people: pd.DataFrame, rows: pd.DataFrame, project_id: str, found: list[tuple[int, rules.Breach]]
) -> pd.DataFrame:
    by_person = {int(r["person_id"]): r for r in people.to_dict("records")}
    kinds: dict[tuple[int, int], list[str]] = {}
    for person_id, breach in found:
        kinds.setdefault((person_id, breach.year), []).append(breach.kind)
    records = []
    for (person_id, year), summed in _summed(rows, project_id).items():
        person = by_person[person_id]
        records.append(
            {
                "person_id": person_id,
                "name": person["name"],
                "partner_id": person["partner_id"],
                "category": person["category"],
                "year": year,
                "hours_here": summed["here"],
                "hours_all": summed["all"],
                "projects": len(summed["projects"]),
                "pm_here": rules.person_months(summed["here"]),
                "pm_all": rules.person_months(summed["all"]),
                "person_years": person_years(summed["all"]),
                "breaches": tuple(kinds.get((person_id, year), ())),
            }
        )
    table = pd.DataFrame(records, columns=LOAD_COLUMNS)
    return table.sort_values(["partner_id", "name", "person_id", "year"], kind="stable").reset_index(drop=True)


def person_years(hours: Decimal, rates: Rates | None = None) -> Decimal:
    """Hours as person-years: hours / 1 628, half up to two places."""
    rates = rates or rcn()
    return (Decimal(hours) / rates.hours_per_year).quantize(YEAR_PLACES, ROUND_HALF_UP)


def _summed(rows: pd.DataFrame, project_id: str) -> dict[tuple[int, int], dict[str, Any]]:
    """(person_id, year) -> hours here, priced hours here, hours in all projects and the set of projects; only the
    years with approved hours here."""
    summed: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows.to_dict("records"):
        key = (int(row["person_id"]), int(row["year"]))
        entry = summed.setdefault(key, {"here": ZERO, "priced": ZERO, "all": ZERO, "projects": set()})
        hours = Decimal(row["hours"])
        entry["all"] += hours
        entry["projects"].add(row["project_id"])
        if row["project_id"] == project_id:
            entry["here"] += hours
            entry["priced"] += Decimal(row["priced_hours"])
    return {key: entry for key, entry in sorted(summed.items()) if entry["here"] > 0}


# --- breaches ---------------------------------------------------------------------------------------------------


def _breaches(
    people: pd.DataFrame, rows: pd.DataFrame, project_id: str, visible: dict[str, str]
) -> list[tuple[int, rules.Breach]]:
    """(person_id, breach) in the order of the people (partner, name), then year and kind."""
    by_person = {int(r["person_id"]): r for r in people.to_dict("records")}
    summed = _summed(rows, project_id)
    year_rows = [
        rules.YearHours(str(int(r["person_id"])), r["sector"], r["project_id"], int(r["year"]), Decimal(r["hours"]))
        for r in rows.to_dict("records")
        if (int(r["person_id"]), int(r["year"])) in summed
    ]
    found = []
    for breach in rules.year_breaches(year_rows):
        person_id = int(breach.person)
        named = _projects_named(summed[(person_id, breach.year)]["projects"], project_id, visible)
        found.append((person_id, dataclasses.replace(breach, person=by_person[person_id]["name"], projects=named)))
    for (person_id, year), entry in summed.items():
        if entry["priced"] > 0:
            found.extend((person_id, b) for b in _rate_breach(by_person[person_id], year))
    order = {int(p): n for n, p in enumerate(people["person_id"])}
    return sorted(found, key=lambda pb: (order[pb[0]], pb[1].year, rules.BREACH_KINDS.index(pb[1].kind)))


def _rate_breach(person: dict[str, Any], year: int) -> list[rules.Breach]:
    rule = rcn().rule(person["sector"])
    if rule == "salary" and not pd.isna(person["annual_salary"]):
        rate = (Decimal(person["annual_salary"]) * rcn().salary_share).quantize(CENT, ROUND_HALF_UP)
        found = rules.rate_breach(person["name"], year, rate)
    elif rule == "foreign" and not pd.isna(person["hourly_salary"]):
        found = rules.foreign_rate_breach(person["name"], year, Decimal(person["hourly_salary"]))
    else:
        found = None  # the UH flat rate and an institute's own rate have no cap to pass
    return [] if found is None else [found]


def _projects_named(projects: set[str], project_id: str, visible: dict[str, str]) -> tuple[str, ...]:
    """This project first, then the others the reader may see, by acronym; the rest counted as "+N", not named."""
    others = sorted(visible[p] for p in projects if p != project_id and p in visible)
    hidden = sum(1 for p in projects if p != project_id and p not in visible)
    return (visible.get(project_id, project_id), *others, *([f"+{hidden}"] if hidden else []))
