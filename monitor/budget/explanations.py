"""Explained deviations: why a year's actual cost of a cost category deviates from the plan.

The accounts report explains deviations from the cost plan (DOMAIN.md). The leader writes one explanation per
year × cost category for the whole project, and, where one partner's figures need their own words, per partner
too. An explanation is free text in the language the leader writes it (the funder reads what was written; it is
not translated). Leaders and admins write them, versioned and audited; a partner user reads the project-wide
ones and its own partner's, and writes none.

`unexplained` lists the deviations that need an explanation and have none: actual against the current plan per
cost category × year (and per partner where that partner's own deviation passes the threshold), in years that
have ended by the as-of date, above the configured threshold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.budget.load import BudgetData, actual_by_year
from monitor.codes import COST_CATEGORIES
from monitor.errors import Conflict, Invalid, NotFound, Notice, Problem
from monitor.i18n import t
from monitor.money import from_ore, share, to_ore_column

TABLE = "deviation_explanation"
MAX_TEXT = 4000
HUNDRED = Decimal(100)
COLUMNS = ["explanation_id", "year", "cost_category", "partner_id", "text", "written_by", "written_at"]
DEVIATION_COLUMNS = ["year", "cost_category", "partner_id", "planned", "actual", "deviation", "deviation_pct"]


@dataclass(frozen=True)
class Threshold:
    """A deviation needs an explanation when BOTH its share of the plan and its amount exceed these: a share
    alone would flag a 40 % miss on a NOK 20 000 travel line that nobody asks about, an amount alone a 2 % miss
    on a NOK 3 M personnel line that is ordinary noise; the funder asks about deviations that are large in both
    senses. A cost without any plan (planned 0) passes any share."""

    pct: Decimal = Decimal(10)
    amount: Decimal = Decimal(50000)

    @classmethod
    def from_settings(cls, settings) -> Threshold:
        return cls(Decimal(settings["deviations.threshold_pct"]), Decimal(settings["deviations.threshold_amount"]))

    def passed(self, planned: Decimal, deviation: Decimal) -> bool:
        if abs(deviation) <= self.amount:
            return False
        return planned == 0 or abs(deviation) * HUNDRED > self.pct * abs(planned)


# --- reading -----------------------------------------------------------------------------------


def read(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """explanation_id, year, cost_category, partner_id (None: the whole project), text, written_by, written_at,
    is_sample_data, version. A partner user gets the project-wide ones and its own partner's."""
    scope.require_project(project_id)
    frame = db.query(con, "deviation_explanations", project_id=project_id, partner_id=scope.partner_filter())
    return frame.astype(object).where(frame.notna(), None)


# --- writing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One explanation as written: `version` is the one the editor read (None: there was none)."""

    year: int
    cost_category: str
    partner_id: str | None
    text: str
    version: int | None = None


def save(con: db.Connection, project_id: str, entry: Entry, scope: Scope, now: dt.datetime) -> int:
    """Write an explanation (leaders and admins); returns its new version. Raises AccessDenied, Invalid (nothing
    written) or Conflict (someone saved it since the editor read it; nothing written)."""
    scope.require_edit(project_id)
    text = _checked(con, project_id, entry)
    keyed = {
        "project_id": project_id,
        "year": int(entry.year),
        "cost_category": entry.cost_category,
        "partner_id": entry.partner_id or None,
    }
    try:
        with db.transaction(con):
            return _write(con, keyed, entry.version, text, scope.user, now)
    except db.ConstraintBroken:  # another editor wrote the first explanation of this key meanwhile
        raise _conflict(con, keyed) from None


def save_all(con: db.Connection, project_id: str, entries: list[Entry], scope: Scope, now: dt.datetime) -> int:
    """Write several explanations (a file's rows) in one transaction, all or nothing; returns how many changed.
    Raises AccessDenied, Invalid naming each bad entry's row (its position + 2: a file's header is row 1), or
    Conflict."""
    scope.require_edit(project_id)
    checked, problems = [], []
    for position, entry in enumerate(entries):
        try:
            checked.append((entry, _checked(con, project_id, entry)))
        except Invalid as refused:
            problems += [Problem(p.file, position + 2, p.column, p.reason) for p in refused.problems]
    if problems:
        raise Invalid(problems, column_label=lambda name, lang: t(f"explanations.field.{name}", lang))
    changed = 0
    try:
        with db.transaction(con):
            for entry, text in checked:
                keyed = _keyed(project_id, entry)
                before = db.records(con, "deviation_explanation_one", **keyed)
                version = entry.version if entry.version is not None or not before else before[0]["version"]
                written = _write(con, keyed, version, text, scope.user, now)
                changed += not before or int(written) != int(before[0]["version"])
    except db.ConstraintBroken:
        raise Conflict(TABLE, project_id, None, None) from None
    return changed


def _keyed(project_id: str, entry: Entry) -> dict:
    return {
        "project_id": project_id,
        "year": int(entry.year),
        "cost_category": entry.cost_category,
        "partner_id": entry.partner_id or None,
    }


def _write(con, keyed: dict, version: int | None, text: str, user: str, now: dt.datetime) -> int:
    existing = db.records(con, "deviation_explanation_one", **keyed)
    row_key = "/".join(str(v or "") for k, v in keyed.items() if k != "project_id")
    if not existing:
        if version is not None:  # it was there when read and is gone now
            raise _conflict(con, keyed)
        written = db.records(con, "deviation_explanation_insert", text=text, written_by=user, written_at=now, **keyed)
        audit.record(con, user, audit.INSERT, TABLE, row_key, {"text": (None, text)}, keyed["project_id"])
        return int(written[0]["version"])
    old = existing[0]
    if version is None or int(old["version"]) != int(version):
        raise _conflict(con, keyed)
    if old["text"] == text:
        return int(old["version"])
    written = db.records(
        con,
        "deviation_explanation_update",
        project_id=keyed["project_id"],
        explanation_id=old["explanation_id"],
        version=int(version),
        text=text,
        written_by=user,
        written_at=now,
    )
    if not written:
        raise _conflict(con, keyed)
    audit.record(con, user, audit.UPDATE, TABLE, row_key, {"text": (old["text"], text)}, keyed["project_id"])
    return int(written[0]["version"])


def _conflict(con, keyed: dict) -> Conflict:
    row_key = "/".join(str(v or "") for k, v in keyed.items() if k != "project_id")
    last = audit.last_change(con, keyed["project_id"], TABLE, row_key)
    return Conflict(TABLE, row_key, *(last or (None, None)))


def _checked(con, project_id: str, entry: Entry) -> str:
    project = db.query(con, "project", project_id=project_id)
    if project.empty:
        raise NotFound(f"no project {project_id!r}")
    start, end = project.iloc[0]["start_date"], project.iloc[0]["end_date"]
    problems = []
    text = (entry.text or "").strip()
    if not text:
        problems.append(_problem("text", "required"))
    elif len(text) > MAX_TEXT:
        problems.append(_problem("text", "too_long", max=MAX_TEXT))
    if entry.cost_category not in COST_CATEGORIES:
        problems.append(_problem("cost_category", "unknown_category", code=str(entry.cost_category)))
    if not start.year <= int(entry.year) <= end.year:
        problems.append(_problem("year", "outside_period", year=int(entry.year), first=start.year, last=end.year))
    partners = set(db.query(con, "partners", project_id=project_id)["partner_id"])
    if entry.partner_id and entry.partner_id not in partners:
        problems.append(_problem("partner_id", "unknown_partner", code=str(entry.partner_id)))
    if problems:
        raise Invalid(problems, column_label=lambda name, lang: t(f"explanations.field.{name}", lang))
    return text


def _problem(column: str, rule: str, **values) -> Problem:
    return Problem(None, None, column, Notice(f"explanations.problem.{rule}", **values))


# --- deviations and which of them are unexplained ------------------------------------------------


def deviations(budget: BudgetData, by_partner: bool = False) -> pd.DataFrame:
    """year, cost_category, partner_id (None unless by_partner), planned (current plan), actual, deviation
    (actual − planned), deviation_pct (of the plan, one decimal; None without a plan): exact to the øre. For a
    partner user the budget holds its own rows only, so these are its own figures."""
    keys = ["year", "cost_category", *(["partner_id"] if by_partner else [])]
    planned = _sum_ore(budget.plan, keys)
    actual = _sum_ore(actual_by_year(budget.data.actual), keys)
    rows = []
    for key in sorted(planned.keys() | actual.keys(), key=str):
        plan, spent = from_ore(planned.get(key, 0)), from_ore(actual.get(key, 0))
        fraction = share(spent - plan, plan, places=Decimal("0.001"))
        rows.append(
            [
                int(key[0]),
                key[1],
                key[2] if by_partner else None,
                plan,
                spent,
                spent - plan,
                None if fraction is None else (fraction * HUNDRED).quantize(Decimal("0.1")),
            ]
        )
    return _nones(pd.DataFrame(rows, columns=DEVIATION_COLUMNS))


def _nones(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None (a partner of the whole project, a share without a plan), never NaN."""
    return frame.astype(object).where(frame.notna(), None)


def _sum_ore(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, int]:
    if frame.empty:
        return {}
    grouped = frame[keys].assign(ore=to_ore_column(frame["amount"]))
    grouped = grouped.assign(year=[int(y) for y in grouped["year"]], cost_category=grouped["cost_category"].fillna(""))
    sums = grouped.groupby(keys, dropna=False)["ore"].sum()
    return {key: int(value) for key, value in sums.items()}


def unexplained(budget: BudgetData, explained: pd.DataFrame, threshold: Threshold) -> pd.DataFrame:
    """The deviations (columns as `deviations`) above the threshold without an explanation, in years that have
    ended by the budget's as-of date: per category × year for the whole project, and per partner where that
    partner's own deviation passes the threshold. A partner's deviation is explained by its own explanation or
    by the project-wide one of its category and year (the leader may explain it there, naming the partner). A
    partner user sees its own partner's rows only (its budget holds no one else's figures)."""
    ended = budget.data.as_of.year  # a year has ended once the as-of date is in a later year
    have = {_key(r["year"], r["cost_category"], r["partner_id"]) for r in explained.to_dict("records")}
    frames = [] if budget.partner_id else [deviations(budget)]
    frames.append(deviations(budget, by_partner=True))
    rows = []
    for frame in frames:
        for row in frame.to_dict("records"):
            own = _key(row["year"], row["cost_category"], row["partner_id"])
            whole = _key(row["year"], row["cost_category"], None)
            if row["year"] >= ended or not threshold.passed(row["planned"], row["deviation"]):
                continue
            if own in have or whole in have:
                continue
            rows.append(row)
    return _nones(pd.DataFrame(rows, columns=DEVIATION_COLUMNS))


def _key(year, category, partner) -> tuple[int, str, str]:
    return int(year), category or "", partner or ""
