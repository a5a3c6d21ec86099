"""Funded rows of the funder's open data (monitor/portfolio/opendata.py) as projects the monitor follows.

A funded row (Bevilgning, Avsluttet) becomes a project whose id is its project number, so `summary --project 225873`
works: its title (and a short name of it where the app shows an acronym), the Research Council as funder, its programme (`aktivitet`), its period (1 January of the start
year to 31 December of the end year: the funder publishes years), the grant as the funder's declared share and the
declared total (the only total the funder publishes; the owner's own financing is not in the data), an owner
partner with its organisation number and sector, and the PhD and postdoc person-years as indicator targets. No
cost plan: the project's plan_status is "declared_only" (monitor/project/load.py) until one is made.

The import owns only these fields. A row the funder changed updates them, each change audited; everything users
entered (plans, ledger, registers, people, and a date of the period already known inside the published year) is
left alone. A project already followed under another id with the number as its funder reference (MW Inc is
326917) is not created twice and not changed: the monitor's own record of it wins.

The caller owns the transaction (monitor/portfolio/applications.py: the register and the projects in one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.portfolio.opendata import Record

FUNDER = {"en": "Research Council of Norway", "nb": "Norges forskningsråd"}
OWNER = "owner"  # the owner's partner id in every imported project
OWNER_ROLE = "project_owner"
# The funder's sector names -> the monitor's partner sectors (monitor/codes.py). Health trusts are priced as the
# university and college sector (monitor/rates/rcn.yaml), so they count as UH here.
SECTORS = {
    "UoH-sektor": "UH",
    "Helseforetak": "UH",
    "Instituttsektor": "institute",
    "Næringsliv": "private",
    "Offentlig sektor": "public",
}
OTHER_SECTOR = "private"  # a sector the funder adds later is not a university's or the state's: priced as a company
# Indicator id -> (name en, name nb, the Record field holding the person-years)
INDICATORS = {
    "phd_years": ("PhD person-years (funded)", "Doktorgradsårsverk (finansiert)", "phd_years"),
    "postdoc_years": ("Postdoc person-years (funded)", "Postdoktorårsverk (finansiert)", "postdoc_years"),
}
PERSON_YEARS = "person-years"


@dataclass(frozen=True)
class ProjectsImport:
    """Project ids created, changed and left as they were; numbers already followed under another id."""

    added: list[str]
    changed: list[str]
    unchanged: list[str]
    followed: dict[str, str]  # project number -> the id of the project that already follows it


def plan(con: db.Connection, scope: Scope, records: Iterable[Record]) -> tuple[ProjectsImport, list[Work]]:
    """What writing the funded records would do, and per record to write its changes ({table.field: (old, new)};
    every field of a new project). Reads only; every project's fields, so admins only."""
    scope.require_admin()
    stored = {row["project_id"]: row for row in db.records(con, "opendata_projects")}
    followed_by = {row["funder_ref"]: row["project_id"] for row in stored.values() if row["funder_ref"]}
    added, changed, unchanged, followed, work = [], [], [], {}, []
    for record in (r for r in records if r.funded):
        other = followed_by.get(record.number)
        if other is not None and other != record.number:
            followed[record.number] = other
            continue
        current = stored.get(record.number)
        changes = _changes(current, record)
        (added if current is None else changed if changes else unchanged).append(record.number)
        if changes:
            work.append(Work(record, changes, new=current is None))
    return ProjectsImport(added, changed, unchanged, followed), work


@dataclass(frozen=True)
class Work:
    """One project to write: its record, the owned fields that change, whether it is new."""

    record: Record
    changes: dict[str, tuple[Any, Any]]
    new: bool


def write(con: db.Connection, scope: Scope, work: list[Work]) -> None:
    """Apply `plan`'s changes, each audited against its project. Inside the caller's transaction."""
    scope.require_admin()
    user = scope.user
    for item in work:
        record, changes = item.record, item.changes
        fields = _fields(record)
        if item.new:
            db.execute(con, "opendata_project_insert", **fields["project"])
            db.execute(con, "opendata_owner_insert", **fields["owner"])
        else:
            db.execute(con, "opendata_project_update", **_update_params(changes, fields["project"]))
            db.execute(con, "opendata_owner_update", **{k: v for k, v in fields["owner"].items() if k != "role"})
        for indicator in fields["indicators"]:
            db.execute(con, "opendata_indicator_upsert", **indicator)
        action = audit.INSERT if item.new else audit.UPDATE
        audit.record(con, user, action, "project", record.number, changes, project_id=record.number)


SHORT_NAME_LENGTH = 40


def short_name(title: str) -> str:
    """The name the project box and the tables show (the funder publishes no acronym): the title on one line, cut
    after a whole word with '…' when longer than SHORT_NAME_LENGTH. The id (the project number) stands beside it."""
    text = " ".join(title.split())
    if len(text) <= SHORT_NAME_LENGTH:
        return text
    cut = text[: SHORT_NAME_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,:;-–")
    return f"{cut}…"


def _fields(record: Record) -> dict[str, Any]:
    """The rows the import owns for one funded record: project, owner partner, indicators."""
    project = {
        "project_id": record.number,
        "acronym": short_name(record.title),
        "name_en": record.title,
        "name_nb": record.title,
        "funder": FUNDER["en"],
        "funder_nb": FUNDER["nb"],
        "programme": record.programme,
        "funder_ref": record.number,
        "start_date": record.start,
        "end_date": record.end,
        "owner_partner_id": OWNER,
        "declared_total": record.granted,
        "declared_funder": record.granted,
    }
    owner = {
        "project_id": record.number,
        "partner_id": OWNER,
        "partner_name": record.owner,  # not `name`: db.execute's own first argument is the query's name
        "short_name": record.institution or record.owner,
        "org_number": record.org_number,
        "sector": SECTORS.get(record.sector or "", OTHER_SECTOR),
        "role": OWNER_ROLE,
    }
    indicators = [
        {
            "project_id": record.number,
            "indicator_id": indicator_id,
            "name_en": name_en,
            "name_nb": name_nb,
            "unit": PERSON_YEARS,
            "target": getattr(record, field),
        }
        for indicator_id, (name_en, name_nb, field) in INDICATORS.items()
    ]
    return {"project": project, "owner": owner, "indicators": indicators}


# The stored row's column for each owned field: opendata_projects.sql names the owner's and the indicators'.
_OWNED = {
    "project": ("name_en", "name_nb", "programme", "start_date", "end_date", "declared_total", "declared_funder"),
    "owner": ("partner_name", "short_name", "org_number", "sector"),
}


def _changes(stored: dict[str, Any] | None, record: Record) -> dict[str, tuple[Any, Any]]:
    """{table.field: (old, new)} of the owned fields that differ (all of them for a new project)."""
    fields = _fields(record)
    new = {f"project.{k}": fields["project"][k] for k in _OWNED["project"]}
    new |= {f"partner.{k}": fields["owner"][k] for k in _OWNED["owner"]}
    new |= {f"indicator.{i['indicator_id']}": i["target"] for i in fields["indicators"]}
    if stored is None:
        return {key: (None, value) for key, value in new.items()}
    old = {key: stored[_column(key)] for key in new}
    if _same_year(old["project.start_date"], record.start):
        new["project.start_date"] = old["project.start_date"]  # a known date inside the published year stays
    if _same_year(old["project.end_date"], record.end):
        new["project.end_date"] = old["project.end_date"]
    return {key: (old[key], value) for key, value in new.items() if not _same(old[key], value)}


def _column(key: str) -> str:
    """The opendata_projects.sql column of a `table.field` key."""
    table, field = key.split(".")
    return {"project": field, "partner": f"owner_{field.removeprefix('partner_')}", "indicator": field}[table]


def _update_params(changes: dict[str, tuple[Any, Any]], project: dict[str, Any]) -> dict[str, Any]:
    """The update's values: the owned fields, and the period's dates only where `_changes` changes them (a known
    date inside the published year stays: the query keeps the stored date when given none)."""
    params = {name: project[name] for name in ("project_id", *_OWNED["project"])}
    for name in ("start_date", "end_date"):
        if f"project.{name}" not in changes:
            params[name] = None
    return params


def _same_year(stored: dt.date | None, published: dt.date) -> bool:
    return stored is not None and stored.year == published.year


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new
