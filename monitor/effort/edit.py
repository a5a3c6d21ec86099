"""The effort plan and its versions: planned person-months per person × work package × year.

The effort plan keeps versions like the cost plan (monitor/budget/edit.py) but has its OWN versions, named the same
way: the baseline (the contract's plan, as seeded or first saved) and then v2, v3 ... of re-plans, exactly one of them
current. A re-plan of people's time is not a re-plan of money: the two are decided at different times, so tying
their names would make a version of one mean nothing for the other.

The leader (or an administrator) saves an edited plan as a new current version; the baseline, like every saved
version, never changes. Saving names the version the editor read, so of two editors saving at once the second gets
PlanChanged ("someone else saved meanwhile") and its attempt is logged. Every row is checked before anything is
written (a known person of the project, a known work package, a year of the project period, person-months ≥ 0 with at
most two decimals); the problems are told by row and column (Invalid) and nothing is written. Partners and viewers
read the plan (a partner its own people's rows) and may not save one: the refusal is logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.budget.edit import next_version
from monitor.errors import Invalid, Notice, Problem
from monitor.i18n import t

BASELINE = "baseline"
TABLE = "effort_plan"
VERSION_TABLE = "effort_plan_version"
DENIED = "denied"  # the audit action of a refused attempt, as for in-kind hours (monitor/partners/inkind.py)
COLUMNS = ("person_id", "wp_code", "year", "person_months")  # a plan row as write_plan_version takes it
PM_PLACES = Decimal("0.01")
MAX_PM = Decimal(10) ** 8  # DECIMAL(10, 2) holds less than this

Key = tuple[int, str, int]  # person_id, wp_code, year


class PlanChanged(RuntimeError):
    """Someone saved another effort plan version since this editor read the plan; nothing was written."""

    def __init__(self, current: str):
        self.current = current
        super().__init__(f"the effort plan was changed meanwhile (now version {current}); reload and edit again")


# --- reading ----------------------------------------------------------------------------------------------


def current_version(con: db.Connection, project_id: str, scope: Scope) -> str:
    """The name of the project's current effort plan version (the baseline until a re-plan is saved)."""
    scope.require_project(project_id)
    return db.scalar(con, "effort_plan_current_version", project_id=project_id)


def plan_rows(con: db.Connection, project_id: str, scope: Scope, version: str | None = None) -> pd.DataFrame:
    """One version of the effort plan (the current one when `version` is None), as the scope may see it: person_id,
    person_name, partner_id, is_role, person_category, wp_code, year, person_months (Decimal), by partner and name."""
    scope.require_project(project_id)
    chosen = version or current_version(con, project_id, scope)
    rows = db.query(
        con, "effort_plan_rows", project_id=project_id, plan_version=chosen, partner_id=scope.partner_filter()
    )
    return rows.assign(person_months=[Decimal(v).quantize(PM_PLACES) for v in rows["person_months"]])


def versions(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """The effort plan versions, the baseline first: plan_version, note, created_at, created_by, based_on,
    is_current (exactly one is True), total_pm and row_count of the rows the scope sees."""
    scope.require_project(project_id)
    found = db.query(con, "effort_plan_versions", project_id=project_id, partner_id=scope.partner_filter())
    current = current_version(con, project_id, scope)
    found = found.astype(object).where(found.notna(), None)  # the seed's baseline has no note, author or time: None
    return found.assign(
        is_current=[v == current for v in found["plan_version"]],
        total_pm=[Decimal(v).quantize(PM_PLACES) for v in found["total_pm"]],
    )


# --- checking ---------------------------------------------------------------------------------------------


def column_label(name: str, lang: str) -> str:
    """How the user knows a column of the plan (the editor's header)."""
    return t(f"effort_plan.col.{name}", lang)


def problem(row: int | None, column: str | None, code: str, **values: Any) -> Problem:
    return Problem(None, row, column, Notice(f"effort_plan.problem.{code}", **values))


def parse_pm(value: Any) -> Decimal:
    """Person-months as typed: `2.5`, `2,5` (a decimal comma) or a number; ValueError unless it is ≥ 0 with at most
    two decimals."""
    text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not_pm") from None
    if not number.is_finite() or number >= MAX_PM or number != number.quantize(PM_PLACES):
        raise ValueError("not_pm")
    if number < 0:
        raise ValueError("negative")
    return number.quantize(PM_PLACES)


def checked_rows(con: db.Connection, project_id: str, rows: pd.DataFrame | list[dict], scope: Scope) -> list[dict]:
    """The plan rows typed and checked against the project (its people, work packages and period). Row numbers
    count from 1 in the order given (the editor's rows). Raises Invalid with every problem found."""
    scope.require_project(project_id)
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    people = {int(p) for p in db.query(con, "effort_person_ids", project_id=project_id)["person_id"]}
    work_packages = set(db.query(con, "work_packages", project_id=project_id)["wp_code"])
    project = db.query(con, "project", project_id=project_id).iloc[0]
    years = range(pd.Timestamp(project["start_date"]).year, pd.Timestamp(project["end_date"]).year + 1)
    problems: list[Problem] = []
    clean: list[dict] = []
    seen: dict[Key, int] = {}
    for number, record in enumerate(records, start=1):
        row = _checked_row(record, number, people, work_packages, years, problems)
        if row is None:
            continue
        key = (row["person_id"], row["wp_code"], row["year"])
        if key in seen:
            problems.append(problem(number, "person_id", "duplicate", other=seen[key]))
            continue
        seen[key] = number
        clean.append(row)
    if not records:
        problems.append(problem(None, None, "empty"))
    if problems:
        raise Invalid(problems, column_label)
    return clean


def _checked_row(
    record: dict, number: int, people: set, work_packages: set, years: range, problems: list
) -> dict | None:
    found = len(problems)
    values = {column: record.get(column) for column in COLUMNS}
    for column in COLUMNS:
        if _blank(values[column]):
            problems.append(problem(number, column, "required"))
    if len(problems) > found:
        return None
    person = _whole(values["person_id"])
    if person not in people:
        problems.append(problem(number, "person_id", "unknown_person", value=str(values["person_id"])))
    wp_code = str(values["wp_code"]).strip()
    if wp_code not in work_packages:
        problems.append(problem(number, "wp_code", "unknown_wp", value=wp_code))
    year = _whole(values["year"])
    if year not in years:
        problems.append(
            problem(number, "year", "outside_period", value=str(values["year"]), first=years[0], last=years[-1])
        )
    try:
        person_months = parse_pm(values["person_months"])
    except ValueError as error:
        problems.append(problem(number, "person_months", str(error), value=str(values["person_months"])))
        person_months = None
    if len(problems) > found:
        return None
    return {"person_id": person, "wp_code": wp_code, "year": year, "person_months": person_months}


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value).strip() == ""


def _whole(value: Any) -> int | None:
    """A whole number (an id, a year) however the editor hands it: 2024, 2024.0, '2024'; None if it is not one."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def changes(before: list[dict] | pd.DataFrame, after: list[dict] | pd.DataFrame) -> dict[Key, tuple]:
    """(person_id, wp_code, year) -> (old person-months, new person-months) of every cell that differs; None on the
    side where a row is missing."""
    old, new = _by_key(before), _by_key(after)
    return {
        key: (old.get(key), new.get(key)) for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)
    }


def _by_key(rows: list[dict] | pd.DataFrame) -> dict[Key, Decimal]:
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    return {
        (int(r["person_id"]), str(r["wp_code"]), int(r["year"])): Decimal(r["person_months"]).quantize(PM_PLACES)
        for r in records
    }


# --- writing ----------------------------------------------------------------------------------------------


def write_plan_version(
    con: db.Connection,
    project_id: str,
    rows: pd.DataFrame | list[dict],
    scope: Scope,
    note: str,
    today: dt.datetime | dt.date,
    *,
    read_version: str,
) -> str:
    """Save `rows` (the whole edited plan: person_id, wp_code, year, person_months) as the project's new current
    effort plan version, made from `read_version` (the version the editor read); returns the new version's name
    (v2, v3 ...; the baseline when the project has no effort plan yet). All or nothing, audited.

    Raises AccessDenied for a partner or viewer (the attempt logged), Invalid (every problem by row and column, or a
    missing note, or a plan equal to the current one; nothing written), PlanChanged when the current version is no
    longer `read_version` (nothing written; the attempt logged).
    """
    scope.require_project(project_id)
    if not scope.may_edit(project_id):
        _deny(con, project_id, scope)
    note = (note or "").strip()
    clean = checked_rows(con, project_id, rows, scope)
    if not note:
        raise Invalid([problem(None, "note", "note_required")], column_label)
    created_at = today if isinstance(today, dt.datetime) else dt.datetime.combine(today, dt.time())
    try:
        with db.transaction(con):
            return _write(con, project_id, clean, scope, note, created_at, read_version)
    except (PlanChanged, *db.WriteConflict, *db.ConstraintBroken):
        with db.transaction(con):
            audit.record(
                con,
                scope.user,
                audit.REFUSED,
                VERSION_TABLE,
                project_id,
                {"read_version": (read_version, None)},
                project_id,
            )
        raise PlanChanged(db.scalar(con, "effort_plan_current_version", project_id=project_id)) from None


def _write(
    con: db.Connection, project_id: str, rows: list[dict], scope: Scope, note: str, created_at: dt.datetime, read: str
) -> str:
    current = db.scalar(con, "effort_plan_current_version", project_id=project_id)
    if current != read:
        raise PlanChanged(current)
    existing = db.query(con, "effort_plan_versions", project_id=project_id, partner_id=None)
    before = db.query(con, "effort_plan_rows", project_id=project_id, plan_version=current, partner_id=None)
    changed = changes(before, rows)
    if not changed:
        raise Invalid([problem(None, None, "unchanged", version=current)], column_label)
    version = next_version(existing["plan_version"].tolist()) if len(existing) else BASELINE
    db.execute(
        con,
        "effort_plan_version_insert",
        project_id=project_id,
        plan_version=version,
        note=note,
        created_at=created_at,
        created_by=scope.user,
        based_on=current if len(existing) else None,
    )
    db.execute(con, "effort_plan_version_set_current", project_id=project_id, plan_version=version)
    for row in rows:
        db.execute(con, "effort_plan_insert", project_id=project_id, plan_version=version, **row)
    made = {"note": (None, note), "based_on": (current, version)}
    audit.record(con, scope.user, audit.INSERT, VERSION_TABLE, f"{project_id}/{version}", made, project_id)
    for (person, wp_code, year), (old, new) in changed.items():
        action = audit.INSERT if old is None else audit.DELETE if new is None else audit.UPDATE
        key = f"{version}/{person}/{wp_code}/{year}"
        audit.record(con, scope.user, action, TABLE, key, {"person_months": (old, new)}, project_id)
    return version


def _deny(con: db.Connection, project_id: str, scope: Scope) -> None:
    """Log the refused attempt (in its own transaction: nothing else is written) and raise."""
    with db.transaction(con):
        audit.record(con, scope.user, DENIED, TABLE, "save_version", {"role": (None, scope.role)}, project_id)
    raise AccessDenied(f"{scope.user} ({scope.role}) may not change the effort plan of project {project_id!r}")
